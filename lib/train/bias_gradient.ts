/**
 * An Add gradient whose bias case is a product. For z = h + b with a bias b broadcast along the
 * last axis, the bias gradient is dy summed over every other axis; TF.js's WASM backend sums over
 * leading axes by transposing them to the end first (a full copy of dy), while the same column
 * sum as a product, ones[1, rows] dy[rows, k], runs in XNNPACK on dy as it lies. Every other
 * shape keeps TF.js's own Add gradient.
 * @module
 */
import type { GradConfig, NamedAttrMap, Tensor } from "npm:@tensorflow/tfjs@4.22.0";
import type { Tfjs } from "./tfjs.ts";

let stock: GradConfig | undefined;

/**
 * Sums a tensor over every axis but the last: the gradient of a bias added along the last axis.
 *
 * @param tf TF.js.
 * @param dy The output gradient `[..., k]`.
 * @returns The column sums `[k]`.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { biasGradient } from "./bias_gradient.ts";
 * const tf = await loadTfjs();
 * biasGradient(tf, tf.tensor2d([[1, 2], [3, 4]])).print(); // [4, 6]
 * ```
 */
export function biasGradient(tf: Tfjs, dy: Tensor): Tensor {
  return tf.tidy(() => {
    const k = dy.shape[dy.rank - 1];
    const rows = dy.size / k;
    return tf.reshape(tf.matMul(tf.ones([1, rows]), tf.reshape(dy, [rows, k])), [k]);
  });
}

/**
 * Registers the Add gradient above, replacing TF.js's.
 *
 * @param tf TF.js.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { registerBiasGradient } from "./bias_gradient.ts";
 * registerBiasGradient(await loadTfjs()); // loadTfjs already does this
 * ```
 */
export function registerBiasGradient(tf: Tfjs): void {
  stock ??= tf.getGradient("Add");
  const fallback = stock;
  tf.registerGradient({
    kernelName: "Add",
    inputsToSave: ["a", "b"],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const gradient = dy as Tensor;
      const thunks = fallback.gradFunc(dy, saved, attrs);
      const isBias = (x: Tensor) =>
        x.rank === 1 && gradient.rank >= 2 && x.shape[0] === gradient.shape[gradient.rank - 1];
      const [a, b] = saved;
      return {
        a: isBias(a) ? () => biasGradient(tf, gradient) : thunks.a,
        b: isBias(b) ? () => biasGradient(tf, gradient) : thunks.b,
      };
    },
  });
}
