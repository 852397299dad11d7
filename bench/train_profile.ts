/**
 * Where a training step's time goes, by process CPU time rather than the wall clock (on a
 * shared machine the wall clock mostly measures the neighbours). One step of a preset: batch 64
 * of MNIST digits, forward, loss, gradients copied into the flat gradient vector.
 *
 * 1. Training's step (`createBatchGradients`: a dense stack back-propagated by hand, any other
 *    model through the tape with the one-op softmax cross-entropy) against the step as it was
 *    before (TF.js's tape over the stock loss composition, `dataSync` per gradient), alternating
 *    blocks of 25 steps after a warm-up; the median block of each, in ms per step, and their
 *    ratio. Then the optimiser's update (SGD + momentum on the flat vector) alone.
 * 2. Training's step under `tf.profile` (20 steps), kernels grouped by name and input shapes,
 *    largest first, per step; the profiler reads every output back, which inflates small kernels.
 * 3. For a model without batch norm or dropout: the step on two threads (half the batch on a
 *    Worker, `createSplitGradients`) against one, alternating blocks of 25 steps: wall clock and
 *    the process's CPU time (both threads) per step, medians. The wall ratio needs an idle core.
 * 4. The first conv layer's filter gradient on its own (`conv2dFilterGradient` on [64, 28, 28, 1]
 *    with a 3x3x1x16 filter: im2col written transposed by a host pass, then one matMul) against
 *    the way it was made before (a one-hot depthwise convolution and the backend's Transpose),
 *    alternating blocks of 20, median CPU ms.
 *
 * Run: `deno run --allow-read=. bench/train_profile.ts [mlp|cnn|resnet-tiny]`.
 * @module
 */
import type { Scalar, Tensor4D, Variable } from "npm:@tensorflow/tfjs-core@4.22.0";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { loadMnistDigits } from "../lib/data/mnist.ts";
import { preset, type PresetName } from "../lib/model/presets.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { initializeModel } from "../lib/model/init_model.ts";
import { modelForward } from "../lib/train/model_forward.ts";
import { perSampleLoss } from "../lib/train/losses.ts";
import { createBatchGradients } from "../lib/train/batch_gradients.ts";
import { createOptimizer } from "../lib/train/optimizers.ts";
import { processCpuMs } from "./process_cpu.ts";
import { createSplitGradients } from "../lib/train/split_gradients.ts";
import { splitBlocker } from "../lib/train/train_threads.ts";
import { conv2dFilterGradient } from "../lib/train/conv_gradient.ts";

const name = (Deno.args[0] ?? "cnn") as PresetName;
const tf = await loadTfjs();
// The WASM backend times kernels with the wall clock; swap in the process's CPU clock.
Object.assign(tf.backend(), {
  time(run: () => void) {
    const start = processCpuMs();
    run();
    return Promise.resolve({ kernelMs: processCpuMs() - start });
  },
});
const { train } = await loadMnistDigits({ trainSize: 64, testSize: 1 });
const model = resolveModel(preset(name));
const layout = modelLayout(model);
const values = initializeModel(model, layout, 0);
const variables = new Map<string, Variable>();
const fixed = new Map<string, ReturnType<typeof tf.tensor>>();
for (const slot of layout.tensors) {
  const initial = tf.tensor(values.subarray(slot.offset, slot.offset + slot.size), slot.shape);
  if (slot.role.startsWith("moving-")) fixed.set(slot.name, initial);
  else variables.set(slot.name, tf.variable(initial));
}
const param = (key: string) => variables.get(key) ?? fixed.get(key)!;
const grads = new Float32Array(layout.size);
const gradients = createBatchGradients(tf, model, layout, param, variables, 0);
const trainingStep = () => gradients(train.x, train.y, 0, grads, new Map());
const tapeStep = () =>
  tf.tidy(() => {
    const x = tf.tensor2d(train.x, [64, 784]);
    const labels = tf.tensor1d(train.y, "int32");
    const { grads: byVariable } = tf.variableGrads(() => {
      const outputs = modelForward(tf, model, param, x, { training: true });
      return tf.mean(perSampleLoss(tf, model.spec.loss, outputs, labels).loss) as Scalar;
    }, [...variables.values()]);
    for (const slot of layout.tensors) {
      const gradient = byVariable[variables.get(slot.name)?.name ?? ""];
      if (gradient) grads.set(gradient.dataSync() as Float32Array, slot.offset);
    }
  });
