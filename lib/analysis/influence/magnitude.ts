/**
 * Influence against weight magnitude: the mean |dL/dw| of the weights whose |w| falls in each
 * bin. A curve that falls as |w| grows says large weights are settled and small ones still move
 * the loss; a rising one says the loss leans on its largest weights.
 * @module
 */
import { evenEdges } from "./histograms.ts";

/** Mean |gradient| per bin of |weight|. */
export interface MagnitudeBins {
  /** bins + 1 edges of |w|, from 0 to the largest |w|. */
  edges: number[];
  /** Mean |dL/dw| in each bin (NaN for an empty bin). */
  meanAbsGradient: number[];
  /** Weights in each bin. */
  counts: number[];
}

/**
 * Bins weights by |w| on [0, max |w|] and averages |dL/dw| in each bin.
 *
 * @param values The weights of one layer.
 * @param gradient Their gradient.
 * @param bins Number of bins. Default 20.
 * @returns Edges, mean |gradient| and counts per bin.
 * @example
 * ```ts
 * import { influenceByMagnitude } from "./magnitude.ts";
 * const bins = influenceByMagnitude(new Float32Array([0.1, -0.9, 1]), new Float32Array([4, 1, 3]), 2);
 * console.log(bins.meanAbsGradient); // [4, 2]
 * ```
 */
export function influenceByMagnitude(
  values: ArrayLike<number>,
  gradient: ArrayLike<number>,
  bins = 20,
): MagnitudeBins {
  if (values.length !== gradient.length) {
    throw new RangeError(
      `Weights and gradient must have one length: got ${values.length} and ${gradient.length}`,
    );
  }
  let top = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) top = Math.max(top, Math.abs(values[i]));
  }
  const edges = evenEdges(0, top, bins);
  const sums = new Float64Array(bins), counts = new Array<number>(bins).fill(0);
  const width = edges[bins] / bins;
  for (let i = 0; i < values.length; i++) {
    const magnitude = Math.abs(values[i]), g = Math.abs(gradient[i]);
    if (!Number.isFinite(magnitude) || !Number.isFinite(g)) continue;
    const bin = Math.min(bins - 1, Math.floor(magnitude / width));
    sums[bin] += g;
    counts[bin]++;
  }
  return {
    edges,
    meanAbsGradient: Array.from(sums, (sum, i) => (counts[i] > 0 ? sum / counts[i] : NaN)),
    counts,
  };
}
