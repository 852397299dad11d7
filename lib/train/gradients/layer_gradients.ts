/**
 * Gradients of the layer kernels that ./../ does not replace with its own:
 * - AvgPool: each output's dy shared evenly by the input cells its window covers (the
 *   backend's AvgPoolGrad kernel, with dy rescaled at "same" borders, where it divides by the
 *   whole window although the forward pass divides by the cells inside).
 * - FusedBatchNorm (inference: y = (x - mean) s (var + eps)^-1/2 + offset, statistics given):
 *   dx = dy s r, dmean = -sum(dy s r), dvar = sum(dy s (x - mean) (-r^3 / 2)),
 *   dscale = sum(dy (x - mean) r), doffset = sum(dy), with r = (var + eps)^-1/2 and the sums
 *   over every axis but the channels.
 * - BatchMatMul (C = op(A) op(B)): dA = dC op(B)^T, dB = op(A)^T dC with the transposes as flags
 *   (./../matmul_gradient.ts replaces it, and falls back to it when batch axes broadcast; the
 *   gradient of a broadcast operand is summed over its broadcast batch axes).
 * @module
 */
import type { GradConfig, NamedAttrMap, Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../tfjs.ts";
import { unbroadcast } from "./axes.ts";

/**
 * The gradient configs of AvgPool, FusedBatchNorm and BatchMatMul.
 *
 * @param tf TF.js.
 * @returns One config per kernel, for `tf.registerGradient`.
 * @example
 * ```ts
 * import { loadTfjs } from "../tfjs.ts";
 * import { layerGradients } from "./layer_gradients.ts";
 * const tf = await loadTfjs();
 * console.log(layerGradients(tf).map((c) => c.kernelName)); // ["AvgPool", "FusedBatchNorm", "BatchMatMul"]
 * ```
 */
export function layerGradients(tf: Tfjs): GradConfig[] {
  return [
    {
      kernelName: "AvgPool",
      inputsToSave: ["x"],
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
        const [x] = saved;
        const { filterSize, strides, pad } = attrs;
        // The forward pass averages the cells inside the input only; the backend's AvgPoolGrad
        // spreads dy / (window size) everywhere, which is short at "same" borders: scale dy by
        // window size / cells inside first (1 everywhere for "valid": left as it is).
        const share = pad === "same" ? windowShare(tf, x.shape, dy as Tensor, attrs) : null;
        const inputs = { dy: share ? tf.mul(dy as Tensor, share) : dy as Tensor, input: x };
        const kernel = () =>
          tf.engine().runKernel("AvgPoolGrad", inputs, { filterSize, strides, pad }) as Tensor;
        return { x: kernel };
      },
    },
    {
      kernelName: "FusedBatchNorm",
      inputsToSave: ["x", "mean", "variance", "scale"],
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
        const gradient = dy as Tensor;
        const [x, mean, variance, savedScale] = saved;
        const scale = savedScale ?? tf.scalar(1);
        const toStatistic = (t: Tensor) => unbroadcast(tf, t, mean.shape);
        const centred = () => tf.sub(x, mean);
        const dyTimesScale = () => tf.mul(gradient, scale);
        const r = tf.rsqrt(tf.add(variance, tf.scalar(attrs.varianceEpsilon as number)));
        const minusHalfRCubed = () => tf.mul(tf.mul(tf.mul(r, r), r), tf.scalar(-0.5));
        return {
          x: () => tf.reshape(tf.mul(tf.mul(gradient, r), scale), x.shape),
          mean: () => toStatistic(tf.mul(tf.mul(r, tf.scalar(-1)), dyTimesScale())),
          variance: () => toStatistic(tf.mul(tf.mul(minusHalfRCubed(), centred()), dyTimesScale())),
          scale: () => toStatistic(tf.mul(gradient, tf.mul(centred(), r))),
          offset: () => toStatistic(gradient),
        };
      },
    },
    {
      kernelName: "BatchMatMul",
      inputsToSave: ["a", "b"],
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
        const [a, b] = saved;
        const d = dy as Tensor;
        const { transposeA: ta, transposeB: tb } = attrs as Record<string, boolean>;
        const mm = (x: Tensor, y: Tensor, flagX: boolean, flagY: boolean) =>
          tf.matMul(x, y, flagX, flagY);
        const [da, db] = !ta
          ? [() => mm(d, b, false, !tb), () => (tb ? mm(d, a, true, false) : mm(a, d, true, false))]
          : [
            () => (tb ? mm(b, d, true, true) : mm(b, d, false, true)),
            () => tb ? mm(d, a, true, true) : mm(a, d, false, false),
          ];
        // Broadcast batch axes: sum the gradient over them (matrix axes never broadcast).
        return { a: () => unbroadcast(tf, da(), a.shape), b: () => unbroadcast(tf, db(), b.shape) };
      },
    },
  ];
}

/**
 * Per output cell of a "same" average pool, (window size) / (input cells inside the window):
 * the factor that turns the backend's AvgPoolGrad into the forward pass's true gradient.
 *
 * @param tf TF.js.
 * @param inputShape The pooled input's shape, NHWC.
 * @param dy The output gradient (for its spatial size).
 * @param attrs The AvgPool attributes (`filterSize`, `strides`).
 * @returns A `[1, outHeight, outWidth, 1]` tensor.
 * @example
 * ```ts
 * import { loadTfjs } from "../tfjs.ts";
 * import { windowShare } from "./layer_gradients.ts";
 * const tf = await loadTfjs();
 * const attrs = { filterSize: 2, strides: 2 };
 * console.log(windowShare(tf, [1, 3, 3, 1], tf.zeros([1, 2, 2, 1]), attrs).dataSync()); // [1, 2, 2, 4]
 * ```
 */
export function windowShare(
  tf: Tfjs,
  inputShape: readonly number[],
  dy: Tensor,
  attrs: NamedAttrMap,
): Tensor {
  const pair = (v: unknown) => (typeof v === "number" ? [v, v] : v as number[]);
  const [kh, kw] = pair(attrs.filterSize), [sh, sw] = pair(attrs.strides);
  const [oh, ow] = dy.shape.slice(1, 3);
  // TF's "same" padding puts the smaller half before the first row (column).
  const inside = (size: number, out: number, k: number, s: number, at: number) => {
    const before = Math.floor(Math.max((out - 1) * s + k - size, 0) / 2);
    const start = at * s - before;
    return Math.min(start + k, size) - Math.max(start, 0);
  };
  const share = new Float32Array(oh * ow);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const cells = inside(inputShape[1], oh, kh, sh, y) * inside(inputShape[2], ow, kw, sw, x);
      share[y * ow + x] = (kh * kw) / cells;
    }
  }
  return tf.tensor4d(share, [1, oh, ow, 1]);
}
