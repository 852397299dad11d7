/**
 * The directional derivative of each sample's loss, given the model outputs and their tangent:
 * dL = (softmax(z) - onehot(y)) . dz for softmax cross-entropy, (sigmoid(z) - y) dz for binary
 * cross-entropy, and mean_k 2 (z_k - onehot(y)_k) dz_k for MSE (the losses of
 * lib/train/losses.ts).
 * @module
 */
import type { Tensor, Tensor1D } from "npm:@tensorflow/tfjs@4.22.0";
import type { Tfjs } from "../../train/tfjs.ts";
import type { LossName } from "../../model/spec.ts";

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
  const slope: Tensor = loss === "mse"
    ? tf.mul(2 / classes, tf.sub(outputs, target))
    : tf.sub(tf.softmax(outputs), target);
  return tf.sum(tf.mul(slope, tangent), 1) as Tensor1D;
}
