// Training's backward passes on the engine's kernel (lib/train/backward_passes.ts) against the
// JavaScript passes they replace, bit for bit: a conv layer's masked output gradient and bias
// gradient (activationBiasGradient), and a non-overlapping max pool's input gradient
// (maxPoolInputGradient), a ReLU's input gradient (reluInputGradient) and batch normalisation in
// training, forward and backward (batchNormTraining), over channel counts that exercise every vector width and the scalar
// tail, with NaNs, zeros and tied windows. The JavaScript passes are checked against TF.js and
// finite differences in tests/train_conv2d_layer.test.ts and tests/train_max_pool_gradient.test.ts.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Tensor, Tensor4D } from "npm:@tensorflow/tfjs-core@4.22.0";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { instantiateKernel } from "../lib/engine/mod.ts";
import { createBackwardPasses } from "../lib/train/backward_passes.ts";
import { activationBiasGradient } from "../lib/train/conv2d_layer.ts";
import { maxPoolInputGradient } from "../lib/train/max_pool_gradient.ts";
import { batchNormTraining, SCRIPT_PASSES } from "../lib/train/batch_norm_training.ts";
import { reluInputGradient } from "../lib/train/relu_gradient.ts";
import { createRng } from "../lib/random.ts";

const tf = await loadTfjs();
const passes = createBackwardPasses(await instantiateKernel());

/** The bits of a tensor's values (NaN payloads included), to compare exactly. */
const bits = (t: Tensor) =>
  Array.from(new Uint32Array((t.dataSync() as Float32Array).slice().buffer));

/** Normal values, some exactly zero and some NaN. */
function values(count: number, seed: number, nans: number): Float32Array {
  const rng = createRng(seed);
  const out = Float32Array.from({ length: count }, () => rng.normal());
  for (let i = 0; i < count; i += 7) out[i] = 0;
  for (let i = 0; i < nans; i++) out[Math.floor(rng.uniform() * count)] = NaN;
  return out;
}

describe("backward passes on the kernel", () => {
  for (const channels of [1, 3, 16, 21, 32]) {
    for (const activation of ["relu", "linear"] as const) {
      it(`mask and bias sums equal JavaScript's, ${channels} channels, ${activation}`, () => {
        const shape = [3, 5, 7, channels];
        const count = shape.reduce((a, b) => a * b, 1);
        const dy = tf.tensor(values(count, channels, 2), shape);
        const y = tf.relu(tf.tensor(values(count, channels + 100, 2), shape));
        const before = tf.memory().numTensors;
        const [dzKernel, dbKernel] = activationBiasGradient(tf, dy, y, activation, passes);
        const [dzScript, dbScript] = activationBiasGradient(tf, dy, y, activation);
        assert.deepEqual(bits(dzKernel), bits(dzScript));
        assert.deepEqual(bits(dbKernel), bits(dbScript));
        tf.dispose([dzKernel, dbKernel, dzScript, dbScript]);
        assert.equal(tf.memory().numTensors, before, "no tensor left behind");
        tf.dispose([dy, y]);
      });
    }
  }

  const pools: [number[], number, "same" | "valid"][] = [
    [[2, 28, 28, 16], 2, "valid"],
    [[2, 14, 14, 32], 2, "same"],
    [[1, 5, 7, 3], 2, "valid"], // a last row and column no window covers
    [[2, 5, 7, 5], 2, "same"],
    [[1, 7, 8, 6], 3, "same"],
  ];
  for (const [shape, size, padding] of pools) {
    it(`max-pool gradient equals JavaScript's, ${shape.join("x")}, ${size}x${size}, ${padding}`, () => {
      const count = shape.reduce((a, b) => a * b, 1);
      // Rounded to quarters: windows with ties, where the first maximum takes the gradient.
      const x = tf.tensor4d(
        values(count, count, 1).map((v) => Math.round(4 * v) / 4),
        shape as never,
      );
      const pooled = tf.maxPool(x, size, size, padding);
      const dy = tf.tensor(values(pooled.size, 3, 0), pooled.shape);
      const before = tf.memory().numTensors;
      const kernel = maxPoolInputGradient(tf, x, dy, size, size, padding, pooled, passes);
      const script = maxPoolInputGradient(tf, x, dy, size, size, padding, pooled);
      assert.deepEqual(bits(kernel), bits(script));
      tf.dispose([kernel, script]);
      assert.equal(tf.memory().numTensors, before, "no tensor left behind");
      tf.dispose([x, pooled, dy]);
    });
  }

  it("leaves training's registered max-pool gradient as the JavaScript pass computes it", () => {
    const x = tf.tensor4d(values(2 * 8 * 8 * 4, 9, 0), [2, 8, 8, 4]);
    const dPooled = tf.tensor4d(values(2 * 4 * 4 * 4, 10, 0), [2, 4, 4, 4]);
    const registered = tf.grad((v: Tensor) =>
      tf.sum(tf.mul(tf.maxPool(v as Tensor4D, 2, 2, "valid"), dPooled))
    )(x);
    const script = maxPoolInputGradient(tf, x, dPooled, 2, 2, "valid");
    assert.deepEqual(bits(registered), bits(script));
    tf.dispose([x, dPooled, registered, script]);
  });
  for (const shape of [[64, 6, 5, 16], [3, 4, 5, 21], [7, 3], [5, 1]]) {
    it(`batch norm in training equals JavaScript's, ${shape.join("x")}`, () => {
      const channels = shape[shape.length - 1];
      const count = shape.reduce((a, b) => a * b, 1);
      const x = tf.tensor(values(count, count, 0).map((v) => 3 * v + 1), shape);
      const gamma = tf.tensor1d(values(channels, 1, 0).map((v) => 1 + v / 4));
      const beta = tf.tensor1d(values(channels, 2, 0));
      const weights = tf.tensor(values(count, 4, 0), shape);
      const run = (passes: typeof SCRIPT_PASSES) => {
        const statistics: Tensor[] = [];
        const f = (input: Tensor, g: Tensor, b: Tensor) =>
          tf.sum(tf.mul(
            batchNormTraining(tf, input, g, b, 1e-3, (m, v) =>
              statistics.push(tf.keep(m), tf.keep(v)), passes),
            weights,
          ));
        const { value, grads } = tf.valueAndGrads(f)([x, gamma, beta]);
        return [value, ...grads, ...statistics];
      };
      const before = tf.memory().numTensors;
      const kernel = run(passes.batchNorm), script = run(SCRIPT_PASSES);
      kernel.forEach((t, i) => assert.deepEqual(bits(t), bits(script[i]), `output ${i}`));
      tf.dispose([...kernel, ...script]);
      assert.equal(tf.memory().numTensors, before, "no tensor left behind");
      tf.dispose([x, gamma, beta, weights]);
    });
  }

  it("the ReLU gradient equals JavaScript's (NaN, zeros, 1 to 21 channels)", () => {
    for (const shape of [[4, 9, 16], [3, 21], [10], [2, 3, 1]]) {
      const count = shape.reduce((a, b) => a * b, 1);
      const dy = tf.tensor(values(count, 5, 2), shape), x = tf.tensor(values(count, 6, 2), shape);
      const kernel = reluInputGradient(tf, dy, x, passes), script = reluInputGradient(tf, dy, x);
      assert.deepEqual(bits(kernel), bits(script), shape.join("x"));
      tf.dispose([dy, x, kernel, script]);
    }
  });
});
