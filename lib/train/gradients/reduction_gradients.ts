/**
 * Gradients of the reductions. With the reduced axes kept as size 1 and broadcast back:
 *   Sum: dx = dy                      Mean: dx = dy / (number of reduced elements)
 *   Max: dx = dy [x = max]            (every tied maximum gets the whole dy, as in TF.js)
 * The operations run in the order TF.js's own gradients use (bit-for-bit the same training).
 * @module
 */
import type { GradConfig, NamedAttrMap, Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../tfjs.ts";
import { keptShape, normaliseAxes } from "./axes.ts";

/**
 * The gradient configs of Sum, Mean and Max.
 *
 * @param tf TF.js.
 * @returns One config per kernel, for `tf.registerGradient`.
 * @example
 * ```ts
 * import { loadTfjs } from "../tfjs.ts";
 * import { reductionGradients } from "./reduction_gradients.ts";
 * const tf = await loadTfjs();
 * console.log(reductionGradients(tf).map((config) => config.kernelName)); // ["Sum", "Mean", "Max"]
 * ```
 */
export function reductionGradients(tf: Tfjs): GradConfig[] {
  // dy reshaped to the input's rank and spread over the reduced axes.
  const spread = (dy: Tensor, x: Tensor, axes: number[]) =>
    tf.mul(tf.reshape(dy, keptShape(x.shape, axes)), tf.ones(x.shape, "float32"));
  return [
    {
      kernelName: "Sum",
      inputsToSave: ["x"],
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
        const [x] = saved;
        const axes = normaliseAxes(attrs.axis, x.rank);
        return { x: () => spread(dy as Tensor, x, axes) };
      },
    },
    {
      kernelName: "Mean",
      inputsToSave: ["x"],
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
        const [x] = saved;
        const axes = normaliseAxes(attrs.axis, x.rank);
        const count = axes.reduce((product, axis) => product * x.shape[axis], 1);
        return { x: () => tf.div(spread(dy as Tensor, x, axes), count) };
      },
    },
    {
      kernelName: "Max",
      inputsToSave: ["x"],
      outputsToSave: [true],
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
        const [x, max] = saved;
        const kept = keptShape(x.shape, normaliseAxes(attrs.reductionIndices, x.rank));
        return {
          x: () => {
            const atMax = tf.cast(tf.equal(x, tf.reshape(max, kept)), "float32");
            return tf.mul(tf.reshape(dy as Tensor, kept), atMax);
          },
        };
      },
    },
  ];
}
