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
 *
 * Both directions are host passes over the backend's heap (./host_op.ts: three passes forward,
 * two backward, per-channel sums and factors in float64), not a dozen kernels each with its own
 * pass and fresh output: the channel statistics stay in the closure between the two. The row
 * passes run on the engine's kernel where it runs (./backward_passes.ts, two float64 lanes at a
 * time, the same bits as the JavaScript ones kept here, about 4x faster on resnet-tiny).
 * @module
 */
import type { GradSaveFunc, Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";
import { hostOp } from "./host_op.ts";
import type { BatchNormPasses } from "./backward_passes.ts";

/** The passes on the engine's kernel, once `useBatchNormPasses` was given them. */
let kernelPasses: BatchNormPasses | undefined;

/**
 * Runs batch norm's passes on the engine's kernel from now on (loadTfjs does, where the kernel
 * runs), or in JavaScript again with undefined. Both give the same bits.
 *
 * @param passes The kernel's passes (./backward_passes.ts), or undefined.
 * @example
 * ```ts
 * import { useBatchNormPasses } from "./batch_norm_training.ts";
 * useBatchNormPasses(undefined); // JavaScript from here on
 * ```
 */
export function useBatchNormPasses(passes: BatchNormPasses | undefined): void {
  kernelPasses = passes;
}

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
 * @param passes The row passes: the engine's kernel's once `useBatchNormPasses` set them, else
 *   the JavaScript ones here (the same bits).
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
  passes: BatchNormPasses = kernelPasses ?? SCRIPT_PASSES,
): Tensor {
  const channels = x.shape[x.rank - 1];
  const count = x.size / channels;
  // customGrad's type takes (...inputs: (Tensor | GradSaveFunc)[]); the call passes three tensors.
  const op = tf.customGrad(
    ((input: Tensor, scale: Tensor, offset: Tensor, save: GradSaveFunc) => {
      const mean = new Float64Array(channels), inverseStd = new Float64Array(channels);
      const gains = new Float64Array(channels);
      const [y, batchMean, batchVariance] = hostOp(
        tf,
        [input, scale, offset],
        [input.shape, [channels], [channels]],
        ([xs, g, b], [out, meanOut, varianceOut]) => {
          const squares = new Float64Array(channels);
          passes.statistics(xs, mean, squares);
          for (let c = 0; c < channels; c++) {
            const variance = squares[c] / count;
            inverseStd[c] = 1 / Math.sqrt(variance + epsilon);
            gains[c] = g[c] * inverseStd[c];
            meanOut[c] = mean[c];
            varianceOut[c] = variance;
          }
          passes.apply(xs, out, mean, gains, b);
        },
      );
      onStatistics?.(batchMean, batchVariance);
      save([input]);
      return {
        value: y,
        gradFunc: (dy: Tensor, [saved]: Tensor[]) =>
          hostOp(
            tf,
            [dy, saved],
            [saved.shape, [channels], [channels]],
            ([g, xs], [dx, dGamma, dBeta]) => {
              const sumDy = new Float64Array(channels), sumDyXhat = new Float64Array(channels);
              passes.gradientSums(g, xs, mean, inverseStd, sumDy, sumDyXhat);
              for (let c = 0; c < channels; c++) {
                dBeta[c] = sumDy[c];
                dGamma[c] = sumDyXhat[c];
                sumDy[c] /= count;
                sumDyXhat[c] /= count;
              }
              const factors = { mean, inverseStd, gains, meanDy: sumDy, meanDyXhat: sumDyXhat };
              passes.inputGradient(g, xs, dx, factors);
            },
          ),
      };
    }) as unknown as Parameters<Tfjs["customGrad"]>[0],
  );
  return op(x, gamma, beta);
}

/** The passes in JavaScript, a row at a time. */
export const SCRIPT_PASSES: BatchNormPasses = {
  statistics(xs, mean, squares) {
    const channels = mean.length;
    mean.fill(0);
    squares.fill(0);
    for (let at = 0; at < xs.length; at += channels) addRow(xs, at, mean);
    for (let c = 0; c < channels; c++) mean[c] /= xs.length / channels;
    for (let at = 0; at < xs.length; at += channels) addSquaredRow(xs, at, mean, squares);
  },
  apply(xs, out, mean, gains, beta) {
    for (let at = 0; at < xs.length; at += mean.length) {
      normaliseRow(xs, out, at, mean, gains, beta);
    }
  },
  gradientSums(dy, xs, mean, inverseStd, sumDy, sumDyXhat) {
    sumDy.fill(0);
    sumDyXhat.fill(0);
    for (let at = 0; at < dy.length; at += mean.length) {
      gradientSumsRow(dy, xs, at, mean, inverseStd, sumDy, sumDyXhat);
    }
  },
  inputGradient(dy, xs, dx, f) {
    for (let at = 0; at < dy.length; at += f.mean.length) inputGradientRow(dy, xs, dx, at, f);
  },
};

// The passes work a row (one value per channel) per call: V8 compiles a function called this
// often whole, where one long loop nest kept leaving its on-stack-replaced inner loop (a
// deoptimisation each time).

/** sums[c] += x[at + c]. */
function addRow(xs: Float32Array, at: number, sums: Float64Array) {
  for (let c = 0; c < sums.length; c++) sums[c] += xs[at + c];
}

/** sums[c] += (x[at + c] - centre[c])^2. */
function addSquaredRow(xs: Float32Array, at: number, centre: Float64Array, sums: Float64Array) {
  for (let c = 0; c < sums.length; c++) {
    const deviation = xs[at + c] - centre[c];
    sums[c] += deviation * deviation;
  }
}

/** y = (x - mean) gamma / sqrt(var + eps) + beta, one row. */
function normaliseRow(
  xs: Float32Array,
  out: Float32Array,
  at: number,
  mean: Float64Array,
  gains: Float64Array,
  beta: Float32Array,
) {
  for (let c = 0; c < mean.length; c++) out[at + c] = (xs[at + c] - mean[c]) * gains[c] + beta[c];
}

/** dbeta += dy, dgamma += dy xhat, one row. */
function gradientSumsRow(
  dy: Float32Array,
  xs: Float32Array,
  at: number,
  mean: Float64Array,
  inverseStd: Float64Array,
  sumDy: Float64Array,
  sumDyXhat: Float64Array,
) {
  for (let c = 0; c < mean.length; c++) {
    sumDy[c] += dy[at + c];
    sumDyXhat[c] += dy[at + c] * (xs[at + c] - mean[c]) * inverseStd[c];
  }
}

/** dx = gamma / sqrt(var + eps) (dy - mean(dy) - xhat mean(dy xhat)), one row. */
function inputGradientRow(
  dy: Float32Array,
  xs: Float32Array,
  dx: Float32Array,
  at: number,
  f: Record<"mean" | "inverseStd" | "gains" | "meanDy" | "meanDyXhat", Float64Array>,
) {
  for (let c = 0; c < f.mean.length; c++) {
    const xhat = (xs[at + c] - f.mean[c]) * f.inverseStd[c];
    dx[at + c] = f.gains[c] * (dy[at + c] - f.meanDy[c] - xhat * f.meanDyXhat[c]);
  }
}
