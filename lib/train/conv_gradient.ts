/**
 * The Conv2D gradient for the WASM backend, which has no `Conv2DBackpropFilter` kernel (training
 * a convolution fails with "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'").
 * The filter gradient is rewritten as a forward convolution, which the backend has:
 *
 *   dW[i, j, c, o] = sum_{n, y, x} xpad[n, y*s + i, x*s + j, c] * dy[n, y, x, o]
 *
 * is conv2d(X', F) with X' = xpad transposed to [c, H, W, n] (channels as the batch),
 * F = dy transposed to [oh, ow, n, o] (the output gradient as the filter), stride 1 and
 * dilation s, cropped to [kh, kw]. The input gradient is the transposed convolution as usual.
 * @module
 */
import type { NamedAttrMap, Tensor, Tensor4D } from "npm:@tensorflow/tfjs@4.22.0";
import type { Tfjs } from "./tfjs.ts";

/** Conv2D's attributes as TF.js passes them to a gradient function. */
interface Conv2DAttrs {
  strides: number | [number, number];
  pad: "same" | "valid" | number;
  dilations: number | [number, number];
}

/**
 * The gradient of a 2D convolution with respect to its filter.
 *
 * @param tf TF.js.
 * @param x Input `[n, h, w, c]`.
 * @param dy Output gradient `[n, oh, ow, o]`.
 * @param filterShape `[kh, kw, c, o]`.
 * @param strides `[sh, sw]`.
 * @param padding `"same"` or `"valid"` (TF's rules).
 * @returns dW `[kh, kw, c, o]`.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { conv2dFilterGradient } from "./conv_gradient.ts";
 * const tf = await loadTfjs();
 * const dw = conv2dFilterGradient(tf, tf.ones([1, 3, 3, 1]), tf.ones([1, 3, 3, 1]), [2, 2, 1, 1], [1, 1], "same");
 * console.log(dw.shape); // [2, 2, 1, 1]
 * ```
 */
export function conv2dFilterGradient(
  tf: Tfjs,
  x: Tensor4D,
  dy: Tensor4D,
  filterShape: [number, number, number, number],
  strides: [number, number],
  padding: "same" | "valid",
): Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = x.shape;
    const [, oh, ow] = dy.shape;
    const [kh, kw] = filterShape;
    const [sh, sw] = strides;
    const padTotal = (out: number, k: number, s: number, size: number) =>
      padding === "same" ? Math.max((out - 1) * s + k - size, 0) : 0;
    const ph = padTotal(oh, kh, sh, h), pw = padTotal(ow, kw, sw, w);
    const padded = tf.pad(x, [[0, 0], [Math.floor(ph / 2), ph - Math.floor(ph / 2)], [
      Math.floor(pw / 2),
      pw - Math.floor(pw / 2),
    ], [0, 0]]);
    const input = tf.transpose(padded, [3, 1, 2, 0]) as Tensor4D;
    const filter = tf.transpose(dy, [1, 2, 0, 3]) as Tensor4D;
    const full = tf.conv2d(input, filter, 1, "valid", "NHWC", [sh, sw]);
    const cropped = tf.slice(full, [0, 0, 0, 0], [-1, kh, kw, -1]);
    return tf.transpose(cropped, [1, 2, 0, 3]) as Tensor4D;
  });
}

/**
 * Registers the Conv2D gradient above (replacing TF.js's, which needs the missing kernel).
 *
 * @param tf TF.js.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { registerConv2dGradient } from "./conv_gradient.ts";
 * registerConv2dGradient(await loadTfjs()); // loadTfjs already does this
 * ```
 */
export function registerConv2dGradient(tf: Tfjs): void {
  tf.registerGradient({
    kernelName: "Conv2D",
    inputsToSave: ["x", "filter"],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const [x, filter] = saved as [Tensor4D, Tensor4D];
      const { strides, pad, dilations } = attrs as unknown as Conv2DAttrs;
      const stridePair: [number, number] = typeof strides === "number"
        ? [strides, strides]
        : strides;
      const dilated = typeof dilations === "number"
        ? dilations !== 1
        : dilations.some((d) => d !== 1);
      if (dilated || typeof pad === "number") {
        throw new Error(
          "The Conv2D gradient here supports dilation 1 and 'same'/'valid' padding only",
        );
      }
      const gradient = dy as Tensor4D;
      return {
        x: () => tf.conv2dTranspose(gradient, filter, x.shape, stridePair, pad),
        filter: () =>
          conv2dFilterGradient(
            tf,
            x,
            gradient,
            filter.shape as [number, number, number, number],
            stridePair,
            pad,
          ),
      };
    },
  });
}
