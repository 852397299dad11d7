/**
 * Every analysis of a trained run, at each checkpoint of its trajectory: weight influence
 * (gradients, importance, intensity curves, histograms), layer health and the diagnosis by
 * default; gradient noise and saliency on request. The maps, the top weights, the noise and the
 * saliency are computed at one checkpoint (`focus`, default the last).
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { ModelSpec } from "../model/spec.ts";
import type { EpochRecord } from "../train/history.ts";
import { loadTfjs } from "../train/tfjs.ts";
import { layerValues } from "./layers.ts";
import { influenceByMagnitude } from "./influence/magnitude.ts";
import { topWeights } from "./influence/top_weights.ts";
import { unitMaps } from "./influence/unit_maps.ts";
import { firstOrderImportance } from "./influence/importance.ts";
import { gradientNoise } from "./influence/gradient_noise.ts";
import { evenEdges, type Histogram, histogram, HISTOGRAM_BINS } from "./influence/histograms.ts";
import { featureSaliency, imageSaliency } from "./saliency/saliency_grid.ts";
import { diagnose } from "./diagnosis/diagnose.ts";
import type { DiagnosisThresholds } from "./diagnosis/thresholds.ts";
import {
  analyzeCheckpoint,
  type CheckpointAnalysis,
  checkpointAnalysisContext,
  withSparseInputs,
} from "./checkpoint_analysis.ts";
import { type AnalysisName, type AnalysisResult, DEFAULT_ANALYSES } from "./analysis_result.ts";

/** What {@linkcode analyzeTrajectory} needs. */
export interface AnalyzeOptions {
  /** The model. */
  spec: ModelSpec;
  /** The trajectory (at least one checkpoint). */
  checkpoints: readonly { epoch: number; step: number; values: Float32Array }[];
  /** Train/test curves, one per checkpoint. */
  history: readonly EpochRecord[];
  /** The evaluation subset of the training data (seeded): gradients and activations use it. */
  data: Dataset;
  /** Held-out samples for the saliency grid (default: `data`). */
  testData?: Dataset;
  /** Which analyses. Default influence, health, diagnosis. */
  analyses?: readonly AnalysisName[];
  /** Checkpoint of the maps, top weights, noise and saliency. Default the last. */
  focus?: number;
  /** Mini-batch size for gradient noise. Default 64. */
  batchSize?: number;
  /** Histogram bins. Default {@linkcode HISTOGRAM_BINS}. */
  bins?: number;
  /** Top weights listed. Default 20. */
  topK?: number;
  /** Images in the saliency grid. Default 16. */
  images?: number;
  /** Seed of SmoothGrad's noise. Default 0. */
  seed?: number;
  /** The 1D slice through the minimum, for the diagnosis. */
  slice?: { xs: readonly number[]; losses: ArrayLike<number> };
  /** Top Hessian eigenvalue, for the diagnosis. */
  topEigenvalue?: number;
  /** Diagnosis thresholds. */
  thresholds?: DiagnosisThresholds;
  /** Called after each checkpoint. */
  onProgress?: (done: number, total: number) => void;
  /**
   * The per-checkpoint analyses of the first checkpoints, already run elsewhere (a Worker
   * during training, ./checkpoint_analyzer.ts) with these settings; the rest run here.
   */
  analyzed?: readonly CheckpointAnalysis[];
}

/**
 * Runs the analyses over a trajectory.
 *
 * @param options Model, checkpoints, data, which analyses, and their settings.
 * @returns The results.
 * @throws {RangeError} On no checkpoints, a focus that is not a checkpoint, or image saliency on non-image data.
 * @example
 * ```ts ignore
 * import { analyzeTrajectory } from "./analyze_trajectory.ts";
 * const result = await analyzeTrajectory({ spec, checkpoints, history, data: takeSamples(data.train, 2000) });
 * console.log(result.diagnosis?.verdict);
 * ```
 */
