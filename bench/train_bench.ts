/**
 * Training throughput (samples per second) on the WASM backend against TF.js's CPU backend in
 * the same run, for the default MLP and the `cnn` preset on MNIST digits. Each entry trains one
 * epoch with SGD + momentum, batch 64, through `trainModel` (TF.js gradients, flat optimiser),
 * checkpoint evaluation included only at the start and end of the epoch; samples/s is the
 * number of training samples over the mean time Deno reports.
 *
 * The CPU backend is ~30x slower, so each model trains on a small set (MLP 1,024 digits, CNN
 * 256) and every entry runs a handful of times (n = 3).
 *
 * Run: `deno task bench` (`deno bench --allow-read=. bench/`).
 * @module
 */
import { loadMnistDigits } from "../lib/data/mnist.ts";
import { preset } from "../lib/model/presets.ts";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { trainModel } from "../lib/train/train_model.ts";
import type { ModelSpec } from "../lib/model/spec.ts";

const tf = await loadTfjs();
const mnist = await loadMnistDigits({ seed: 0, trainSize: 1024, testSize: 64 });
const sizes = { mlp: 1024, cnn: 256 } as const;

function dataFor(count: number) {
  const train = {
    ...mnist.train,
    x: mnist.train.x.subarray(0, count * 784),
    y: mnist.train.y.subarray(0, count),
    count,
  };
  return { train, test: mnist.test };
}

async function trainOn(backend: "cpu" | "wasm", spec: ModelSpec, count: number) {
  if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) {
    throw new Error(`TF.js backend ${backend} is not available`);
  }
  await trainModel({ spec, data: dataFor(count), epochs: 1, batchSize: 64 });
}

for (const name of ["mlp", "cnn"] as const) {
  const spec = preset(name);
  const group = `train ${name}, 1 epoch of ${sizes[name]} digits (samples/s = ${
    sizes[name]
  } / mean time)`;
  Deno.bench({
    name: `${name}: TF.js cpu backend`,
    group,
    baseline: true,
    n: 3,
    warmup: 1,
    async fn() {
      await trainOn("cpu", spec, sizes[name]);
    },
  });
  Deno.bench({
    name: `${name}: TF.js wasm backend (losscape's training)`,
    group,
    n: 3,
    warmup: 1,
    async fn() {
      await trainOn("wasm", spec, sizes[name]);
    },
  });
}
