/**
 * The input gradient of a strided convolution by phases (sub-pixel decomposition). With stride
 * s, the padded input row m = s P + a only meets filter rows i with i = a (mod s), so
 *
 *   dxpad[s P + a, s Q + b] = sum_{u, v} dy[P - u, Q - v] W[a + s u, b + s v]
 *
 * is, for each phase (a, b), a stride-1 convolution of dy with the sub-filter W[a::s, b::s]
 * flipped in space and its channel axes swapped; a host pass (./host_op.ts) interleaves the
 * phases into dx. Spreading dy with s - 1 zeros between rows and columns and convolving with the
 * whole filter (the textbook route) multiplies zeros: s^2 times the work (4x for resnet-tiny's
 * stride-2 block).
 * @module
 */
import type { Tensor4D } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";
import { hostOp } from "./host_op.ts";

/** One phase along an axis: its filter taps, output rows and the padding of dy it needs. */
interface AxisPhase {
  /** Filter taps a, a + s, ... below k, in flipped order (last first). */
  taps: number[];
  /** First output index P (the padded input row is s P + a). */
  first: number;
  /** Output rows. */
  count: number;
  /** dy rows added before (negative: cropped) and after. */
  before: number;
  after: number;
}

/** The phases of one axis: input size, dy size, kernel, stride and the padding before. */
function axisPhases(size: number, out: number, k: number, s: number, top: number): AxisPhase[] {
  return Array.from({ length: s }, (_, a) => {
    const taps: number[] = [];
    for (let i = a; i < k; i += s) taps.unshift(i);
    const first = Math.ceil((top - a) / s);
    const count = Math.floor((top + size - 1 - a) / s) - first + 1;
    const before = taps.length - 1 - first;
    return { taps, first, count, before, after: count + taps.length - 1 - before - out };
  });
}

/**
 * dx of a convolution with strides > 1, by phases.
 *
 * @param tf TF.js.
 * @param dy Output gradient `[n, oh, ow, o]`.
 * @param filter `[kh, kw, c, o]`.
 * @param inputShape `[n, h, w, c]`.
 * @param strides `[sh, sw]`.
 * @param pads The forward pass's padding before, `[top, left]`.
 * @returns dx `[n, h, w, c]`.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { stridedInputGradient } from "./strided_input_gradient.ts";
 * const tf = await loadTfjs();
 * const dx = stridedInputGradient(tf, tf.ones([1, 2, 2, 1]), tf.ones([3, 3, 1, 1]), [1, 4, 4, 1], [2, 2], [0, 0]);
 * console.log(dx.shape); // [1, 4, 4, 1]
 * ```
 */
export function stridedInputGradient(
  tf: Tfjs,
  dy: Tensor4D,
  filter: Tensor4D,
  inputShape: [number, number, number, number],
  [sh, sw]: [number, number],
  [top, left]: [number, number],
): Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = inputShape;
    const [, oh, ow, o] = dy.shape;
    const [kh, kw] = filter.shape;
    const rows = axisPhases(h, oh, kh, sh, top), cols = axisPhases(w, ow, kw, sw, left);
    const weights = filter.dataSync() as Float32Array;
    const phases: Tensor4D[] = [];
    for (const row of rows) {
      for (const col of cols) {
        if (row.taps.length === 0 || col.taps.length === 0 || row.count <= 0 || col.count <= 0) {
          phases.push(tf.zeros([n, Math.max(row.count, 0), Math.max(col.count, 0), c]));
          continue;
        }
        // Sub-filter [u, v, o, c]: taps flipped, channels swapped.
        const sub = new Float32Array(row.taps.length * col.taps.length * o * c);
        row.taps.forEach((i, u) =>
          col.taps.forEach((j, v) => {
            for (let ci = 0; ci < c; ci++) {
              for (let co = 0; co < o; co++) {
                sub[((u * col.taps.length + v) * o + co) * c + ci] =
                  weights[((i * kw + j) * c + ci) * o + co];
              }
            }
          })
        );
        const cropTop = Math.max(-row.before, 0), cropLeft = Math.max(-col.before, 0);
        const cropBottom = Math.max(-row.after, 0), cropRight = Math.max(-col.after, 0);
        let source = dy;
        if (cropTop + cropLeft + cropBottom + cropRight > 0) {
          source = tf.slice(dy, [0, cropTop, cropLeft, 0], [
            n,
            oh - cropTop - cropBottom,
            ow - cropLeft - cropRight,
            o,
          ]);
        }
        const pads: [number, number][] = [
          [0, 0],
          [Math.max(row.before, 0), Math.max(row.after, 0)],
          [Math.max(col.before, 0), Math.max(col.after, 0)],
          [0, 0],
        ];
        // No pad kernel (a full pass over dy into a fresh tensor) when nothing is padded.
        const padded = pads.flat().some((size) => size > 0)
          ? tf.pad(source, pads) as Tensor4D
          : source;
        const kernel = tf.tensor4d(sub, [row.taps.length, col.taps.length, o, c]);
        phases.push(tf.conv2d(padded, kernel, 1, "valid"));
      }
    }
    const [dx] = hostOp(tf, phases, [[n, h, w, c]], (views, [out]) => {
      const geometry = { h, w, c, sh, sw, top, left, rows, cols };
      for (let b = 0; b < n; b++) {
        for (let r = 0; r < h; r++) interleaveRow(views, out, geometry, b, r);
      }
    });
    return dx as Tensor4D;
  });
}

/**
 * Row r of image b of dx from the phases that hold it. (A function per row: V8 compiles a
 * function called this often whole, where one long loop nest kept leaving its on-stack-replaced
 * inner loop, a deoptimisation each time.)
 */
function interleaveRow(
  views: Float32Array[],
  out: Float32Array,
  g: {
    h: number;
    w: number;
    c: number;
    sh: number;
    sw: number;
    top: number;
    left: number;
    rows: AxisPhase[];
    cols: AxisPhase[];
  },
  b: number,
  r: number,
) {
  const { h, w, c, sh, sw, top, left } = g;
  const row = g.rows[(r + top) % sh], k = Math.floor((r + top) / sh) - row.first;
  for (let q = 0; q < w; q++) {
    const phase = ((r + top) % sh) * sw + (q + left) % sw, col = g.cols[(q + left) % sw];
    const l = Math.floor((q + left) / sw) - col.first;
    const from = ((b * row.count + k) * col.count + l) * c, to = ((b * h + r) * w + q) * c;
    const view = views[phase];
    for (let ch = 0; ch < c; ch++) out[to + ch] = view[from + ch];
  }
}
