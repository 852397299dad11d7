/**
 * The MaxPool gradient for the WASM backend. Its `MaxPoolGrad` kernel (tfjs-backend-wasm 4.22)
 * loses gradient for some windows (on a [2, 8, 8, 2] input with 2x2 windows it routes 58 of the
 * 64 units of output gradient), and its `MaxPoolWithArgmax` returns wrong positions, so every
 * gradient through a max-pool was wrong. Here the gradient is built from ops that are right on
 * every backend: one plain pass over the output windows, in which the first input cell holding the
 * window's maximum (row-major, TensorFlow's tie rule) takes the output gradient. Overlapping windows
 * add up. The pass runs on the host over the backend's heap (./host_op.ts: no copies), so this
 * gradient is not itself differentiable (second derivatives go through lib/analysis/curvature,
 * which does not use it).
 * @module
 */
import type { NamedAttrMap, Tensor, Tensor4D } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";
import { hostOp } from "./host_op.ts";
import type { BackwardPasses, PoolGeometry } from "./backward_passes.ts";

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
 * @param pooled The max-pool's output, when the caller has it (otherwise computed here).
 * @param passes The routing pass on the engine's kernel (./backward_passes.ts) for windows that
 *   do not overlap, or undefined for the one in JavaScript.
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
  pooled?: Tensor,
  passes?: BackwardPasses,
): Tensor4D {
  const [kh, kw] = typeof filterSize === "number" ? [filterSize, filterSize] : filterSize;
  const [sh, sw] = typeof strides === "number" ? [strides, strides] : strides;
  const [n, h, w, c] = x.shape;
  const oh = padding === "same" ? Math.ceil(h / sh) : Math.floor((h - kh) / sh) + 1;
  const ow = padding === "same" ? Math.ceil(w / sw) : Math.floor((w - kw) / sw) + 1;
  // "same" pads the smaller half before (TensorFlow); padded cells never hold the maximum.
  const top = padding === "same" ? Math.floor(Math.max((oh - 1) * sh + kh - h, 0) / 2) : 0;
  const left = padding === "same" ? Math.floor(Math.max((ow - 1) * sw + kw - w, 0) / 2) : 0;
  const geometry = { n, h, w, c, oh, ow, kh, kw, sh, sw, top, left };
  if (sh !== kh || sw !== kw) {
    const [dx] = hostOp(tf, [x, dy], [[n, h, w, c]], ([input, gradient], [output]) => {
      output.fill(0);
      routeToMaxima(input, gradient, output, geometry);
    });
    return dx as Tensor4D;
  }
  return tf.tidy(() => {
    const y = pooled ?? tf.maxPool(x, [kh, kw], [sh, sw], padding);
    const [dx] = hostOp(tf, [x, y, dy], [[n, h, w, c]], ([input, maxima, gradient], [output]) => {
      if (passes) return passes.maxPoolRoute(input, maxima, gradient, output, geometry);
      output.fill(0);
      routeDisjoint(input, maxima, gradient, output, geometry);
    });
    return dx as Tensor4D;
  });
}

/**
 * Adds each output cell's gradient to the first maximum of its window, row-major (TensorFlow's
 * tie rule); overlapping windows add up; a window of NaNs routes none. The channels of a window
 * are scanned together so that every read runs along memory.
 */
function routeToMaxima(
  input: Float32Array,
  gradient: Float32Array,
  dx: Float32Array,
  g: PoolGeometry,
) {
  const { n, h, w, c, oh, ow, kh, kw, sh, sw, top, left } = g;
  const best = new Float32Array(c);
  const where = new Int32Array(c);
  for (let b = 0, at = 0; b < n; b++) {
    for (let r = 0; r < oh; r++) {
      const rowStart = Math.max(r * sh - top, 0), rowEnd = Math.min(r * sh - top + kh, h);
      for (let q = 0; q < ow; q++, at += c) {
        const colStart = Math.max(q * sw - left, 0), colEnd = Math.min(q * sw - left + kw, w);
        best.fill(-Infinity);
        where.fill(-1);
        for (let row = rowStart; row < rowEnd; row++) {
          for (let col = colStart; col < colEnd; col++) {
            const base = ((b * h + row) * w + col) * c;
            for (let ch = 0; ch < c; ch++) {
              const value = input[base + ch];
              if (value > best[ch] || where[ch] < 0 && value === best[ch]) {
                best[ch] = value;
                where[ch] = base + ch;
              }
            }
          }
        }
        for (let ch = 0; ch < c; ch++) if (where[ch] >= 0) dx[where[ch]] += gradient[at + ch];
      }
    }
  }
}

