/**
 * How monotone a loss curve is along an interpolation path (Goodfellow et al. 2015 found the
 * loss from the initial to the final weights nearly monotone; Lucas et al. 2021 measure the
 * largest bump, the "max rise", along the path).
 * @module
 */

/** Monotonicity measures of one curve. */
export interface Monotonicity {
  /** Largest increase L(b) - L(a) over a < b (0 for a non-increasing curve). */
  maxRise: number;
  /** `maxRise` over the total fall L(first) - L(last) (Infinity when the curve does not fall). */
  relativeRise: number;
  /** Share of consecutive steps that do not increase the value, in [0, 1]. */
  decreasingSteps: number;
  /** Values of the first and last points. */
  start: number;
  /** Value of the last point. */
  end: number;
}

/**
 * Measures how close a curve sampled in order (e.g. loss at α = 0..1) is to non-increasing.
 * Runs in one pass: the largest rise is the largest gap above the running minimum.
 *
 * @param values The curve, at increasing α (at least 2 finite values).
 * @returns Max rise, rise relative to the total fall, share of non-increasing steps.
 * @throws {RangeError} With fewer than 2 values or a non-finite one.
 * @example
 * ```ts
 * import { monotonicity } from "./monotonicity.ts";
 * const m = monotonicity([5, 3, 4, 1]);
 * console.log(m.maxRise, m.relativeRise, m.decreasingSteps); // 1 0.25 0.6666666666666666
 * ```
 */
export function monotonicity(values: ArrayLike<number>): Monotonicity {
  if (values.length < 2) {
    throw new RangeError(`A monotonicity measure needs at least 2 values: got ${values.length}`);
  }
  let runningMin = Infinity, maxRise = 0, down = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) {
      throw new RangeError(`Value ${i} of the curve is not finite: ${value}`);
    }
    maxRise = Math.max(maxRise, value - runningMin);
    runningMin = Math.min(runningMin, value);
    if (i > 0 && value <= values[i - 1]) down++;
  }
  const start = values[0], end = values[values.length - 1];
  const fall = start - end;
  return {
    maxRise,
    relativeRise: fall > 0 ? maxRise / fall : Infinity,
    decreasingSteps: down / (values.length - 1),
    start,
    end,
  };
}
