/**
 * The losses of a model spec in TF.js, per sample, on the outputs of `modelForward` (final
 * softmax or sigmoid fused into the loss), with top-1 correctness.
 * @module
 */
import type { Tensor, Tensor1D, Tensor2D } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";
import type { LossName } from "../model/spec.ts";

/** Keras's epsilon: probabilities are clipped to [epsilon, 1 - epsilon] before the log. */
export const PROBABILITY_EPSILON = 1e-7;

/** Outputs as Keras reads probabilities: divided by their sum, then clipped. */
const keepProbabilities = (tf: Tfjs, outputs: Tensor2D): Tensor =>
  tf.clipByValue(
    tf.div(outputs, tf.sum(outputs, 1, true)),
    PROBABILITY_EPSILON,
    1 - PROBABILITY_EPSILON,
  );

/**
 * Per-sample loss and whether each prediction is right.
 *
 * - softmax cross-entropy: logsumexp(z) - z_y;
 * - binary cross-entropy on a logit z with label y in {0, 1}: max(z, 0) - z y + log(1 + e^-|z|);
 * - MSE: mean over outputs of (z - onehot(y))^2;
 * - probability cross-entropy (Keras `categorical_crossentropy`, `from_logits` false): p = z /
 *   sum(z), clipped to [1e-7, 1 - 1e-7], then -log p_y.
 *
 * @param tf TF.js.
 * @param loss Which loss.
 * @param outputs Model outputs `[n, k]` (logits).
 * @param labels Labels `[n]`, int32.
 * @returns Loss `[n]` and correctness `[n]` (1 or 0); the correctness is computed when first read
 *   (training never reads it), so read it inside the same `tf.tidy` as the loss.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { perSampleLoss } from "./losses.ts";
 * const tf = await loadTfjs();
 * const { loss } = perSampleLoss(tf, "mse", tf.tensor2d([[1, 0]]), tf.tensor1d([0], "int32"));
 * loss.print(); // [0]
 * ```
 */
export function perSampleLoss(
  tf: Tfjs,
  loss: LossName,
  outputs: Tensor2D,
  labels: Tensor1D,
): { loss: Tensor1D; correct: Tensor1D } {
  if (loss === "binary-cross-entropy") {
    const z = tf.reshape(outputs, [-1]) as Tensor1D;
    const y = tf.cast(labels, "float32");
    const perSample = tf.add(
      tf.sub(tf.relu(z), tf.mul(z, y)),
      tf.log1p(tf.exp(tf.neg(tf.abs(z)))),
    ) as Tensor1D;
    return lazyCorrect(
      perSample,
      () => tf.cast(tf.equal(tf.cast(tf.greater(z, 0), "int32"), labels), "float32") as Tensor1D,
    );
  }
  const classes = outputs.shape[1];
  const target = tf.oneHot(labels, classes);
  const perSample: Tensor = loss === "mse"
    ? tf.mean(tf.squaredDifference(outputs, target), 1)
    : loss === "probability-cross-entropy"
    ? tf.neg(tf.sum(tf.mul(target, tf.log(keepProbabilities(tf, outputs))), 1))
    : tf.sub(tf.logSumExp(outputs, 1), tf.sum(tf.mul(outputs, target), 1));
  return lazyCorrect(
    perSample as Tensor1D,
    () => tf.cast(tf.equal(tf.argMax(outputs, 1), labels), "float32") as Tensor1D,
  );
}

function lazyCorrect(loss: Tensor1D, correct: () => Tensor1D) {
  let value: Tensor1D | undefined;
  return {
    loss,
    get correct() {
      return value ??= correct();
    },
  };
}
