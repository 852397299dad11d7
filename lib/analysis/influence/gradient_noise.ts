/**
 * Gradient noise per layer: how far the mini-batch gradients that SGD follows scatter around
 * the full-batch gradient, for a stated batch size. The variance is the mean squared distance
 * E_b ||g_b - G||^2 over disjoint batches of the evaluation set, and the gradient
 * signal-to-noise ratio is ||G||^2 / E_b ||g_b - G||^2 (below 1: a single batch's gradient is
 * mostly noise; cf. McCandlish et al. 2018, "An Empirical Model of Large-Batch Training", whose
 * simple noise scale is the inverse of this ratio times the batch size).
 * @module
 */
import type { Tfjs } from "../../train/tfjs.ts";
import type { Dataset } from "../../data/dataset.ts";
import type { ParamLayout } from "../../model/layout.ts";
import type { ResolvedModel } from "../../model/resolve.ts";
import { weightGradient } from "../gradient.ts";
import { parameterLayers } from "../layers.ts";

/** Noise figures of one layer. */
export interface LayerGradientNoise {
  /** The layer. */
  layer: string;
  /** ||G||, the full-batch gradient's norm over the layer's trainable weights. */
  gradientNorm: number;
  /** E_b ||g_b - G||^2 over the batches. */
  variance: number;
  /** ||G||^2 / variance (Infinity when the variance is 0). */
  signalToNoise: number;
}

/** Gradient noise of every layer. */
export interface GradientNoise {
  /** Samples per mini-batch. */
  batchSize: number;
  /** Disjoint batches measured. */
  batches: number;
  /** One entry per layer with trainable weights (see parameterLayers), in model order. */
  layers: LayerGradientNoise[];
}

/** Options of {@linkcode gradientNoise}. */
export interface GradientNoiseOptions {
  /** Samples per mini-batch. Default 64. */
  batchSize?: number;
  /** At most this many batches. Default 32. */
  maxBatches?: number;
}

/**
 * Measures per-layer gradient noise at one set of weights.
 *
 * @param tf TF.js.
 * @param model The resolved model.
 * @param layout Its layout.
 * @param values The weights.
 * @param data Evaluation samples (shuffled), at least two batches' worth.
 * @param options Batch size and the number of batches.
 * @returns Per-layer gradient norm, variance and signal-to-noise ratio.
 * @throws {RangeError} When the data holds fewer than two batches.
 * @example
 * ```ts
 * import { loadTfjs } from "../../train/tfjs.ts";
 * import { resolveModel } from "../../model/resolve.ts";
 * import { modelLayout } from "../../model/model_layout.ts";
 * import { makeSynthetic } from "../../data/synthetic.ts";
 * import { gradientNoise } from "./gradient_noise.ts";
 * const tf = await loadTfjs();
 * const model = resolveModel({ kind: "sequential", inputShape: [2], layers: [{ type: "dense", units: 2 }] });
 * const noise = gradientNoise(tf, model, modelLayout(model), new Float32Array(6).fill(0.1), makeSynthetic("moons", { count: 64 }), { batchSize: 16 });
 * console.log(noise.batches, noise.layers[0].layer); // 4 "dense0"
 * ```
 */
export function gradientNoise(
  tf: Tfjs,
  model: ResolvedModel,
  layout: ParamLayout,
  values: Float32Array,
  data: Dataset,
  options: GradientNoiseOptions = {},
): GradientNoise {
  const { batchSize = 64, maxBatches = 32 } = options;
  const batches = Math.min(maxBatches, Math.floor(data.count / batchSize));
  if (batches < 2) {
    throw new RangeError(
      `Gradient noise needs at least 2 batches of ${batchSize}: the data has ${data.count} samples`,
    );
  }
  const full = weightGradient(tf, model, layout, values, data).gradient;
  const groups = new Map(parameterLayers(model, layout).map((layer) => [layer.name, layer.slots]));
  const names = [...groups.keys()];
  const squared = new Float64Array(names.length);
  for (let b = 0; b < batches; b++) {
    const batch: Dataset = {
      ...data,
      x: data.x.subarray(b * batchSize * data.features, (b + 1) * batchSize * data.features),
      y: data.y.subarray(b * batchSize, (b + 1) * batchSize),
      count: batchSize,
    };
    const g = weightGradient(tf, model, layout, values, batch, { chunk: batchSize }).gradient;
    names.forEach((name, l) => {
      for (const { offset, size } of groups.get(name)!) {
        for (let i = offset; i < offset + size; i++) squared[l] += (g[i] - full[i]) ** 2;
      }
    });
  }
  const layers = names.map((layer, l) => {
    let norm = 0;
    for (const { offset, size } of groups.get(layer)!) {
      for (let i = offset; i < offset + size; i++) norm += full[i] ** 2;
    }
    const variance = squared[l] / batches;
    return {
      layer,
      gradientNorm: Math.sqrt(norm),
      variance,
      signalToNoise: variance > 0 ? norm / variance : Infinity,
    };
  });
  return { batchSize, batches, layers };
}