export async function analyzeTrajectory(options: AnalyzeOptions): Promise<AnalysisResult> {
  const {
    spec,
    checkpoints,
    history,
    data,
    testData = data,
    analyses = DEFAULT_ANALYSES,
    focus = checkpoints.length - 1,
    batchSize = 64,
    bins = HISTOGRAM_BINS,
    topK = 20,
    images = 16,
    seed = 0,
  } = options;
  if (checkpoints.length === 0) throw new RangeError("Analyses need at least one checkpoint");
  if (!Number.isInteger(focus) || focus < 0 || focus >= checkpoints.length) {
    throw new RangeError(
      `Checkpoint ${focus} does not exist: the run has ${checkpoints.length} (0-${
        checkpoints.length - 1
      })`,
    );
  }
  const wanted = new Set(analyses);
  if (wanted.has("saliency") && data.shape?.length !== 3) {
    throw new RangeError("Image saliency needs image samples: use feature-saliency instead");
  }
  const tf = await loadTfjs();
  const plain = checkpointAnalysisContext(tf, { spec, data, analyses: [...wanted], bins });
  const { model, layout, layers } = plain;
  const analyzed = options.analyzed ? [...options.analyzed] : [];
  if (analyzed.length > checkpoints.length) {
    throw new RangeError(
      `${analyzed.length} checkpoints analysed beforehand: the run has ${checkpoints.length}`,
    );
  }
  // The sparse products' kernel only when checkpoints are left to analyse here.
  const context = analyzed.length < checkpoints.length ? await withSparseInputs(plain) : plain;
  for (let c = analyzed.length; c < checkpoints.length; c++) {
    const entry = analyzeCheckpoint(context, checkpoints[c].values, checkpoints[c - 1]?.values);
    // Only the focus checkpoint's gradient is used again: a long run does not keep them all.
    analyzed.push(c === focus ? entry : { ...entry, gradient: new Float32Array(0) });
    options.onProgress?.(c + 1, checkpoints.length);
  }
  const summary = analyzed.map(({ loss }, c) => ({
    epoch: checkpoints[c].epoch,
    step: checkpoints[c].step,
    loss,
  }));
  const focusGradient = analyzed[focus].gradient;
  if (focusGradient.length !== layout.size) {
    throw new RangeError(`The gradient of checkpoint ${focus} was not kept: it is the focus`);
  }
  const health = analyzed.flatMap((entry) => entry.health ? [entry.health.entries] : []);
  const activationSamples = analyzed.flatMap((entry) =>
    entry.health ? [entry.health.activationSamples] : []
  );
  const measured = analyzed[0].health?.layers ?? [];
  const result: AnalysisResult = {
    analyses: [...wanted],
    samples: data.count,
    focus,
    checkpoints: summary,
    layers: layers.map((l) => ({ name: l.name, type: l.layer.type, parameters: l.size })),
  };
  const focusValues = checkpoints[focus].values;
  if (wanted.has("influence")) {
    const importance = firstOrderImportance(focusValues, focusGradient);
    result.influence = {
      perCheckpoint: analyzed.map((entry) => entry.influence!),
      magnitude: layers.map((l) =>
        influenceByMagnitude(layerValues(l, focusValues), layerValues(l, focusGradient))
      ),
      top: topWeights(layout, focusValues, focusGradient, topK),
      maps: layers.flatMap((l) => {
        if (l.layer.type !== "dense" && l.layer.type !== "conv2d") return [];
        const kernel = l.slots.find((slot) => slot.role === "kernel")!;
        const maps = unitMaps(kernel, importance, l.layer.inputShape, data.shape);
        // Maps only make sense over an image (a first dense layer) or a kernel window.
        return maps.height > 1 ? [maps] : [];
      }),
    };
  }
  if (wanted.has("health")) {
    result.health = {
      layers: measured,
      perCheckpoint: health,
      activations: activationHistograms(activationSamples, bins),
    };
  }
  if (wanted.has("noise")) {
    result.noise = gradientNoise(tf, model, layout, focusValues, data, { batchSize });
  }
  if (wanted.has("saliency")) {
    result.saliency = imageSaliency(tf, model, layout, focusValues, testData, images, { seed });
  }
  if (wanted.has("feature-saliency")) {
    result.featureSaliency = featureSaliency(tf, model, layout, focusValues, data);
  }
  if (wanted.has("diagnosis")) {
    result.diagnosis = diagnose({
      history,
      health,
      layerSizes: Object.fromEntries(layers.map((l) => [l.name, l.size])),
      slice: options.slice,
      topEigenvalue: options.topEigenvalue,
      thresholds: options.thresholds,
    });
  }
  return result;
}

/** Per layer, one histogram per checkpoint on bins shared across checkpoints. */
function activationHistograms(samples: Float32Array[][], bins: number): Histogram[][] {
  const layers = samples[0]?.length ?? 0;
  return Array.from({ length: layers }, (_, l) => {
    let low = Infinity, high = -Infinity;
    for (const checkpoint of samples) {
      for (const v of checkpoint[l]) {
        if (Number.isFinite(v)) [low, high] = [Math.min(low, v), Math.max(high, v)];
      }
    }
    const edges = Number.isFinite(low) ? evenEdges(low, high, bins) : evenEdges(0, 1, bins);
    return samples.map((checkpoint) => histogram(checkpoint[l], edges));
  });
}
