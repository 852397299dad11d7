/**
 * The MaxPool gradient for the WASM backend. Its `MaxPoolGrad` kernel (tfjs-backend-wasm 4.22)
 * loses gradient for some windows (on a [2, 8, 8, 2] input with 2x2 windows it routes 58 of the
 * 64 units of output gradient), and its `MaxPoolWithArgmax` returns wrong positions, so every
 * gradient through a max-pool was wrong. Here the gradient is built from ops that are right on
 * every backend: one plain pass over the output windows, in which the first input cell holding the
 * window's maximum (row-major, TensorFlow's tie rule) takes the output gradient. Overlapping windows
 * add up. Its values are read to the host, so this gradient is not itself differentiable (second
 * derivatives go through lib/analysis/curvature, which does not use it).
 * @module
 */
import type { NamedAttrMap, Tensor, Tensor4D } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";

/** MaxPool's attributes as TF.js passes them to a gradient function. */
interface MaxPoolAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: "same" | "valid" | number;
}

/**
 * The gradient of a 2D max-pool with respect to its input.
 *
 * @param tf TF.js.
 * @param x Input `[n, h, w, c]`.
 * @param dy Output gradient.
 * @param filterSize Window size.
 * @param strides Strides.
 * @param padding `"same"` or `"valid"`.
 * @returns dx, the shape of `x`.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { maxPoolInputGradient } from "./max_pool_gradient.ts";
 * const tf = await loadTfjs();
 * const x = tf.tensor4d([1, 5, 3, 2, 7, 0, 4, 9], [1, 4, 2, 1]);
 * maxPoolInputGradient(tf, x, tf.ones([1, 2, 1, 1]), 2, 2, "valid").print(); // 1 at 5 and at 9
 * ```
 */
export function maxPoolInputGradient(
  tf: Tfjs,
  x: Tensor4D,
  dy: Tensor,
  filterSize: number | [number, number],
  strides: number | [number, number],
  padding: "same" | "valid",
): Tensor4D {
  const [kh, kw] = typeof filterSize === "number" ? [filterSize, filterSize] : filterSize;
  const [sh, sw] = typeof strides === "number" ? [strides, strides] : strides;
  const [n, h, w, c] = x.shape;
  const oh = padding === "same" ? Math.ceil(h / sh) : Math.floor((h - kh) / sh) + 1;
  const ow = padding === "same" ? Math.ceil(w / sw) : Math.floor((w - kw) / sw) + 1;
  // "same" pads the smaller half before (TensorFlow); padded cells never hold the maximum.
  const top = padding === "same" ? Math.floor(Math.max((oh - 1) * sh + kh - h, 0) / 2) : 0;
  const left = padding === "same" ? Math.floor(Math.max((ow - 1) * sw + kw - w, 0) / 2) : 0;
  const input = x.dataSync() as Float32Array;
  const gradient = dy.dataSync() as Float32Array;
  const dx = new Float32Array(input.length);
  // One pass over the output: the window's first maximum in row-major order takes the output
  // gradient (TensorFlow's tie rule); overlapping windows add up. A window of NaNs routes none.
  for (let b = 0, at = 0; b < n; b++) {
    for (let r = 0; r < oh; r++) {
      for (let q = 0; q < ow; q++) {
        for (let ch = 0; ch < c; ch++, at++) {
          let best = -Infinity, where = -1;
          for (let i = 0; i < kh; i++) {
            const row = r * sh + i - top;
            if (row < 0 || row >= h) continue;
            for (let j = 0; j < kw; j++) {
              const col = q * sw + j - left;
              if (col < 0 || col >= w) continue;
              const index = ((b * h + row) * w + col) * c + ch;
              if (input[index] > best || where < 0 && input[index] === best) {
                best = input[index];
                where = index;
              }
            }
          }
          if (where >= 0) dx[where] += gradient[at];
        }
      }
    }
  }
  return tf.tensor4d(dx, [n, h, w, c]);
}

/**
 * Registers the MaxPool gradient above in place of TF.js's.
 *
 * @param tf TF.js.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { registerMaxPoolGradient } from "./max_pool_gradient.ts";
 * registerMaxPoolGradient(await loadTfjs()); // loadTfjs already does this
 * ```
 */
export function registerMaxPoolGradient(tf: Tfjs): void {
  tf.registerGradient({
    kernelName: "MaxPool",
    inputsToSave: ["x"],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const [x] = saved as [Tensor4D];
      const { filterSize, strides, pad } = attrs as unknown as MaxPoolAttrs;
      if (typeof pad === "number") {
        throw new Error("The MaxPool gradient here supports 'same'/'valid' padding only");
      }
      return { x: () => maxPoolInputGradient(tf, x, dy as Tensor, filterSize, strides, pad) };
    },
  });
}
