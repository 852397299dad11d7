/**
 * Everything weight influence records at one checkpoint, overall and per layer: the gradient
 * intensity curve, the share of weights carrying 80% of the importance, histograms of signed
 * values and of log10 magnitudes for the weights and the gradient (bins fitted to this
 * checkpoint's range, as TensorBoard does per step: signed values on the central 99% of |v| with
 * the rest in the end bins, magnitudes without the exact zeros, which are counted apart), and the
 * distribution percentiles.
 * @module
 */
import { layerValues, type ParameterLayer } from "../layers.ts";
import {
  DISTRIBUTION_PERCENTILES,
  evenEdges,
  type Histogram,
  histogram,
  HISTOGRAM_BINS,
  percentiles,
} from "./histograms.ts";
import { firstOrderImportance, intensityOfSorted, sortedMagnitudes } from "./importance.ts";

/** Merges ascending arrays into one ascending array. */
function mergeSorted(arrays: Float32Array[]): Float32Array {
  let merged = arrays[0] ?? new Float32Array(0);
  for (const next of arrays.slice(1)) {
    const out = new Float32Array(merged.length + next.length);
    let i = 0, j = 0, k = 0;
    while (i < merged.length && j < next.length) {
      out[k++] = merged[i] <= next[j] ? merged[i++] : next[j++];
    }
    while (i < merged.length) out[k++] = merged[i++];
    while (j < next.length) out[k++] = next[j++];
    merged = out;
  }
  return merged;
}

/** Influence of one layer at one checkpoint. */
export interface LayerInfluence {
  /** Share of total importance carried by the top weights, sampled like the overall curve. */
  intensity: number[];
  /** Share of this layer's weights carrying 80% of its importance. */
  carriers80: number;
  /** Sum of |w * g| over the layer. */
  importance: number;
  /** Histograms: signed gradient, log10 |gradient|, signed weight, log10 |weight|. */
  histograms: Record<"gradient" | "gradientLog" | "weight" | "weightLog", Histogram>;
  /** DISTRIBUTION_PERCENTILES of the gradient and of the weights. */
  percentiles: { gradient: number[]; weight: number[] };
}

/** Influence at one checkpoint. */
export interface CheckpointInfluence {
  /** The overall intensity curve (importance share at each weight share). */
  intensity: number[];
  /** Share of all weights carrying 80% of the importance. */
  carriers80: number;
  /** Total importance. */
  importance: number;
  /** Per layer, in model order. */
  layers: LayerInfluence[];
}

/** The percentiles taken: the distribution bands' nine, and 0.5 and 99.5 for the signed range. */
const TAKEN = [...DISTRIBUTION_PERCENTILES, 0.5, 99.5];

/**
 * Signed values on [-R, R], R the larger of |0.5th| and |99.5th percentile|, so that a few
 * outliers do not squeeze the histogram into one bin; values beyond fall in the end bins.
 */
function signedHistogram(values: Float32Array, taken: number[], bins: number): Histogram {
  const range = Math.max(Math.abs(taken[9]), Math.abs(taken[10])) || 1;
  return histogram(values, evenEdges(-range, range, bins));
}

/** log10 |v| of the non-zero values on their own range; exact zeros are counted apart. */
function logHistogram(values: Float32Array, bins: number): Histogram {
  let low = Infinity, high = -Infinity, zeros = 0;
  const logs = new Float32Array(values.length);
  let n = 0;
  for (const v of values) {
    if (v === 0) zeros++;
    if (v === 0 || !Number.isFinite(v)) continue;
    const log = Math.log10(Math.abs(v));
    logs[n++] = log;
    low = Math.min(low, log);
    high = Math.max(high, log);
  }
  if (!Number.isFinite(low)) [low, high] = [-1, 0];
  return { ...histogram(logs.subarray(0, n), evenEdges(low, high, bins)), zeros };
}

/**
 * Summarises weight influence at one checkpoint.
 *
 * @param layers The layers owning trainable weights.
 * @param values The weights.
 * @param gradient dL/dw.
 * @param options Curve points (default 101) and histogram bins (default {@linkcode HISTOGRAM_BINS}).
 * @returns Overall and per-layer curves, histograms and percentiles.
 * @example
 * ```ts
 * import { buildLayout } from "../../model/layout.ts";
 * import { checkpointInfluence } from "./checkpoint_influence.ts";
 * const slots = buildLayout([{ name: "d/kernel", shape: [4], role: "kernel" }]).tensors;
 * const result = checkpointInfluence([{ name: "d", slots, size: 4 } as never], new Float32Array([1, 2, 3, 4]), new Float32Array([1, 0, 0, 1]), { bins: 4 });
 * console.log(result.carriers80, result.layers[0].histograms.weight.counts); // 0.25 [0, 0, 1, 3]
 * ```
 */
export function checkpointInfluence(
  layers: readonly Pick<ParameterLayer, "slots">[],
  values: Float32Array,
  gradient: Float32Array,
  options: { points?: number; bins?: number } = {},
): CheckpointInfluence {
  const { points = 101, bins = HISTOGRAM_BINS } = options;
  const perLayer = layers.map((layer) => {
    const w = layerValues(layer, values), g = layerValues(layer, gradient);
    const sorted = sortedMagnitudes(firstOrderImportance(w, g));
    const curve = intensityOfSorted(sorted, points);
    const takenG = percentiles(g, TAKEN), takenW = percentiles(w, TAKEN);
    return {
      sorted,
      entry: {
        intensity: curve.importanceShare,
        carriers80: curve.carrying80,
        importance: curve.total,
        histograms: {
          gradient: signedHistogram(g, takenG, bins),
          gradientLog: logHistogram(g, bins),
          weight: signedHistogram(w, takenW, bins),
          weightLog: logHistogram(w, bins),
        },
        percentiles: { gradient: takenG.slice(0, 9), weight: takenW.slice(0, 9) },
      },
    };
  });
  const curve = intensityOfSorted(mergeSorted(perLayer.map((layer) => layer.sorted)), points);
  return {
    intensity: curve.importanceShare,
    carriers80: curve.carrying80,
    importance: curve.total,
    layers: perLayer.map((layer) => layer.entry),
  };
}
