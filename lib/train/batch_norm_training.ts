/**
 * Batch normalisation in training mode as one custom op (Ioffe & Szegedy 2015, eq. for the
 * backward pass). TF.js's own route, `tf.moments` then `tf.batchNorm`, differentiates through
 * both: its gradient tiles the per-channel factors to the full input size and its means over
 * the leading axes run through a chain of small kernels; on the WASM backend that cost more than
 * the convolutions around it (resnet-tiny). Here, with sums over every axis but the last (N values each):
 *
 *   mean = sum(x) / N, var = sum((x - mean)^2) / N (biased, as Keras), xhat = (x - mean) / sqrt(var + eps)
 *   y = gamma xhat + beta
 *   dbeta = sum(dy), dgamma = sum(dy xhat)
 *   dx = gamma / sqrt(var + eps) (dy - dbeta / N - xhat dgamma / N)
 * @module
 */
import type { GradSaveFunc, Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";

/**
 * Normalises x over every axis but the last with the batch's statistics, differentiably in x,
 * gamma and beta.
 *
 * @param tf TF.js.
 * @param x The input `[..., channels]`.
 * @param gamma Scale `[channels]`.
 * @param beta Offset `[channels]`.
 * @param epsilon Added to the variance.
 * @param onStatistics Receives the batch mean and (biased) variance, `[channels]` each.
 * @returns y, shaped as x.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { batchNormTraining } from "./batch_norm_training.ts";
 * const tf = await loadTfjs();
 * const y = batchNormTraining(tf, tf.tensor2d([[1], [3]]), tf.ones([1]), tf.zeros([1]), 0);
 * y.print(); // [[-1], [1]]
 * ```
 */
export function batchNormTraining(
  tf: Tfjs,
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  epsilon: number,
  onStatistics?: (mean: Tensor, variance: Tensor) => void,
): Tensor {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const count = x.size / x.shape[x.rank - 1];
  const sum = (t: Tensor) => tf.sum(t, axes);
  // customGrad's type takes (...inputs: (Tensor | GradSaveFunc)[]); the call passes three tensors.
  const op = tf.customGrad(
    ((input: Tensor, scale: Tensor, offset: Tensor, save: GradSaveFunc) => {
      const mean = tf.div(sum(input), count);
      const centred = tf.sub(input, mean);
      const variance = tf.div(sum(tf.square(centred)), count);
      const inverseStd = tf.rsqrt(tf.add(variance, epsilon));
      const normalised = tf.mul(centred, inverseStd);
      onStatistics?.(mean, variance);
      save([normalised, inverseStd, scale]);
      return {
        value: tf.add(tf.mul(normalised, scale), offset),
        gradFunc: (dy: Tensor, saved: Tensor[]) => {
          const [xhat, invStd, g] = saved;
          const dBeta = sum(dy);
          const dGamma = sum(tf.mul(dy, xhat));
          const centredGradient = tf.sub(
            tf.sub(dy, tf.div(dBeta, count)),
            tf.mul(xhat, tf.div(dGamma, count)),
          );
          return [tf.mul(centredGradient, tf.mul(g, invStd)), dGamma, dBeta];
        },
      };
    }) as unknown as Parameters<Tfjs["customGrad"]>[0],
  );
  return op(x, gamma, beta);
}
