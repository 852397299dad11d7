/**
 * First-order importance of each weight, |w * dL/dw|: how much the loss moves, to first order,
 * when the weight is set to zero (the Taylor criterion of Molchanov et al. 2017, "Pruning
 * Convolutional Neural Networks for Resource Efficient Inference", eq. 8), and the gradient
 * intensity curve: weights sorted by importance against their cumulative share of the total.
 * @module
 */
import { sortFloat32 } from "./sort_float32.ts";

/**
 * |w_i * g_i| for every weight.
 *
 * @param values The weights.
 * @param gradient dL/dw, the same length.
 * @returns The importances.
 * @throws {RangeError} When the lengths differ.
 * @example
 * ```ts
 * import { firstOrderImportance } from "./importance.ts";
 * console.log(firstOrderImportance(new Float32Array([2, -1]), new Float32Array([0.5, 3]))); // [1, 3]
 * ```
 */
export function firstOrderImportance(values: Float32Array, gradient: Float32Array): Float32Array {
  if (values.length !== gradient.length) {
    throw new RangeError(
      `Weights and gradient must have one length: got ${values.length} and ${gradient.length}`,
    );
  }
  const importance = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) importance[i] = Math.abs(values[i] * gradient[i]);
  return importance;
}

/** A gradient intensity curve, sampled at fixed shares of the weights. */
export interface IntensityCurve {
  /** Shares of the weights, most important first: 0, 1/(points-1), ..., 1. */
  weightShare: number[];
  /** Share of the total importance those weights carry (non-decreasing, ends at 1). */
  importanceShare: number[];
  /** Total importance (sum of |w * g|). */
  total: number;
  /** The smallest share of the weights carrying 80% of the importance (see weightShareCarrying). */
  carrying80: number;
}

/**
 * |v| in ascending order, non-finite entries as 0.
 *
 * @param values The values.
 * @returns A new sorted array.
 * @example
 * ```ts
 * import { sortedMagnitudes } from "./importance.ts";
 * console.log(sortedMagnitudes([-3, NaN, 1])); // [0, 1, 3]
 * ```
 */
export function sortedMagnitudes(values: ArrayLike<number>): Float32Array {
  const sorted = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]);
    sorted[i] = v === Infinity || v !== v ? 0 : v;
  }
  return sortFloat32(sorted);
}

/** How many of the largest entries of an ascending array reach `share` of its total. */
function countCarrying(sorted: Float32Array, total: number, share: number): number {
  let running = 0;
  for (let i = sorted.length - 1; i >= 0; i--) {
    running += sorted[i];
    if (running >= share * total * (1 - 1e-12)) return sorted.length - i;
  }
  return sorted.length;
}

/**
 * Sorts importances in descending order and samples their cumulative share of the total at
 * evenly spaced shares of the weights (linear interpolation between whole weights).
 *
 * @param importance |w * g| per weight (non-finite entries count as 0).
 * @param points Samples of the curve, at least 2. Default 101 (every percent).
 * @returns The curve; all zeros when the total is 0.
 * @example
 * ```ts
 * import { intensityCurve } from "./importance.ts";
 * const curve = intensityCurve(new Float32Array([3, 1, 0, 0]), 5);
 * console.log(curve.importanceShare); // [0, 0.75, 1, 1, 1]
 * ```
 */
export function intensityCurve(importance: ArrayLike<number>, points = 101): IntensityCurve {
  return intensityOfSorted(sortedMagnitudes(importance), points);
}

/**
 * The intensity curve of magnitudes already sorted in ascending order (as
 * {@linkcode intensityCurve}, without sorting again).
 *
 * @param sorted Non-negative finite values, ascending.
 * @param points Samples of the curve, at least 2. Default 101.
 * @returns The curve.
 * @example
 * ```ts
 * import { intensityOfSorted } from "./importance.ts";
 * console.log(intensityOfSorted(new Float32Array([0, 0, 1, 3]), 5).carrying80); // 0.5
 * ```
 */
export function intensityOfSorted(sorted: Float32Array, points = 101): IntensityCurve {
  if (!Number.isInteger(points) || points < 2) {
    throw new RangeError(`Curve points must be an integer >= 2: got ${points}`);
  }
  const n = sorted.length;
  // cumulative[k]: the sum of the k largest importances.
  const cumulative = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) cumulative[k + 1] = cumulative[k] + sorted[n - 1 - k];
  const total = cumulative[n];
  const weightShare: number[] = [], importanceShare: number[] = [];
  for (let p = 0; p < points; p++) {
    const share = p / (points - 1);
    const position = share * n;
    const whole = Math.min(Math.floor(position), n);
    const partial = whole < n ? (position - whole) * sorted[n - 1 - whole] : 0;
    weightShare.push(share);
    importanceShare.push(total > 0 ? Math.min(1, (cumulative[whole] + partial) / total) : 0);
  }
  const carrying80 = total > 0 && n > 0 ? countCarrying(sorted, total, 0.8) / n : 0;
  return { weightShare, importanceShare, total, carrying80 };
}

/**
 * The smallest share of the weights (most important first) that carries at least `share` of
 * the total importance: "10% of the weights carry 80%".
 *
 * @param importance |w * g| per weight.
 * @param share Target share of the importance, in (0, 1]. Default 0.8.
 * @returns A share of the weights in [0, 1] (0 when the total is 0).
 * @example
 * ```ts
 * import { weightShareCarrying } from "./importance.ts";
 * console.log(weightShareCarrying(new Float32Array([8, 1, 1, 0]), 0.8)); // 0.25
 * ```
 */
export function weightShareCarrying(importance: ArrayLike<number>, share = 0.8): number {
  if (!(share > 0 && share <= 1)) throw new RangeError(`Share must be in (0, 1]: got ${share}`);
  const sorted = sortedMagnitudes(importance);
  let total = 0;
  for (const v of sorted) total += v;
  return total > 0 ? countCarrying(sorted, total, share) / sorted.length : 0;
}
