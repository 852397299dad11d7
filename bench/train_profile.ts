/**
 * Where a training step's time goes: one step of a preset (batch 64 of MNIST digits, forward,
 * loss, gradients) under `tf.profile`, its kernels timed by process CPU time rather than the wall
 * clock (on a shared machine the wall clock mostly measures the neighbours), grouped by kernel
 * and input shapes, largest first. The step's own CPU time (mean of 10, after 3 warm-up steps)
 * comes first: the difference from the kernel total is TF.js's bookkeeping.
 *
 * Run: `deno run --allow-read=. bench/train_profile.ts [mlp|cnn|resnet-tiny]`.
 * @module
 */
import process from "node:process";
import type { Tensor, Variable } from "npm:@tensorflow/tfjs-core@4.22.0";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { loadMnistDigits } from "../lib/data/mnist.ts";
import { preset, type PresetName } from "../lib/model/presets.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { initializeModel } from "../lib/model/init_model.ts";
import { modelForward } from "../lib/train/model_forward.ts";
import { perSampleLoss } from "../lib/train/losses.ts";

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const name = (Deno.args[0] ?? "cnn") as PresetName;
const tf = await loadTfjs();
// The WASM backend times kernels with the wall clock; swap in the process's CPU clock.
Object.assign(tf.backend(), {
  time(run: () => void) {
    const start = cpuMs();
    run();
    return Promise.resolve({ kernelMs: cpuMs() - start });
  },
});
const { train } = await loadMnistDigits({ trainSize: 64, testSize: 1 });
const model = resolveModel(preset(name));
const layout = modelLayout(model);
const values = initializeModel(model, layout, 0);
const params = new Map<string, Tensor>();
const trainable: Variable[] = [];
for (const slot of layout.tensors) {
  const initial = tf.tensor(values.subarray(slot.offset, slot.offset + slot.size), slot.shape);
  if (slot.role.startsWith("moving-")) params.set(slot.name, initial);
  else {
    trainable.push(tf.variable(initial));
    params.set(slot.name, trainable.at(-1)!);
  }
}
const step = () =>
  tf.tidy(() => {
    const x = tf.tensor2d(train.x, [64, 784]);
    const labels = tf.tensor1d(train.y, "int32");
    const { grads } = tf.variableGrads(() => {
      const outputs = modelForward(tf, model, (key) => params.get(key)!, x, { training: true });
      return tf.mean(perSampleLoss(tf, model.spec.loss, outputs, labels).loss);
    }, trainable);
    for (const gradient of Object.values(grads)) gradient.dataSync();
  });
for (let i = 0; i < 3; i++) step();
const start = cpuMs();
for (let i = 0; i < 10; i++) step();
console.log(`${name}: one step of 64 digits, ${((cpuMs() - start) / 10).toFixed(1)} ms CPU`);
const profile = await tf.profile(step);
const byKernel = new Map<string, number>();
for (const kernel of profile.kernels) {
  const key = `${kernel.name} ${JSON.stringify(kernel.inputShapes)}`;
  byKernel.set(key, (byKernel.get(key) ?? 0) + (kernel.kernelTimeMs as number));
}
const rows = [...byKernel].sort((a, b) => b[1] - a[1]);
const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
console.log(`kernels: ${total.toFixed(1)} ms CPU in all; the largest:`);
for (const [key, ms] of rows.slice(0, 15)) console.log(`${ms.toFixed(2).padStart(8)} ms  ${key}`);
