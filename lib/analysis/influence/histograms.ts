/**
 * Histograms and percentiles of weights and gradients, as TensorBoard draws them over training
 * (its histogram and distribution views): fixed bins shared by every checkpoint so the
 * distributions line up, signed values on a symmetric range and magnitudes as log10 |v|.
 * @module
 */
import { sortFloat32 } from "./sort_float32.ts";

/** Bins of the analyses' histograms (weights, gradients, activations) unless told otherwise. */
export const HISTOGRAM_BINS = 40;

/** Bin edges and counts. */
export interface Histogram {
  /** bins + 1 increasing edges. */
  edges: number[];
  /** Count per bin; values outside the edges fall in the first or last bin. */
  counts: number[];
  /** log10 histograms only: exact zeros, which have no logarithm and are left out of the bins. */
  zeros?: number;
}

/**
 * Evenly spaced edges.
 *
 * @param low Lowest edge.
 * @param high Highest edge (raised to low + 1 when not above low).
 * @param bins Number of bins, at least 1.
 * @returns bins + 1 edges.
 * @example
 * ```ts
 * import { evenEdges } from "./histograms.ts";
 * console.log(evenEdges(-1, 1, 4)); // [-1, -0.5, 0, 0.5, 1]
 * ```
 */
export function evenEdges(low: number, high: number, bins: number): number[] {
  if (!Number.isInteger(bins) || bins < 1) {
    throw new RangeError(`Bins must be an integer >= 1: got ${bins}`);
  }
  const top = high > low ? high : low + 1;
  // Each edge weighs the two ends (not low + i * step): a range symmetric about 0 gets edges
  // symmetric bit for bit, the middle one exactly 0. The gradients of weights on inputs that are
  // always 0 (a digit's border pixels) are exact zeros, and rounding must not decide their side.
  return Array.from(
    { length: bins + 1 },
    (_, i) => i === 0 ? low : i === bins ? top : (low * (bins - i) + top * i) / bins,
  );
}

/**
 * Counts values in bins. Non-finite values are skipped; values below the first edge or above
 * the last are clamped into the end bins, so the counts sum to the number of finite values.
 * A value on an inner edge belongs to the bin on its right.
 *
 * @param values The values (e.g. a layer's weights, or log10 |gradient|).
 * @param edges Increasing bin edges, at least 2.
 * @returns Edges and counts.
 * @example
 * ```ts
 * import { histogram } from "./histograms.ts";
 * console.log(histogram([0.1, 0.6, 5, -3], [0, 0.5, 1]).counts); // [2, 2]
 * ```
 */
export function histogram(values: ArrayLike<number>, edges: readonly number[]): Histogram {
  if (edges.length < 2) throw new RangeError(`Histogram needs >= 2 edges: got ${edges.length}`);
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  const low = edges[0], width = (edges[bins] - low) / bins;
  const even = edges.every((edge, i) =>
    Math.abs(edge - (low + i * width)) <= 1e-9 * Math.abs(width) * bins
  );
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    let bin: number;
    if (even) {
      bin = Math.floor((v - low) / width);
      // The quotient can round across an edge: the edges themselves decide.
      if (bin >= 0 && bin < bins) {
        if (v < edges[bin]) bin--;
        else if (bin + 1 < bins && v >= edges[bin + 1]) bin++;
      }
    } else {
      bin = 0;
      while (bin < bins && v >= edges[bin + 1]) bin++;
    }
    counts[Math.max(0, Math.min(bins - 1, bin))]++;
  }
  return { edges: [...edges], counts };
}

/**
 * log10 |v| for each value; exact zeros map to `floor` (they have no logarithm).
 *
 * @param values The values.
 * @param floor What a zero becomes. Default -12.
 * @returns log10 of the magnitudes.
 * @example
 * ```ts
 * import { log10Magnitudes } from "./histograms.ts";
 * console.log(log10Magnitudes([100, -0.01, 0])); // [2, -2, -12]
 * ```
 */
export function log10Magnitudes(values: ArrayLike<number>, floor = -12): Float32Array {
  const logs = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    logs[i] = values[i] === 0 ? floor : Math.log10(Math.abs(values[i]));
  }
  return logs;
}

/** TensorBoard's distribution bands: min, the 7th, 16th, 31st, 50th, 69th, 84th, 93rd percentiles, max. */
export const DISTRIBUTION_PERCENTILES = [0, 7, 16, 31, 50, 69, 84, 93, 100] as const;

/**
 * Percentiles by linear interpolation between order statistics (NumPy's default); non-finite
 * values are skipped.
 *
 * @param values The values.
 * @param percents Percentiles in [0, 100]. Default {@linkcode DISTRIBUTION_PERCENTILES}.
 * @returns One value per percentile (NaN when no value is finite).
 * @example
 * ```ts
 * import { percentiles } from "./histograms.ts";
 * console.log(percentiles([4, 1, 3, 2], [0, 50, 100])); // [1, 2.5, 4]
 * ```
 */
export function percentiles(
  values: ArrayLike<number>,
  percents: readonly number[] = DISTRIBUTION_PERCENTILES,
): number[] {
  const finite = new Float32Array(values.length);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] - values[i] === 0) finite[count++] = values[i];
  }
  const sorted = sortFloat32(finite.subarray(0, count));
  if (sorted.length === 0) return percents.map(() => NaN);
  return percents.map((p) => {
    const position = (p / 100) * (sorted.length - 1);
    const below = Math.floor(position), above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  });
}
