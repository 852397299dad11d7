/**
 * Random walks in weight space with given step lengths, and the closed-form share of variance
 * each principal component of a random walk takes in high dimension (Antognini &
 * Sohl-Dickstein 2018: about 6 / (pi^2 k^2) for the k-th, so about 61% for the first).
 * @module
 */

import { createRng } from "../random.ts";
import { symmetricEigen } from "../directions/symmetric_eigen.ts";

/**
 * A random walk from the origin: step t is an isotropic Gaussian direction scaled to
 * `stepLengths[t]`.
 *
 * @param stepLengths Length of each step (>= 0).
 * @param dimension Dimension of the space.
 * @param seed Seed of the directions.
 * @returns `stepLengths.length + 1` positions, the origin first.
 * @throws {RangeError} On a negative or non-finite step length, or a dimension below 1.
 * @example
 * ```ts
 * import { randomWalk } from "./random_walk.ts";
 * const walk = randomWalk([3, 3], 100, 1);
 * console.log(walk.length, Math.hypot(...walk[1]).toFixed(3)); // 3 "3.000"
 * ```
 */
export function randomWalk(
  stepLengths: readonly number[],
  dimension: number,
  seed: number,
): Float32Array[] {
  if (!Number.isInteger(dimension) || dimension < 1) {
    throw new RangeError(`A random walk's dimension must be an integer >= 1: got ${dimension}`);
  }
  const rng = createRng(seed);
  const position = new Float64Array(dimension);
  const walk = [new Float32Array(dimension)];
  const step = new Float64Array(dimension);
  for (const length of stepLengths) {
    if (!(length >= 0 && Number.isFinite(length))) {
      throw new RangeError(`Step lengths must be finite and >= 0: got ${length}`);
    }
    let norm = 0;
    for (let i = 0; i < dimension; i++) {
      step[i] = rng.normal();
      norm += step[i] * step[i];
    }
    const scale = length / Math.sqrt(norm);
    for (let i = 0; i < dimension; i++) position[i] += scale * step[i];
    walk.push(Float32Array.from(position));
  }
  return walk;
}

/**
 * The expected PCA variance shares of an equal-step random walk of `steps` steps (its
 * `steps + 1` positions, the origin included) as the dimension grows without bound: the
 * normalised eigenvalues of the centred Brownian covariance `C K C`, `K[i][j] = min(i, j)`.
 *
 * @param steps Number of steps (>= 1).
 * @param count How many leading shares (default all, `steps`).
 * @returns Shares, largest first.
 * @example
 * ```ts
 * import { randomWalkVarianceShares } from "./random_walk.ts";
 * console.log(randomWalkVarianceShares(1)); // [1]
 * ```
 */
export function randomWalkVarianceShares(steps: number, count = steps): number[] {
  if (!Number.isInteger(steps) || steps < 1) {
    throw new RangeError(`A random walk needs an integer number of steps >= 1: got ${steps}`);
  }
  const n = steps + 1;
  const kernel = Array.from(
    { length: n },
    (_, i) => Array.from({ length: n }, (_, j) => Math.min(i, j)),
  );
  const rowMean = kernel.map((row) => row.reduce((sum, v) => sum + v, 0) / n);
  const allMean = rowMean.reduce((sum, v) => sum + v, 0) / n;
  const centred = kernel.map((row, i) => row.map((v, j) => v - rowMean[i] - rowMean[j] + allMean));
  const values = symmetricEigen(centred).values.map((v) => Math.max(v, 0)).sort((a, b) => b - a);
  const total = values.reduce((sum, v) => sum + v, 0);
  return values.slice(0, Math.min(count, steps)).map((v) => v / total);
}
