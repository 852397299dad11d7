/**
 * The Conv2D gradient for the WASM backend. The backend has no `Conv2DBackpropFilter` kernel, and
 * its `Conv2DBackpropInput` runs far below its forward convolution (about 2 GFLOP/s against
 * 20), so both gradients are rewritten onto the fast kernels (forward convolution, unflagged
 * matMul). With xpad the input padded as the forward pass pads it:
 *
 *   dW[i, j, c, o] = sum_{n, y, x} xpad[n, y*s + i, x*s + j, c] * dy[n, y, x, o]
 *
 * takes one of two forms. With few input channels (c kh kw <= 32, e.g. a first layer on grey
 * images) it is one product P^T dy, P being im2col (a row per output position (n, y, x), a column
 * per (i, j, c)), written transposed by a host pass (./conv_layouts.ts); when most of P is zeros
 * (digits on a dark background), over its nonzero entries only (./sparse_patches.ts). Otherwise,
 * with a multiple of 4 outputs, the engine's kernel sums it directly, image by image in cache
 * (./backward_passes.ts: 1.8-2x the backend's way below, which runs at about half the speed of
 * its forward convolution). Without the kernel, or with other outputs, it is a convolution of
 * xpad transposed to [c, H, W, n] (channels as the batch) with dy transposed to [oh, ow, n, o]
 * as the filter, dilated by s and cropped to [kh, kw]: it reads the input once instead of kh kw
 * times, which wins once P gets wide (measured on this backend); the two relayouts are host
 * passes (./conv_layouts.ts), the backend's Transpose being a scalar loop.
 * And
 *
 *   dxpad[n, p, q, c] = sum_{i, j, o} dyd[n, p - i, q - j, o] * W[i, j, c, o]
 *
 * (dyd: dy with s - 1 zeros between its rows and columns) is, at stride 1, a "valid" convolution
 * of dy, padded by k - 1 less the forward padding, with W flipped in space and its channel axes
 * swapped (a stride-1 odd kernel with "same" padding needs no explicit padding at all); at
 * strides > 1, s^2 such convolutions of dy with sub-filters, one per output phase, so that no
 * zero of dyd is multiplied (./strided_input_gradient.ts).
 * @module
 */
import type { NamedAttrMap, Tensor, Tensor4D } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";
import { batchInside, paddedChannelsFirst, transposedPatches } from "./conv_layouts.ts";
import { stridedInputGradient } from "./strided_input_gradient.ts";
import type { SparsePatchProducts } from "./sparse_patches.ts";
import type { BackwardPasses } from "./backward_passes.ts";
import { hostOp } from "./host_op.ts";

/** The im2col product over nonzero patches, once `registerConv2dGradient` was given it. */
let sparsePatches: SparsePatchProducts | undefined;
/** The kernel's filter gradient, once `registerConv2dGradient` was given it. */
let kernelPasses: BackwardPasses | undefined;

/** Conv2D's attributes as TF.js passes them to a gradient function. */
interface Conv2DAttrs {
  strides: number | [number, number];
  pad: "same" | "valid" | number;
  dilations: number | [number, number];
}

type Shape4 = [number, number, number, number];

/** Widest im2col matrix (c kh kw columns) for which the filter gradient goes through it. */
const IM2COL_COLUMNS = 32;

