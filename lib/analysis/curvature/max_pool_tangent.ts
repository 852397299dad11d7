/**
 * Max pooling of a value and its tangent: the tangent of each output is the input tangent at
 * the window's maximum (the first one in row-major order on ties).
 * The windows are taken apart with slices and reshapes, whose gradients TF.js has.
 * @module
 */
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../../train/tfjs.ts";
import { windowOutput } from "../../model/resolve.ts";
import type { Dual } from "./activation_tangent.ts";

/**
 * The window elements of every output position, stacked on a new last axis.
 *
 * @param tf TF.js.
 * @param x Input `[n, h, w, c]`.
 * @param size Window `[kh, kw]`.
 * @param strides `[sh, sw]`.
 * @param padding `"same"` or `"valid"`.
 * @param fill Value of padded cells.
 * @returns `[n, oh, ow, c, kh * kw]`.
 * @example
 * ```ts
 * import { loadTfjs } from "../../train/tfjs.ts";
 * import { poolWindows } from "./max_pool_tangent.ts";
 * const tf = await loadTfjs();
 * console.log(poolWindows(tf, tf.zeros([1, 4, 4, 1]), [2, 2], [2, 2], "valid", 0).shape); // [1, 2, 2, 1, 4]
 * ```
 */
export function poolWindows(
  tf: Tfjs,
  x: Tensor,
  size: [number, number],
  strides: [number, number],
  padding: string,
  fill: number,
): Tensor {
  const [n, h, w, c] = x.shape;
  const [kh, kw] = size, [sh, sw] = strides;
  const oh = windowOutput(h, kh, sh, padding), ow = windowOutput(w, kw, sw, padding);
  if (kh === sh && kw === sw && oh * kh <= h && ow * kw <= w) {
    // Windows that tile the input: one reshape and transpose instead of a slice per offset.
    const cropped = tf.slice(x, [0, 0, 0, 0], [n, oh * kh, ow * kw, c]);
    const split = tf.reshape(cropped, [n, oh, kh, ow, kw, c]);
    return tf.reshape(tf.transpose(split, [0, 1, 3, 5, 2, 4]), [n, oh, ow, c, kh * kw]);
  }
  const before = (out: number, k: number, s: number, total: number) =>
    padding === "same" ? Math.floor(Math.max((out - 1) * s + k - total, 0) / 2) : 0;
  const top = before(oh, kh, sh, h), left = before(ow, kw, sw, w);
  // Room for oh * sh rows after every offset < kh, so each slice reshapes into strides.
  const bottom = kh - 1 + oh * sh - h - top, right = kw - 1 + ow * sw - w - left;
  const padded = tf.pad(x, [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [
    0,
    0,
  ]], fill);
  const parts: Tensor[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const block = tf.slice(padded, [0, i, j, 0], [n, oh * sh, ow * sw, c]);
      const strided = tf.slice(tf.reshape(block, [n, oh, sh, ow, sw, c]), 0, [n, oh, 1, ow, 1, c]);
      parts.push(tf.reshape(strided, [n, oh, ow, c]));
    }
  }
  return tf.stack(parts, 4);
}

/**
 * Max pooling with its tangent.
 *
 * @param tf TF.js.
 * @param x Input value `[n, h, w, c]` and tangent.
 * @param size Window `[kh, kw]`.
 * @param strides `[sh, sw]`.
 * @param padding `"same"` or `"valid"`.
 * @returns The pooled value and tangent.
 * @example
 * ```ts
 * import { loadTfjs } from "../../train/tfjs.ts";
 * import { maxPoolTangent } from "./max_pool_tangent.ts";
 * const tf = await loadTfjs();
 * const x = { value: tf.tensor4d([1, 3, 2, 0], [1, 2, 2, 1]), tangent: tf.tensor4d([10, 20, 30, 40], [1, 2, 2, 1]) };
 * maxPoolTangent(tf, x, [2, 2], [2, 2], "valid").tangent!.print(); // [[[[20]]]]
 * ```
 */
export function maxPoolTangent(
  tf: Tfjs,
  x: Dual,
  size: [number, number],
  strides: [number, number],
  padding: "same" | "valid",
): Dual {
  // The value is taken through the same selection rather than tf.maxPool, whose WASM gradient
  // (MaxPoolGrad) is wrong when there is more than one channel in TF.js 4.22.
  const windows = (t: Tensor, fill: number) => poolWindows(tf, t, size, strides, padding, fill);
  const scores = windows(x.value, -Infinity);
  const winner = tf.cast(tf.oneHot(tf.argMax(scores, 4), size[0] * size[1]), "float32");
  const pick = (t: Tensor) => tf.sum(tf.mul(winner, windows(t, 0)), 4);
  return { value: pick(x.value), tangent: x.tangent ? pick(x.tangent) : null };
}
