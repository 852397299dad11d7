/**
 * The MLP's forward pass in TF.js, over tensors laid out like the flat parameters.
 * @module
 */
import type { Tfjs } from "./tfjs.ts";
import type { Tensor, Tensor2D } from "npm:@tensorflow/tfjs@4.22.0";
import type { MlpSpec } from "../model/mlp.ts";

/**
 * Logits of an MLP: dense layers with the spec's activation between them.
 *
 * @param tf TF.js.
 * @param spec The model.
 * @param tensors One tensor per layout slot, in layout order (kernel, bias, kernel, ...).
 * @param x Inputs `[n, inputSize]`.
 * @returns Logits `[n, classes]`.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { mlpLogits } from "./mlp_forward.ts";
 * const tf = await loadTfjs();
 * const spec = { kind: "mlp" as const, inputSize: 2, hidden: [], classes: 2, activation: "relu" as const };
 * const logits = mlpLogits(tf, spec, [tf.eye(2), tf.zeros([2])], tf.ones([1, 2]));
 * console.log(logits.shape); // [1, 2]
 * ```
 */
export function mlpLogits(tf: Tfjs, spec: MlpSpec, tensors: Tensor[], x: Tensor2D): Tensor2D {
  let h: Tensor2D = x;
  const layers = tensors.length / 2;
  for (let i = 0; i < layers; i++) {
    h = tf.add(tf.matMul(h, tensors[2 * i] as Tensor2D), tensors[2 * i + 1]);
    if (i + 1 < layers && spec.activation === "relu") h = tf.relu(h);
  }
  return h;
}