/** The padding before (top or left) and after a spatial axis, by TF's rules. */
function padding(mode: "same" | "valid", size: number, out: number, k: number, s: number) {
  const total = mode === "same" ? Math.max((out - 1) * s + k - size, 0) : 0;
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * The gradient of a 2D convolution with respect to its filter.
 *
 * @param tf TF.js.
 * @param x Input `[n, h, w, c]`.
 * @param dy Output gradient `[n, oh, ow, o]`.
 * @param filterShape `[kh, kw, c, o]`.
 * @param strides `[sh, sw]`.
 * @param mode `"same"` or `"valid"` (TF's rules).
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
  filterShape: Shape4,
  strides: [number, number],
  mode: "same" | "valid",
): Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const [, oh, ow, o] = dy.shape;
    const [kh, kw] = filterShape;
    const [top, bottom] = padding(mode, h, oh, kh, strides[0]);
    const [left, right] = padding(mode, w, ow, kw, strides[1]);
    if (c * kh * kw <= IM2COL_COLUMNS) {
      const sparse = sparsePatches?.filterGradient(x, dy, [kh, kw], strides, [top, left]);
      if (sparse) return tf.reshape(sparse, [kh, kw, c, o]) as Tensor4D;
      const patches = transposedPatches(tf, x, [kh, kw], strides, [top, left], [oh, ow]);
      const product = tf.matMul(patches, tf.reshape(dy, [n * oh * ow, o]));
      return tf.reshape(product, [kh, kw, c, o]) as Tensor4D;
    }
    if (kernelPasses && o % 4 === 0) {
      const passes = kernelPasses;
      const [dw] = hostOp(tf, [x, dy], [filterShape], ([input, gradient], [out]) => {
        passes.filterGradient(
          input,
          x.shape,
          gradient,
          dy.shape,
          [kh, kw],
          strides,
          [top, left],
          out,
        );
      });
      return dw as Tensor4D;
    }
    const input = paddedChannelsFirst(tf, x, [top, bottom, left, right]);
    const filter = batchInside(tf, dy);
    const full = tf.conv2d(input, filter, 1, "valid", "NHWC", strides);
    const cropped = tf.slice(full, [0, 0, 0, 0], [-1, kh, kw, -1]);
    return tf.transpose(cropped, [1, 2, 0, 3]) as Tensor4D;
  });
}

/**
 * The gradient of a 2D convolution with respect to its input.
 *
 * @param tf TF.js.
 * @param dy Output gradient `[n, oh, ow, o]`.
 * @param filter The filter `[kh, kw, c, o]`.
 * @param inputShape `[n, h, w, c]`.
 * @param strides `[sh, sw]`.
 * @param mode `"same"` or `"valid"` (TF's rules).
 * @returns dx `[n, h, w, c]`.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { conv2dInputGradient } from "./conv_gradient.ts";
 * const tf = await loadTfjs();
 * const dx = conv2dInputGradient(tf, tf.ones([1, 2, 2, 1]), tf.ones([2, 2, 1, 1]), [1, 3, 3, 1], [1, 1], "valid");
 * console.log(dx.shape); // [1, 3, 3, 1]
 * ```
 */
export function conv2dInputGradient(
  tf: Tfjs,
  dy: Tensor4D,
  filter: Tensor4D,
  inputShape: Shape4,
  strides: [number, number],
  mode: "same" | "valid",
): Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = inputShape;
    const [, oh, ow] = dy.shape;
    const [kh, kw] = filter.shape;
    const [sh, sw] = strides;
    const [top] = padding(mode, h, oh, kh, sh);
    const [left] = padding(mode, w, ow, kw, sw);
    if (sh > 1 || sw > 1) {
      return stridedInputGradient(tf, dy, filter, inputShape, strides, [top, left]);
    }
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as Tensor4D;
    const before = [kh - 1 - top, kw - 1 - left];
    const after = [h + top - (oh - 1) - 1, w + left - (ow - 1) - 1];
    if (
      before[0] === after[0] && before[1] === after[1] && 2 * before[0] === kh - 1 &&
      2 * before[1] === kw - 1
    ) {
      return tf.conv2d(dy, flipped, 1, "same");
    }
    const padded = tf.pad(dy, [[0, 0], [before[0], after[0]], [before[1], after[1]], [0, 0]]);
    return tf.conv2d(padded as Tensor4D, flipped, 1, "valid");
  });
}

/**
 * Registers the Conv2D gradient above (replacing TF.js's, which needs the missing kernel).
 *
 * @param tf TF.js.
 * @param sparse The im2col product over nonzero patches (./sparse_patches.ts); without it every
 *   filter gradient goes through TF.js.
 * @param passes The kernel's filter gradient (./backward_passes.ts), for filters of more than 32
 *   taps and a multiple of 4 outputs; without it those go through TF.js's convolution.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { registerConv2dGradient } from "./conv_gradient.ts";
 * registerConv2dGradient(await loadTfjs()); // loadTfjs already does this
 * ```
 */
export function registerConv2dGradient(
  tf: Tfjs,
  sparse?: SparsePatchProducts,
  passes?: BackwardPasses,
): void {
  sparsePatches = sparse;
  kernelPasses = passes;
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
        x: () => conv2dInputGradient(tf, gradient, filter, x.shape as Shape4, stridePair, pad),
        filter: () =>
          conv2dFilterGradient(tf, x, gradient, filter.shape as Shape4, stridePair, pad),
      };
    },
  });
}
