/**
 * The health of each layer at one checkpoint: delve's saturation and the dead-unit share from
 * its outputs, and the norms of its weights, its gradient and its last update.
 * @module
 */
import type { ParameterLayer } from "../layers.ts";
import { layerValues } from "../layers.ts";
import type { ActivationStatistics } from "./activation_statistics.ts";
import { covarianceFromSums, saturation } from "./saturation.ts";

/** Health figures of one layer at one checkpoint; null where the layer has nothing to measure. */
export interface LayerHealth {
  /** The layer's name. */
  layer: string;
  /** delve saturation (k / width), from the output covariance; null for a layer not measured. */
  saturation: number | null;
  /** k: eigen-directions explaining 99% of the output variance. */
  components: number | null;
  /** Units or channels. */
  width: number | null;
  /** ReLU layers: share of units (conv: channels) never above 0 on the evaluation set. */
  deadFraction: number | null;
  /** tanh and sigmoid layers: share of outputs within 1% of the activation's bounds. */
  boundShare: number | null;
  /** ||w|| over the layer's trainable weights. */
  weightNorm: number | null;
  /** ||dL/dw|| over them. */
  gradientNorm: number | null;
  /** ||w_t - w_{t-1}|| / ||w_{t-1}|| since the previous checkpoint; null at the first. */
  updateRatio: number | null;
}

function norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return Math.sqrt(sum);
}

/** Activations whose units can die: 0 for every negative input. */
const RELU_LIKE = new Set(["relu"]);

/** Share of a tanh or sigmoid layer's outputs within 1% of the bounds; null for others. */
function atBounds(activation: string, sample: Float32Array): number | null {
  if ((activation !== "tanh" && activation !== "sigmoid") || sample.length === 0) return null;
  const near = activation === "tanh"
    ? (v: number) => Math.abs(v) > 0.98
    : (v: number) => v < 0.01 || v > 0.99;
  return sample.reduce((n, v) => n + (near(v) ? 1 : 0), 0) / sample.length;
}

/**
 * Health of every layer at one checkpoint.
 *
 * @param names Layer names in model order (every layer measured or owning weights).
 * @param statistics Output statistics of the measured layers.
 * @param layers The layers owning trainable weights.
 * @param values The weights.
 * @param gradient Their gradient.
 * @param previous The previous checkpoint's weights, for the update ratio.
 * @param share Variance share for saturation. Default 0.99.
 * @returns One entry per name.
 * @example
 * ```ts
 * import { layerHealth } from "./layer_health.ts";
 * const stats = { layer: "d", activation: "relu" as const, width: 2, rows: 2, gram: new Float64Array([2, 0, 0, 0]), sum: new Float64Array([0, 0]), max: new Float32Array([1, 0]), sample: new Float32Array(0) };
 * console.log(layerHealth(["d"], [stats], [], new Float32Array(0), new Float32Array(0))[0].deadFraction); // 0.5
 * ```
 */
export function layerHealth(
  names: readonly string[],
  statistics: readonly ActivationStatistics[],
  layers: readonly ParameterLayer[],
  values: Float32Array,
  gradient: Float32Array,
  previous?: Float32Array,
  share = 0.99,
): LayerHealth[] {
  return names.map((layer) => {
    const stats = statistics.find((entry) => entry.layer === layer);
    const owner = layers.find((entry) => entry.name === layer);
    let measured = { saturation: null, components: null, width: null } as Pick<
      LayerHealth,
      "saturation" | "components" | "width"
    >;
    let deadFraction = null, boundShare = null;
    if (stats) {
      boundShare = atBounds(stats.activation, stats.sample);
      const covariance = covarianceFromSums(stats.gram, stats.sum, stats.rows);
      measured = saturation(covariance, stats.width, share);
      if (RELU_LIKE.has(stats.activation)) {
        deadFraction = stats.max.reduce((n, m) => n + (m <= 0 ? 1 : 0), 0) / stats.width;
      }
    }
    let weightNorm = null, gradientNorm = null, updateRatio = null;
    if (owner) {
      const w = layerValues(owner, values);
      weightNorm = norm(w);
      gradientNorm = norm(layerValues(owner, gradient));
      if (previous) {
        const before = layerValues(owner, previous);
        const step = norm(w.map((v, i) => v - before[i]));
        const base = norm(before);
        updateRatio = base > 0 ? step / base : null;
      }
    }
    return { layer, ...measured, deadFraction, boundShare, weightNorm, gradientNorm, updateRatio };
  });
}
