import { symmetricEigen } from "../directions/symmetric_eigen.ts";
/**
 * The share of variance along each principal component of a set of points in weight space
 * (checkpoints of a trajectory, or a random walk), through the small Gram matrix.
 * @module
 */

/**
 * PCA explained-variance ratios of points, centred on their mean (as sklearn's PCA does).
 *
 * @param points Points of equal length (at least 2).
 * @param count How many leading ratios to return (default: all, one fewer than the points).
 * @returns Ratios, largest first; they sum to 1 over all components.
 * @throws {RangeError} With fewer than 2 points, unequal lengths, or all points equal.
 * @example
 * ```ts
 * import { explainedVarianceRatios } from "./explained_variance.ts";
 * const points = [[0, 0], [2, 1], [4, 0], [6, 1]].map((p) => Float32Array.from(p));
 * console.log(explainedVarianceRatios(points, 2).map((r) => r.toFixed(3))); // ["0.981", "0.019"]
 * ```
 */
export function explainedVarianceRatios(
  points: readonly ArrayLike<number>[],
  count = points.length - 1,
): number[] {
  const n = points.length;
  if (n < 2) throw new RangeError(`PCA needs at least 2 points: got ${n}`);
  const size = points[0].length;
  const mean = new Float64Array(size);
  for (const point of points) {
    if (point.length !== size) {
      throw new RangeError(`Points must have ${size} values: got ${point.length}`);
    }
    for (let i = 0; i < size; i++) mean[i] += point[i] / n;
  }
  const rows = points.map((point) => Float64Array.from(mean, (m, i) => point[i] - m));
  const gram = rows.map((a) =>
    rows.map((b) => {
      let sum = 0;
      for (let i = 0; i < size; i++) sum += a[i] * b[i];
      return sum;
    })
  );
  const { values } = symmetricEigen(gram);
  const sorted = values.map((v) => Math.max(v, 0)).sort((a, b) => b - a);
  const total = sorted.reduce((sum, v) => sum + v, 0);
  if (!(total > 0)) throw new RangeError("PCA of identical points: there is no variance");
  return sorted.slice(0, Math.min(count, n - 1)).map((v) => v / total);
}
