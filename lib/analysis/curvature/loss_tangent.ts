/**
 * The directional derivative of each sample's loss, given the model outputs and their tangent:
 * dL = (softmax(z) - onehot(y)) . dz for softmax cross-entropy, (sigmoid(z) - y) dz for binary
 * cross-entropy, mean_k 2 (z_k - onehot(y)_k) dz_k for MSE, and -(dz_y / z_y - sum dz / sum z)
 * for Keras's cross-entropy on probabilities where its clip is inactive (the losses of
 * lib/train/losses.ts).
 * @module
 */
import type { Tensor, Tensor1D } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../../train/tfjs.ts";
import type { LossName } from "../../model/spec.ts";
import { PROBABILITY_EPSILON } from "../../train/losses.ts";

/**
 * Per-sample loss tangent.
 *
 * @param tf TF.js.
 * @param loss Which loss.
 * @param outputs Model outputs `[n, k]` (logits when the final activation is fused).
 * @param tangent Their tangent `[n, k]`.
 * @param labels Labels `[n]`, int32.
 * @returns The tangent of each sample's loss, `[n]`.
 * @example
 * ```ts
 * import { loadTfjs } from "../../train/tfjs.ts";
 * import { lossTangent } from "./loss_tangent.ts";
 * const tf = await loadTfjs();
 * const d = lossTangent(tf, "mse", tf.tensor2d([[2, 0]]), tf.tensor2d([[1, 0]]), tf.tensor1d([0], "int32"));
 * d.print(); // [1]
 * ```
 */
export function lossTangent(
  tf: Tfjs,
  loss: LossName,
  outputs: Tensor,
  tangent: Tensor,
  labels: Tensor1D,
): Tensor1D {
  if (loss === "binary-cross-entropy") {
    const z = tf.reshape(outputs, [-1]);
    const y = tf.cast(labels, "float32");
    return tf.mul(tf.sub(tf.sigmoid(z), y), tf.reshape(tangent, [-1])) as Tensor1D;
  }
  const classes = outputs.shape[1]!;
  const target = tf.cast(tf.oneHot(labels, classes), "float32");
  if (loss === "probability-cross-entropy") {
    // L = -log clip(o_y / sum o): dL = -(do_y / o_y - sum do / sum o) where the clip is inactive.
    const total = tf.sum(outputs, 1), picked = tf.sum(tf.mul(outputs, target), 1);
    const ratio = tf.div(picked, total).dataSync();
    // The clip's mask is piecewise constant in the weights: a constant, outside the gradient.
    const inside = tf.tensor1d(
      Array.from(ratio, (p) => (p > PROBABILITY_EPSILON && p < 1 - PROBABILITY_EPSILON ? 1 : 0)),
    );
    const slope = tf.sub(
      tf.div(tf.sum(tf.mul(tangent, target), 1), picked),
      tf.div(tf.sum(tangent, 1), total),
    );
    return tf.neg(tf.mul(inside, slope)) as Tensor1D;
  }
  const slope: Tensor = loss === "mse"
    ? tf.mul(2 / classes, tf.sub(outputs, target))
    : tf.sub(tf.softmax(outputs), target);
  return tf.sum(tf.mul(slope, tangent), 1) as Tensor1D;
}
