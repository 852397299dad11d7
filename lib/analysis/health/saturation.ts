/**
 * Saturation of a layer in the sense of delve (Shenk et al. 2021, "Feature Space Saturation
 * during Training", sec. 3): the number k of eigen-directions of the activation covariance
 * needed to explain a share (99%) of its variance, divided by the layer's width. Low
 * saturation: the layer's outputs live in a few directions (spare capacity, or a collapse);
 * near 1: every unit carries its own variance.
 * @module
 */
import { symmetricEigenvalues } from "./eigenvalues.ts";

/** Saturation of one layer. */
export interface Saturation {
  /** k / width, in [0, 1] (0 when the activations do not vary). */
  saturation: number;
  /** k: eigen-directions needed to reach the share of the variance. */
  components: number;
  /** The layer's width (units or channels). */
  width: number;
}

/**
 * The covariance of activations from running sums: (sum x x^T - n mean mean^T) / n.
 *
 * @param gram sum over rows of x x^T, `width x width` row-major.
 * @param sum sum over rows of x.
 * @param rows Number of rows (samples, times positions for a convolution).
 * @returns The (biased) covariance, `width x width`.
 * @example
 * ```ts
 * import { covarianceFromSums } from "./saturation.ts";
 * // rows [1] and [3]: gram 10, sum 4, mean 2, variance 1
 * console.log(covarianceFromSums(new Float64Array([10]), new Float64Array([4]), 2)); // [1]
 * ```
 */
export function covarianceFromSums(
  gram: ArrayLike<number>,
  sum: ArrayLike<number>,
  rows: number,
): Float64Array {
  const width = sum.length;
  const covariance = new Float64Array(width * width);
  if (rows === 0) return covariance;
  for (let i = 0; i < width; i++) {
    for (let j = 0; j < width; j++) {
      covariance[i * width + j] = gram[i * width + j] / rows - (sum[i] / rows) * (sum[j] / rows);
    }
  }
  return covariance;
}

/**
 * Saturation from a covariance matrix.
 *
 * @param covariance `width x width`, row-major, symmetric.
 * @param width Its order.
 * @param share Share of the variance to explain, in (0, 1]. Default 0.99 (delve's).
 * @returns Saturation, k and width.
 * @example
 * ```ts
 * import { saturation } from "./saturation.ts";
 * // variances 100, 1, 0 on the axes: one direction explains 99%
 * console.log(saturation(new Float64Array([100, 0, 0, 0, 1, 0, 0, 0, 0]), 3).components); // 1
 * ```
 */
export function saturation(covariance: ArrayLike<number>, width: number, share = 0.99): Saturation {
  if (!(share > 0 && share <= 1)) throw new RangeError(`Share must be in (0, 1]: got ${share}`);
  const eigenvalues = symmetricEigenvalues(covariance, width).map((v) => Math.max(v, 0));
  const total = eigenvalues.reduce((sum, v) => sum + v, 0);
  if (!(total > 0)) return { saturation: 0, components: 0, width };
  let running = 0, components = 0;
  // Rounding in the eigenvalues must not demand one more direction than the exact answer.
  while (components < width && running < share * total * (1 - 1e-9)) {
    running += eigenvalues[components++];
  }
  return { saturation: components / width, components, width };
}
