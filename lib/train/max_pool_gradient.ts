/**
 * The MaxPool gradient for the WASM backend. Its `MaxPoolGrad` kernel (tfjs-backend-wasm 4.22)
 * loses gradient for some windows (on a [2, 8, 8, 2] input with 2x2 windows it routes 58 of the
 * 64 units of output gradient), and its `MaxPoolWithArgmax` returns wrong positions, so every
 * gradient through a max-pool was wrong. Here the gradient is built from ops that are right on
 * every backend: for each offset (i, j) inside the window, in row-major order, the strided slice
 * of the input at that offset is compared with the pooled output; the first offset holding the
 * maximum takes the output gradient (TensorFlow's tie rule), which is then spread back to the
 * input positions of that offset. Overlapping windows add up.
 * @module
 */
import type { NamedAttrMap, Tensor, Tensor4D } from "npm:@tensorflow/tfjs@4.22.0";
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
  return tf.tidy(() => {
    const [kh, kw] = typeof filterSize === "number" ? [filterSize, filterSize] : filterSize;
    const [sh, sw] = typeof strides === "number" ? [strides, strides] : strides;
    const [n, h, w, c] = x.shape;
    const pooled = tf.maxPool(x, [kh, kw], [sh, sw], padding);
    const [, oh, ow] = pooled.shape;
    const total = (out: number, k: number, s: number, size: number) =>
      padding === "same" ? Math.max((out - 1) * s + k - size, 0) : 0;
    const ph = total(oh, kh, sh, h), pw = total(ow, kw, sw, w);
    const top = Math.floor(ph / 2), left = Math.floor(pw / 2);
    const height = Math.max(h + ph, (oh - 1) * sh + kh),
      width = Math.max(w + pw, (ow - 1) * sw + kw);
    const padded = tf.pad(
      x,
      [[0, 0], [top, height - h - top], [left, width - w - left], [0, 0]],
      -3e38,
    );
    const gradient = tf.reshape(dy, pooled.shape);
    let taken = tf.cast(tf.zerosLike(pooled), "bool");
    let dx = tf.zeros([n, height, width, c]);
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const window = tf.stridedSlice(
          padded,
          [0, i, j, 0],
          [n, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, c],
          [1, sh, sw, 1],
        );
        const first = tf.logicalAnd(tf.equal(window, pooled), tf.logicalNot(taken));
        taken = tf.logicalOr(taken, first);
        const part = tf.where(first, gradient, tf.zerosLike(gradient));
        // Back to input positions: interleave with stride - 1 zeros, then shift by (i, j).
        const spread = tf.reshape(
          tf.pad(tf.reshape(part, [n, oh, 1, ow, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [
            0,
            sw - 1,
          ], [0, 0]]),
          [n, oh * sh, ow * sw, c],
        );
        const placed = tf.slice(
          tf.pad(spread, [[0, 0], [i, Math.max(0, height - oh * sh - i)], [
            j,
            Math.max(0, width - ow * sw - j),
          ], [0, 0]]),
          [0, 0, 0, 0],
          [n, height, width, c],
        );
        dx = tf.add(dx, placed);
      }
    }
    return tf.slice(dx, [0, top, left, 0], [n, h, w, c]) as Tensor4D;
  });
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
