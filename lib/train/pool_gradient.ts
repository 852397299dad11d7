/**
 * A MaxPool gradient for the WASM backend, about 1.3x faster per training step of the `cnn`
 * preset than the backend's `MaxPoolGrad` kernel (A/B in one process, CPU time). The pooling is
 * redone with `maxPoolWithArgmax`, which records where each window's maximum is (a flat index
 * into the input, batch included), and the output gradient is scattered to those places:
 *
 *   dx[argmax(window)] += dy[window]
 *
 * Overlapping windows that share their maximum add up, as in TF.js's own gradient; a window
 * with tied maxima sends its gradient to one of them (a valid subgradient).
 * @module
 */
import type { GradConfig, NamedAttrMap, Tensor, Tensor4D } from "npm:@tensorflow/tfjs@4.22.0";
import type { Tfjs } from "./tfjs.ts";

/** MaxPool's attributes as TF.js passes them to a gradient function. */
interface MaxPoolAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: "same" | "valid" | number;
  dimRoundingMode?: string;
}

let stock: GradConfig | undefined;

/**
 * The gradient of a 2D max pooling with respect to its input.
 *
 * @param tf TF.js.
 * @param x The pooling's input `[n, h, w, c]`.
 * @param dy The gradient of its output.
 * @param filterSize Window `[kh, kw]` (or one number).
 * @param strides `[sh, sw]` (or one number).
 * @param pad `"same"` or `"valid"`.
 * @returns dx, shaped as x.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { maxPoolInputGradient } from "./pool_gradient.ts";
 * const tf = await loadTfjs();
 * const x = tf.tensor4d([1, 4, 3, 2], [1, 2, 2, 1]);
 * maxPoolInputGradient(tf, x, tf.ones([1, 1, 1, 1]), 2, 2, "valid").print(); // 1 where the 4 is
 * ```
 */
export function maxPoolInputGradient(
  tf: Tfjs,
  x: Tensor4D,
  dy: Tensor,
  filterSize: number | [number, number],
  strides: number | [number, number],
  pad: "same" | "valid",
): Tensor4D {
  return tf.tidy(() => {
    const { indexes } = tf.maxPoolWithArgmax(x, filterSize, strides, pad, true);
    const flat = tf.scatterND(tf.reshape(indexes, [-1, 1]), tf.reshape(dy, [-1]), [x.size]);
    return tf.reshape(flat, x.shape) as Tensor4D;
  });
}

/**
 * Registers the MaxPool gradient above, replacing TF.js's. Numeric padding or a rounding mode
 * (which `maxPoolWithArgmax` does not take) keep TF.js's gradient.
 *
 * @param tf TF.js.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { registerMaxPoolGradient } from "./pool_gradient.ts";
 * registerMaxPoolGradient(await loadTfjs()); // loadTfjs already does this
 * ```
 */
export function registerMaxPoolGradient(tf: Tfjs): void {
  stock ??= tf.getGradient("MaxPool");
  const fallback = stock;
  tf.registerGradient({
    kernelName: "MaxPool",
    inputsToSave: ["x"],
    outputsToSave: [true],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolAttrs;
      if (typeof pad === "number" || (dimRoundingMode !== undefined && dimRoundingMode !== null)) {
        return fallback.gradFunc(dy, saved, attrs);
      }
      const x = saved[0] as Tensor4D;
      return { x: () => maxPoolInputGradient(tf, x, dy as Tensor, filterSize, strides, pad) };
    },
  });
}