/**
 * The same routing when the windows do not overlap (stride = window, the usual 2x2 pooling), from
 * the pool's output: the first cell of a window equal to its maximum takes the gradient. Without
 * branches on the data (a comparison of random activations mispredicts half the time, which cost
 * more than the memory traffic): the selected cell's gradient bits pass through a mask of ones,
 * every other cell of the window gets zero, and a cell stays unselected once one is.
 */
function routeDisjoint(
  input: Float32Array,
  maxima: Float32Array,
  gradient: Float32Array,
  dx: Float32Array,
  g: PoolGeometry,
) {
  const gradientBits = new Int32Array(gradient.buffer, gradient.byteOffset, gradient.length);
  const dxBits = new Int32Array(dx.buffer, dx.byteOffset, dx.length);
  const open = new Int32Array(g.c);
  // One call per row of windows: a function called this often is compiled whole, where one long
  // loop nest kept leaving V8's on-stack-replaced inner loop (a deoptimisation per exit).
  for (let b = 0; b < g.n; b++) {
    for (let r = 0; r < g.oh; r++) {
      routeWindowRow(input, maxima, gradientBits, dxBits, open, g, b, r);
    }
  }
}

/** {@linkcode routeDisjoint} for the windows of output row r of image b. */
function routeWindowRow(
  input: Float32Array,
  maxima: Float32Array,
  gradientBits: Int32Array,
  dxBits: Int32Array,
  open: Int32Array,
  g: PoolGeometry,
  b: number,
  r: number,
) {
  const { h, w, c, ow, kh, kw, top, left } = g;
  const rowStart = Math.max(r * kh - top, 0), rowEnd = Math.min(r * kh - top + kh, h);
  for (let q = 0, at = (b * g.oh + r) * ow * c; q < ow; q++, at += c) {
    const colStart = Math.max(q * kw - left, 0), colEnd = Math.min(q * kw - left + kw, w);
    open.fill(1);
    for (let row = rowStart; row < rowEnd; row++) {
      for (let col = colStart; col < colEnd; col++) {
        const base = ((b * h + row) * w + col) * c;
        for (let ch = 0; ch < c; ch++) {
          const hit = +(input[base + ch] === maxima[at + ch]) & open[ch];
          dxBits[base + ch] = gradientBits[at + ch] & -hit;
          open[ch] ^= hit;
        }
      }
    }
  }
}

/**
 * Registers the MaxPool gradient above in place of TF.js's.
 *
 * @param tf TF.js.
 * @param passes The routing pass on the engine's kernel (./backward_passes.ts), or undefined
 *   for the one in JavaScript.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { registerMaxPoolGradient } from "./max_pool_gradient.ts";
 * registerMaxPoolGradient(await loadTfjs()); // loadTfjs already does this
 * ```
 */
export function registerMaxPoolGradient(tf: Tfjs, passes?: BackwardPasses): void {
  tf.registerGradient({
    kernelName: "MaxPool",
    inputsToSave: ["x"],
    outputsToSave: [true],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const [x, pooled] = saved as [Tensor4D, Tensor4D];
      const { filterSize, strides, pad } = attrs as unknown as MaxPoolAttrs;
      if (typeof pad === "number") {
        throw new Error("The MaxPool gradient here supports 'same'/'valid' padding only");
      }
      return {
        x: () =>
          maxPoolInputGradient(tf, x, dy as Tensor, filterSize, strides, pad, pooled, passes),
      };
    },
  });
}