const median = (list: number[]) => list.sort((a, b) => a - b)[list.length >> 1];
const blocks = (run: () => void, count: number) => {
  const start = processCpuMs();
  for (let i = 0; i < count; i++) run();
  return (processCpuMs() - start) / count;
};
for (let i = 0; i < 20; i++) trainingStep(), tapeStep();
const times = { training: [] as number[], tape: [] as number[] };
for (let round = 0; round < 12; round++) {
  times.training.push(blocks(trainingStep, 25));
  times.tape.push(blocks(tapeStep, 25));
}
const [ours, before] = [median(times.training), median(times.tape)];
console.log(`${name}: one step of 64 digits, ${ours.toFixed(2)} ms CPU (training's step)`);
console.log(
  `  before: ${before.toFixed(2)} ms CPU (TF.js tape, stock loss, dataSync); ratio ${
    (before / ours).toFixed(2)
  }x`,
);
const optimizer = createOptimizer({ layout, kind: "momentum", learningRate: 0.05 });
const weights = Float32Array.from(values);
blocks(() => optimizer.step(weights, grads), 20);
const update = median(
  Array.from({ length: 9 }, () => blocks(() => optimizer.step(weights, grads), 20)),
);
console.log(`  optimiser update (momentum, ${layout.size} values): ${update.toFixed(2)} ms CPU`);
const profiled = 20;
const profile = await tf.profile(() => {
  for (let i = 0; i < profiled; i++) trainingStep();
});
const byKernel = new Map<string, number>();
for (const kernel of profile.kernels) {
  const key = `${kernel.name} ${JSON.stringify(kernel.inputShapes)}`;
  byKernel.set(key, (byKernel.get(key) ?? 0) + (kernel.kernelTimeMs as number) / profiled);
}
const rows = [...byKernel].sort((a, b) => b[1] - a[1]);
const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
console.log(
  `kernels per step (${profile.kernels.length / profiled}, mean of ${profiled} steps under ` +
    `tf.profile): ${total.toFixed(2)} ms CPU in all; the largest:`,
);
for (const [key, ms] of rows.slice(0, 15)) console.log(`${ms.toFixed(2).padStart(8)} ms  ${key}`);

if (splitBlocker(model)) {
  console.log("two threads: not for a model with batch norm or dropout");
} else {
  const split = createSplitGradients({
    tf,
    model,
    layout,
    param,
    variables,
    values,
    seed: 0,
    batchSize: 64,
    features: train.features,
  });
  const twoThreadStep = () => split(train.x, train.y, 0, grads);
  const timed = async (run: () => unknown) => {
    const [wall, cpu] = [performance.now(), processCpuMs()];
    for (let i = 0; i < 25; i++) await run();
    return { wall: (performance.now() - wall) / 25, cpu: (processCpuMs() - cpu) / 25 };
  };
  for (let i = 0; i < 10; i++) await twoThreadStep();
  const one = [], two = [];
  for (let round = 0; round < 8; round++) {
    one.push(await timed(trainingStep));
    two.push(await timed(twoThreadStep));
  }
  split.dispose();
  const [oneWall, oneCpu] = [median(one.map((t) => t.wall)), median(one.map((t) => t.cpu))];
  const [twoWall, twoCpu] = [median(two.map((t) => t.wall)), median(two.map((t) => t.cpu))];
  console.log(
    `two threads: ${twoWall.toFixed(2)} ms wall, ${
      twoCpu.toFixed(2)
    } ms CPU per step; one thread ` +
      `${oneWall.toFixed(2)} ms wall, ${oneCpu.toFixed(2)} ms CPU; wall ratio ${
        (oneWall / twoWall).toFixed(2)
      }x`,
  );
}

const image = tf.randomNormal([64, 28, 28, 1], 0, 1, "float32", 1) as Tensor4D;
const imageGradient = tf.randomNormal([64, 28, 28, 16], 0, 1, "float32", 2) as Tensor4D;
const oneHot = tf.tensor4d(
  Float32Array.from({ length: 81 }, (_, k) => k % 10 === 0 ? 1 : 0),
  [3, 3, 1, 9],
);
const hostPatches = () =>
  tf.tidy(() =>
    conv2dFilterGradient(tf, image, imageGradient, [3, 3, 1, 16], [1, 1], "same").dataSync()
  );
const depthwisePatches = () =>
  tf.tidy(() => {
    const patches = tf.reshape(tf.depthwiseConv2d(image, oneHot, 1, "same"), [50176, 9]);
    return tf.matMul(tf.transpose(patches), tf.reshape(imageGradient, [50176, 16])).dataSync();
  });
blocks(hostPatches, 5), blocks(depthwisePatches, 5);
const firstLayer = { host: [] as number[], depthwise: [] as number[] };
for (let round = 0; round < 9; round++) {
  firstLayer.host.push(blocks(hostPatches, 20));
  firstLayer.depthwise.push(blocks(depthwisePatches, 20));
}
const [hostMs, depthwiseMs] = [median(firstLayer.host), median(firstLayer.depthwise)];
console.log(
  `first layer's filter gradient: ${hostMs.toFixed(2)} ms CPU (transposed patches by a host ` +
    `pass); before ${depthwiseMs.toFixed(2)} ms (depthwise + Transpose); ratio ${
      (depthwiseMs / hostMs).toFixed(2)
    }x`,
);
tf.dispose([image, imageGradient, oneHot]);
