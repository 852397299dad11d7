// The max-pool input gradient (lib/train/max_pool_gradient.ts) against central differences of
// sum(maxPool(x) * dy), computed with TF.js's own forward max-pool: the function is piecewise
// linear in x, so with distinct inputs the differences are exact up to float32 rounding
// (tolerance 1e-3 absolute on unit-sized gradients). Windows that overlap, "same" padding, odd
// sizes, several channels and a batch; and TensorFlow's tie rule on a window of equal values.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { maxPoolInputGradient } from "../lib/train/max_pool_gradient.ts";
import { createRng } from "../lib/random.ts";
import type { Tensor4D } from "npm:@tensorflow/tfjs-core@4.22.0";

const tf = await loadTfjs();

type Case = [
  shape: [number, number, number, number],
  size: number,
  stride: number,
  "same" | "valid",
];
const CASES: Case[] = [
  [[2, 4, 4, 3], 2, 2, "valid"],
  [[1, 5, 7, 2], 3, 1, "same"],
  [[2, 5, 5, 1], 3, 2, "same"],
  [[1, 6, 5, 4], 2, 1, "valid"],
  [[1, 7, 6, 2], 3, 2, "valid"],
  // Windows that tile the input (stride = window): the branch-free pass from the pool's output.
  [[1, 5, 7, 2], 2, 2, "valid"],
  [[2, 5, 7, 3], 2, 2, "same"],
  [[1, 7, 8, 2], 3, 3, "same"],
];

describe("max-pool input gradient", () => {
  for (const [shape, size, stride, padding] of CASES) {
    it(`${shape.join("x")}, ${size}x${size} window, stride ${stride}, ${padding}`, () => {
      const rng = createRng(shape.reduce((a, b) => a * 31 + b, size));
      const count = shape.reduce((a, b) => a * b, 1);
      // Distinct values far apart (no two within the step), in a shuffled order.
      const values = Float32Array.from({ length: count }, (_, i) => i * 0.25 - count / 8);
      for (let i = count - 1; i > 0; i--) {
        const j = Math.floor(rng.uniform() * (i + 1));
        [values[i], values[j]] = [values[j], values[i]];
      }
      const x = tf.tensor4d(values, shape);
      const pooledShape = tf.maxPool(x, size, stride, padding).shape;
      const dy = tf.tensor(
        Float32Array.from({ length: pooledShape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
        pooledShape,
      );
      const before = tf.memory().numTensors;
      const dx = maxPoolInputGradient(tf, x, dy, size, stride, padding);
      const analytic = dx.dataSync();
      dx.dispose();
      assert.equal(tf.memory().numTensors, before, "no tensor left behind");
      const objective = (input: Float32Array) =>
        tf.tidy(() =>
          tf.sum(
            tf.mul(tf.maxPool(tf.tensor4d(input, shape) as Tensor4D, size, stride, padding), dy),
          )
            .dataSync()[0]
        );
      const step = 0.05;
      for (let k = 0; k < count; k++) {
        const plus = Float32Array.from(values), minus = Float32Array.from(values);
        plus[k] += step;
        minus[k] -= step;
        const numeric = (objective(plus) - objective(minus)) / (2 * step);
        assert.ok(
          Math.abs(numeric - analytic[k]) <= 1e-3,
          `cell ${k}: gradient ${analytic[k]}, differences ${numeric}`,
        );
      }
      tf.dispose([x, dy]);
    });
  }

  it("gives a window of equal values' gradient to its first cell (TensorFlow's tie rule)", () => {
    const x = tf.zeros([1, 4, 4, 1]) as Tensor4D;
    const dy = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const dx = maxPoolInputGradient(tf, x, dy, 2, 2, "valid");
    assert.deepEqual(Array.from(dx.dataSync()), [1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0]);
    tf.dispose([x, dy, dx]);
  });

  it("routes nothing from a window of NaNs and all of it from a window of -Infinity", () => {
    const x = tf.tensor4d([NaN, NaN, -Infinity, -Infinity, NaN, NaN, -Infinity, -Infinity], [
      1,
      2,
      4,
      1,
    ]);
    const dy = tf.tensor4d([5, 7], [1, 1, 2, 1]);
    const dx = maxPoolInputGradient(tf, x, dy, 2, 2, "valid");
    assert.deepEqual(Array.from(dx.dataSync()), [0, 0, 7, 0, 0, 0, 0, 0]);
    tf.dispose([x, dy, dx]);
  });

  it("agrees with tf.grad through a max-pool (the registered gradient)", () => {
    const x = tf.tensor4d([1, 5, 3, 2, 7, 0, 4, 9, -1, 6, 8, 2], [1, 3, 4, 1]);
    const dy = tf.ones([1, 2, 2, 1]);
    const viaGrad = tf.grad((input) => tf.maxPool(input as Tensor4D, 2, 2, "same"))(x, dy);
    const direct = maxPoolInputGradient(tf, x, dy, 2, 2, "same");
    assert.deepEqual(Array.from(viaGrad.dataSync()), Array.from(direct.dataSync()));
    tf.dispose([x, dy, viaGrad, direct]);
  });
});
