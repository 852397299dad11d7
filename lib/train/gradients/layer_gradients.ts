/**
 * Gradients of the layer kernels that ./../ does not replace with its own:
 * - AvgPool: the backend's AvgPoolGrad kernel (each output's dy shared evenly by its window).
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
        const { filterSize, strides, pad } = attrs;
        const inputs = { dy: dy as Tensor, input: saved[0] };
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
