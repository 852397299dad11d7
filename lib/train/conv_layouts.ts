/**
 * The two relayouts of the Conv2D filter gradient (./conv_gradient.ts), as host passes over the
 * heap (./host_op.ts). tfjs-backend-wasm 4.22's `Transpose` is a scalar loop over every element
 * (about 14 ns each), and the padding before it one more pass with a fresh output: for
 * resnet-tiny's 28x28 layers the two cost about as much as the convolution they feed. Here each
 * is one pass that reads and writes whole runs of memory.
 * @module
 */
import type { Tensor2D, Tensor4D } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";
import { hostOp } from "./host_op.ts";

/**
 * Pads an NHWC tensor in space and moves its channels first and its batch last:
 * `[n, h, w, c]` to `[c, top + h + bottom, left + w + right, n]`, zeros in the padding
 * (`tf.transpose(tf.pad(x, ...), [3, 1, 2, 0])`).
 *
 * @param tf TF.js.
 * @param x Input `[n, h, w, c]`.
 * @param pads `[top, bottom, left, right]`.
 * @returns The padded input, channels first.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { paddedChannelsFirst } from "./conv_layouts.ts";
 * const tf = await loadTfjs();
 * const x = tf.tensor4d([1, 2, 3, 4], [2, 1, 1, 2]);
 * paddedChannelsFirst(tf, x, [0, 0, 1, 0]).print(); // [[[[0, 0], [1, 3]]], [[[0, 0], [2, 4]]]]
 * ```
 */
export function paddedChannelsFirst(
  tf: Tfjs,
  x: Tensor4D,
  [top, bottom, left, right]: [number, number, number, number],
): Tensor4D {
  const [n, h, w, c] = x.shape;
  const [ph, pw] = [top + h + bottom, left + w + right];
  const [out] = hostOp(tf, [x], [[c, ph, pw, n]], ([input], [output]) => {
    output.fill(0);
    for (let pixel = 0; pixel < h * w; pixel++) {
      const row = Math.floor(pixel / w), col = pixel - row * w;
      scatterPixel(
        input,
        output,
        x.shape,
        ph * pw * n,
        pixel * c,
        ((row + top) * pw + col + left) * n,
      );
    }
  });
  return out as Tensor4D;
}

/**
 * One pixel of every image: n runs of c values in, c runs of n values out. (A function per pixel
 * rather than one loop nest: V8 compiles a function called this often whole, where a long nest
 * kept leaving its on-stack-replaced inner loop, a deoptimisation each time.)
 */
function scatterPixel(
  input: Float32Array,
  output: Float32Array,
  [n, h, w, c]: number[],
  plane: number,
  from: number,
  to: number,
) {
  const image = h * w * c;
  for (let ch = 0; ch < c; ch++) {
    const start = ch * plane + to;
    for (let b = 0, at = from + ch; b < n; b++, at += image) output[start + b] = input[at];
  }
}

/**
 * Moves the batch axis of an NHWC tensor inside: `[n, h, w, c]` to `[h, w, n, c]`
 * (`tf.transpose(x, [1, 2, 0, 3])`), copying runs of c values.
 *
 * @param tf TF.js.
 * @param x Input `[n, h, w, c]`.
 * @returns `[h, w, n, c]`.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { batchInside } from "./conv_layouts.ts";
 * const tf = await loadTfjs();
 * batchInside(tf, tf.tensor4d([1, 2, 3, 4], [2, 2, 1, 1])).print(); // [[[[1], [3]]], [[[2], [4]]]]
 * ```
 */
export function batchInside(tf: Tfjs, x: Tensor4D): Tensor4D {
  const [n, h, w, c] = x.shape;
  const [out] = hostOp(tf, [x], [[h, w, n, c]], ([input], [output]) => {
    for (let b = 0; b < n; b++) copyImageInside(input, output, x.shape, b);
  });
  return out as Tensor4D;
}

/** Image b's runs of c values into their places in `[h, w, n, c]` (a function per image, as above). */
function copyImageInside(input: Float32Array, output: Float32Array, shape: number[], b: number) {
  const [n, h, w, c] = shape;
  for (let pixel = 0, from = b * h * w * c; pixel < h * w; pixel++) {
    const to = (pixel * n + b) * c;
    for (let ch = 0; ch < c; ch++, from++) output[to + ch] = input[from];
  }
}

