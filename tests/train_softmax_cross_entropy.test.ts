// The training loss op, mean softmax cross-entropy with its closed-form gradient, against two
// independent references: TF.js's stock composition (perSampleLoss, differentiated by TF.js)
// and central finite differences of the loss written from its definition in float64.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Tensor, Tensor2D } from "npm:@tensorflow/tfjs-core@4.22.0";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { perSampleLoss } from "../lib/train/losses.ts";
import {
  softmaxCrossEntropyOnHost,
  softmaxCrossEntropyTraining,
} from "../lib/train/softmax_cross_entropy_training.ts";
import { createRng } from "../lib/random.ts";

const close = (
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tolerance: number,
  what: string,
) => {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < want.length; i++) {
    assert.ok(
      Math.abs(got[i] - want[i]) <= tolerance * (1 + Math.abs(want[i])),
      `${what}[${i}]: ${got[i]} vs ${want[i]}`,
    );
  }
};

/** mean_i (log sum_j exp z_ij - z_i,y), straight from the definition (no max shift). */
const definition = (z: Float64Array, labels: Int32Array, classes: number) => {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += Math.exp(z[i * classes + j]);
    total += Math.log(sum) - z[i * classes + labels[i]];
  }
  return total / labels.length;
};

const batch = (count: number, classes: number, scale: number, seed: number) => {
  const rng = createRng(seed);
  return {
    logits: Float32Array.from({ length: count * classes }, () => scale * rng.normal()),
    labels: Int32Array.from({ length: count }, () => rng.int(classes)),
  };
};

describe("softmax cross-entropy for training", () => {
  it("value and gradient equal TF.js's stock composition (awkward sizes, large logits)", async () => {
    const tf = await loadTfjs();
    for (const [count, classes, scale] of [[1, 2, 1], [3, 3, 4], [5, 10, 30], [64, 10, 2]]) {
      const { logits, labels } = batch(count, classes, scale, count + classes);
      const before = tf.memory().numTensors;
      const [ours, stock] = [true, false].map((fused) =>
        tf.tidy(() => {
          const loss = (z: Tensor2D) =>
            fused ? softmaxCrossEntropyTraining(tf, z, labels) : tf.mean(
              perSampleLoss(tf, "softmax-cross-entropy", z, tf.tensor1d(labels, "int32")).loss,
            );
          const { value, grad } = tf.valueAndGrad(loss)(tf.tensor2d(logits, [count, classes]));
          return { value: value.dataSync()[0], grad: grad.dataSync() };
        })
      );
      assert.equal(tf.memory().numTensors, before, "no tensor left");
      close([ours.value], [stock.value], 1e-6, `${count}x${classes} value`);
      close(ours.grad, stock.grad, 1e-6, `${count}x${classes} gradient`);
    }
  });

  it("gradient equals central finite differences of the float64 definition", () => {
    const [count, classes] = [4, 5];
    const { logits, labels } = batch(count, classes, 1.5, 11);
    const gradient = new Float32Array(count * classes);
    const value = softmaxCrossEntropyOnHost(logits, labels, classes, gradient);
    const z = Float64Array.from(logits);
    close([value], [definition(z, labels, classes)], 1e-12, "value");
    const h = 1e-6;
    const numeric = z.map((_, i) => {
      const plus = Float64Array.from(z), minus = Float64Array.from(z);
      plus[i] += h;
      minus[i] -= h;
      return (definition(plus, labels, classes) - definition(minus, labels, classes)) / (2 * h);
    });
    close(gradient, numeric, 1e-6, "gradient");
  });

  it("scales its gradient by the incoming one, and stays finite for logits of 1e4", async () => {
    const tf = await loadTfjs();
    const logits = new Float32Array([1e4, -1e4, 0, 0, 3, -3]);
    const labels = new Int32Array([1, 0, 1]);
    const expected = new Float32Array(6);
    const value = softmaxCrossEntropyOnHost(logits, labels, 2, expected);
    assert.ok(Math.abs(value - (2e4 + Math.LN2 + 6 + Math.log1p(Math.exp(-6))) / 3) < 1e-9);
    const grad = tf.tidy(() =>
      tf.grad((z: Tensor) => tf.mul(3, softmaxCrossEntropyTraining(tf, z as Tensor2D, labels)))(
        tf.tensor2d(logits, [3, 2]),
      ).dataSync()
    );
    close(grad, expected.map((g) => 3 * g), 1e-6, "3 x gradient");
  });

  it("NaN logits give a NaN loss; a label outside the classes is refused", () => {
    const gradient = new Float32Array(2);
    assert.ok(
      Number.isNaN(
        softmaxCrossEntropyOnHost(new Float32Array([NaN, 0]), new Int32Array([0]), 2, gradient),
      ),
    );
    assert.throws(
      () => softmaxCrossEntropyOnHost(new Float32Array([0, 0]), new Int32Array([2]), 2, gradient),
      /labels\[0\]: expected a class in \[0, 2\), got 2/,
    );
    assert.throws(
      () => softmaxCrossEntropyOnHost(new Float32Array(3), new Int32Array([0]), 2, gradient),
      RangeError,
    );
  });
});
