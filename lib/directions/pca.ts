/**
 * The principal plane of a training trajectory (Li et al. 2018, sec. 7): PCA
 * of the checkpoints' offsets from the final weights, and the projection of
 * every checkpoint onto that plane.
 * @module
 */
import { symmetricEigen } from "./symmetric_eigen.ts";
import { LosscapeError } from "../errors.ts";

/** Training checkpoints projected onto a 2D plane (e.g. the PCA plane). */
export interface ProjectedPath {
  /** One point per checkpoint, in checkpoint order; the last is the final weights. */
  points: { epoch: number; x: number; y: number }[];
  /** Fraction of the trajectory's variance along each plane axis, in [0, 1]. */
  explainedVariance: [number, number];
}

/** The top two principal directions of a trajectory. */
export interface PrincipalPlane {
  /** First principal direction (unit length, float32). */
  d1: Float32Array;
  /** Second principal direction (unit length, orthogonal to d1). */
  d2: Float32Array;
  /** Fraction of the (centred) variance along d1 and d2. */
  explainedVariance: [number, number];
}

/** The dot product of the rows `a - final - mean` and `b - final - mean`. */
function centredDot(
  a: Float32Array,
  b: Float32Array,
  final: Float32Array,
  mean: Float64Array,
): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    sum += (a[i] - final[i] - mean[i]) * (b[i] - final[i] - mean[i]);
  }
  return sum;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * PCA of `checkpoint - final` over the checkpoints, through the small Gram
 * matrix (T x T for T checkpoints) instead of the P x P covariance.
 *
 * @param checkpoints Flat weights in trajectory order (at least 3, equal lengths).
 * @param final The weights at the centre (usually the last checkpoint).
 * @returns Two orthonormal directions and their explained variance ratios.
 * @throws {RangeError} With fewer than 3 checkpoints or mismatched lengths.
 * @throws {LosscapeError} When the trajectory lacks two independent directions (train longer).
 * @example
 * ```ts
 * import { principalPlane } from "./pca.ts";
 * const path = [[0, 0, 4], [1, 0, 2], [0, 1, 1], [0, 0, 0]].map((v) => new Float32Array(v));
 * console.log(principalPlane(path, path[3]).d1.length); // 3
 * ```
 */
export function principalPlane(checkpoints: Float32Array[], final: Float32Array): PrincipalPlane {
  const count = checkpoints.length;
  if (count < 3) {
    throw new RangeError(`PCA of a trajectory needs at least 3 checkpoints: got ${count}`);
  }
  const size = final.length;
  for (const checkpoint of checkpoints) {
    if (checkpoint.length !== size) {
      throw new RangeError(`Checkpoints must have ${size} values: got ${checkpoint.length}`);
    }
  }
  // Offsets from the final weights, centred over the checkpoints (as sklearn's PCA does).
  const mean = new Float64Array(size);
  for (const checkpoint of checkpoints) {
    for (let i = 0; i < size; i++) mean[i] += (checkpoint[i] - final[i]) / count;
  }
  // A row is checkpoint - final - mean, computed where it is used instead of stored: the same
  // float64 operations in the same order (so the same bits), without 8 bytes per weight and
  // checkpoint of fresh memory (7 MB for the default MLP's nine checkpoints).
  // Symmetric: each pair's dot product once (b . a sums the same products in the same order).
  const gram = checkpoints.map(() => new Array<number>(count));
  for (let a = 0; a < count; a++) {
    for (let b = a; b < count; b++) {
      gram[a][b] = gram[b][a] = centredDot(checkpoints[a], checkpoints[b], final, mean);
    }
  }
  const { values, vectors } = symmetricEigen(gram);
  const total = values.reduce((sum, value) => sum + Math.max(value, 0), 0);
  const directions = [0, 1].map((k) => {
    if (!(values[k] > 1e-12 * total)) {
      throw new LosscapeError(
        `The trajectory spans fewer than 2 directions (eigenvalue ${k + 1} is ${
          values[k]
        }): train longer`,
      );
    }
    const direction = new Float64Array(size);
    checkpoints.forEach((checkpoint, t) => {
      const weight = vectors[k][t];
      for (let i = 0; i < size; i++) direction[i] += weight * (checkpoint[i] - final[i] - mean[i]);
    });
    const norm = Math.sqrt(dot(direction, direction));
    // A plain loop: Float32Array.from with a map function took ~45 ms here (measured).
    const unit = new Float32Array(size);
    for (let i = 0; i < size; i++) unit[i] = direction[i] / norm;
    return unit;
  });
  return {
    d1: directions[0],
    d2: directions[1],
    explainedVariance: [values[0] / total, values[1] / total],
  };
}

/**
 * Projects each checkpoint's offset from the final weights onto the plane.
 *
 * @param checkpoints Flat weights in trajectory order.
 * @param final The centre of the plane.
 * @param plane The principal plane.
 * @returns One (x, y) per checkpoint, labelled with its index as the epoch.
 * @example
 * ```ts
 * import { principalPlane, projectTrajectory } from "./pca.ts";
 * const path = [[0, 0, 4], [1, 0, 2], [0, 1, 1], [0, 0, 0]].map((v) => new Float32Array(v));
 * const projected = projectTrajectory(path, path[3], principalPlane(path, path[3]));
 * console.log(projected.points.length); // 4
 * ```
 */
export function projectTrajectory(
  checkpoints: Float32Array[],
  final: Float32Array,
  plane: PrincipalPlane,
): ProjectedPath {
  const points = checkpoints.map((checkpoint, epoch) => {
    let x = 0;
    let y = 0;
    for (let i = 0; i < final.length; i++) {
      const offset = checkpoint[i] - final[i];
      x += offset * plane.d1[i];
      y += offset * plane.d2[i];
    }
    return { epoch, x, y };
  });
  return { points, explainedVariance: plane.explainedVariance };
}