/**
 * im2col, transposed: `[n, h, w, c]` to `[kh kw c, n oh ow]`, row (i, j, ci), column (b, y, x)
 * holding xpad[b, y sh + i, x sw + j, ci] (zero in the padding): the left factor of the filter
 * gradient P^T dy, written in one pass instead of a one-hot depthwise convolution and the
 * backend's scalar `Transpose`.
 *
 * @param tf TF.js.
 * @param x Input `[n, h, w, c]`.
 * @param kernel `[kh, kw]`.
 * @param strides `[sh, sw]`.
 * @param before The padding `[top, left]`.
 * @param out The output's size `[oh, ow]`.
 * @returns The patches, one row per filter tap.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { transposedPatches } from "./conv_layouts.ts";
 * const tf = await loadTfjs();
 * const x = tf.tensor4d([1, 2, 3], [1, 1, 3, 1]);
 * transposedPatches(tf, x, [1, 2], [1, 1], [0, 0], [1, 2]).print(); // [[1, 2], [2, 3]]
 * ```
 */
export function transposedPatches(
  tf: Tfjs,
  x: Tensor4D,
  [kh, kw]: [number, number],
  [sh, sw]: [number, number],
  [top, left]: [number, number],
  [oh, ow]: [number, number],
): Tensor2D {
  const [n, , , c] = x.shape;
  const [out] = hostOp(tf, [x], [[kh * kw * c, n * oh * ow]], ([input], [output]) => {
    writeTransposedPatches(input, x.shape, output, 0, [kh, kw], [sh, sw], [top, left], [oh, ow]);
  });
  return out as Tensor2D;
}

/**
 * The pass behind {@linkcode transposedPatches}: writes the `[kh kw c, n oh ow]` patches of the
 * NHWC image `input` (of `shape`) into `output` from element `offset`.
 *
 * @param input The image's values.
 * @param shape `[n, h, w, c]`.
 * @param output Where the patches go.
 * @param offset First element written.
 * @param kernel `[kh, kw]`.
 * @param strides `[sh, sw]`.
 * @param before The padding `[top, left]`.
 * @param out The output's size `[oh, ow]`.
 * @example
 * ```ts
 * import { writeTransposedPatches } from "./conv_layouts.ts";
 * const output = new Float32Array(4);
 * writeTransposedPatches(new Float32Array([1, 2, 3]), [1, 1, 3, 1], output, 0, [1, 2], [1, 1], [0, 0], [1, 2]);
 * console.log(output); // Float32Array [1, 2, 2, 3]
 * ```
 */
export function writeTransposedPatches(
  input: Float32Array,
  [n, h, w, c]: number[],
  output: Float32Array,
  offset: number,
  [kh, kw]: [number, number],
  [sh, sw]: [number, number],
  [top, left]: [number, number],
  [oh, ow]: [number, number],
): void {
  const columns = n * oh * ow;
  for (let tap = 0; tap < kh * kw * c; tap++) {
    const ci = tap % c, j = Math.floor(tap / c) % kw, i = Math.floor(tap / (c * kw));
    // Output columns whose input column x sw + j - left lies inside [0, w): [first, end).
    const first = Math.min(ow, Math.max(0, Math.ceil((left - j) / sw)));
    const end = Math.max(first, Math.min(ow, Math.floor((w - 1 + left - j) / sw) + 1));
    for (let line = 0, to = offset + tap * columns; line < n * oh; line++, to += ow) {
      const b = Math.floor(line / oh), row = (line - b * oh) * sh + i - top;
      // A row in the padding copies nothing: the whole line is zeros.
      const inside = row >= 0 && row < h ? end : first;
      const from = ((b * h + row) * w + first * sw + j - left) * c + ci;
      patchLine(input, from, sw * c, output, to, first, inside, ow);
    }
  }
}

/**
 * One line of a tap: zeros before `first`, input values `step` apart from `from` up to `end`,
 * zeros to `ow` (a function per line, as above; scalar arguments and plain loops: an array
 * argument or a `fill` call per line tripled the pass's time).
 */
function patchLine(
  input: Float32Array,
  from: number,
  step: number,
  output: Float32Array,
  to: number,
  first: number,
  end: number,
  ow: number,
) {
  for (let k = 0; k < first; k++) output[to + k] = 0;
  for (let k = first; k < end; k++, from += step) output[to + k] = input[from];
  for (let k = end; k < ow; k++) output[to + k] = 0;
}
