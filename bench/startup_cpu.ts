/**
 * What a first `deno task scan` pays before its training settles, by this process's CPU time
 * (`process.cpuUsage`, user + system: on a shared machine the wall clock mostly measures the
 * neighbours): importing the scan's modules (TF.js among them), starting TF.js's WASM backend
 * (and registering the gradients), then the default MLP's training steps on batches of 64 MNIST
 * digits: the first, the 2nd-5th, and the mean of the 6th-25th. Run it in a fresh process each
 * time (a second import in one process is free).
 *
 * Run: `deno run --allow-read=. bench/startup_cpu.ts` (prints one line per figure).
 * @module
 */
import { processCpuMs } from "./process_cpu.ts";

const cpuAtStart = processCpuMs();
const { runScan } = await import("../lib/run/run_scan.ts");
const imported = processCpuMs();
const { loadTfjs } = await import("../lib/train/tfjs.ts");
const tf = await loadTfjs();
const started = processCpuMs();

const { loadMnistDigits } = await import("../lib/data/mnist.ts");
const { preset } = await import("../lib/model/presets.ts");
const { resolveModel } = await import("../lib/model/resolve.ts");
const { modelLayout } = await import("../lib/model/model_layout.ts");
const { initializeModel } = await import("../lib/model/init_model.ts");
const { modelForward } = await import("../lib/train/model_forward.ts");
const { perSampleLoss } = await import("../lib/train/losses.ts");
const { train } = await loadMnistDigits({ trainSize: 64 * 25, testSize: 1 });
const model = resolveModel(preset("mlp"));
const layout = modelLayout(model);
const values = initializeModel(model, layout, 0);
const weights = layout.tensors.map((slot) =>
  tf.variable(tf.tensor(values.subarray(slot.offset, slot.offset + slot.size), slot.shape))
);
const byName = new Map(layout.tensors.map((slot, i) => [slot.name, weights[i]]));
/** One step: forward, loss, gradients, read back (the CPU it took, in ms). */
const step = (index: number) => {
  const start = processCpuMs();
  tf.tidy(() => {
    const x = tf.tensor2d(train.x.subarray(index * 64 * 784, (index + 1) * 64 * 784), [64, 784]);
    const labels = tf.tensor1d(train.y.subarray(index * 64, (index + 1) * 64), "int32");
    const { grads } = tf.variableGrads(() => {
      const outputs = modelForward(tf, model, (key) => byName.get(key)!, x, { training: true });
      return tf.mean(perSampleLoss(tf, model.spec.loss, outputs, labels).loss);
    });
    for (const gradient of Object.values(grads)) gradient.dataSync();
  });
  return processCpuMs() - start;
};
const steps = Array.from({ length: 25 }, (_, i) => step(i));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
console.log(`import the scan's modules  ${(imported - cpuAtStart).toFixed(0)} ms CPU`);
console.log(`start TF.js (WASM)         ${(started - imported).toFixed(0)} ms CPU`);
console.log(`first training step        ${steps[0].toFixed(1)} ms CPU`);
console.log(`steps 2-5                  ${sum(steps.slice(1, 5)).toFixed(1)} ms CPU`);
console.log(`steps 6-25, mean           ${(sum(steps.slice(5)) / 20).toFixed(2)} ms CPU`);
void runScan;
