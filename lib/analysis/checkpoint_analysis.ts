/**
 * The analyses of one checkpoint of a trajectory: the loss and gradient on the evaluation set,
 * weight influence (curves, histograms, percentiles) and layer health (activation statistics,
 * norms, update ratio against the checkpoint before). `analyzeTrajectory` runs this at every
 * checkpoint; a Worker can run it while training goes on (./checkpoint_analyzer.ts), since a
 * checkpoint needs only its own weights and those of the one before.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { ModelSpec } from "../model/spec.ts";
import type { ParamLayout } from "../model/layout.ts";
import { type ResolvedModel, resolveModel } from "../model/resolve.ts";
import { modelLayout } from "../model/model_layout.ts";
import type { Tfjs } from "../train/tfjs.ts";
import { chunkSize, sparseGradientLayer, weightGradient } from "./gradient.ts";
import type { SparseFirstLayer } from "../train/sparse_first_layer.ts";
import { type ParameterLayer, parameterLayers } from "./layers.ts";
import { type CheckpointInfluence, checkpointInfluence } from "./influence/checkpoint_influence.ts";
import { activationAccumulator } from "./health/activation_statistics.ts";
import { type LayerHealth, layerHealth } from "./health/layer_health.ts";
import type { AnalysisName } from "./analysis_result.ts";
import { HISTOGRAM_BINS } from "./influence/histograms.ts";

/** What one checkpoint's analyses found. */
export interface CheckpointAnalysis {
  /** Mean loss over the evaluation set. */
  loss: number;
  /** dL/dw (empty when a collector dropped it: only the focus checkpoint's is used). */
  gradient: Float32Array;
  /** Weight influence, when `influence` is wanted. */
  influence?: CheckpointInfluence;
  /** Layer health, when `health` or `diagnosis` is wanted. */
  health?: {
    /** The layers measured, in model order. */
    layers: string[];
    /** One entry per measured layer. */
    entries: LayerHealth[];
    /** A strided sample of each measured layer's outputs (empty for a layer without outputs). */
    activationSamples: Float32Array[];
  };
}

/** Everything the per-checkpoint analyses share across checkpoints. */
export interface CheckpointAnalysisContext {
  /** TF.js. */
  tf: Tfjs;
  /** The resolved model. */
  model: ResolvedModel;
  /** Its layout. */
  layout: ParamLayout;
  /** Its layers with trainable weights. */
  layers: ParameterLayer[];
  /** The evaluation samples. */
  data: Dataset;
  /** Whether influence is computed. */
  influence: boolean;
  /** Whether health is computed (also for the diagnosis). */
  health: boolean;
  /** Histogram bins. */
  bins: number;
  /**
   * A dense stack's first-layer products over nonzero inputs, for the gradients.
   * @internal
   */
  sparse?: SparseFirstLayer;
  /** Samples per pass of the gradient; default `chunkSize` (./gradient.ts). */
  chunk?: number;
}

/**
 * Builds the shared context of the per-checkpoint analyses.
 *
 * @param tf TF.js.
 * @param options The model, the evaluation samples, which analyses and the histogram bins.
 * @returns The context for {@linkcode analyzeCheckpoint}.
 * @example
 * ```ts
 * import { loadTfjs } from "../train/tfjs.ts";
 * import { checkpointAnalysisContext } from "./checkpoint_analysis.ts";
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array(2), y: new Int32Array(1), count: 1, features: 2, classes: 2 };
 * const context = checkpointAnalysisContext(await loadTfjs(), { spec, data, analyses: ["influence"] });
 * console.log(context.layout.size, context.health); // 6 false
 * ```
 */
export function checkpointAnalysisContext(
  tf: Tfjs,
  options: { spec: ModelSpec; data: Dataset; analyses: readonly AnalysisName[]; bins?: number },
): CheckpointAnalysisContext {
  const { spec, data, analyses, bins = HISTOGRAM_BINS } = options;
  const model = resolveModel(spec);
  const layout = modelLayout(model);
  return {
    tf,
    model,
    layout,
    layers: parameterLayers(model, layout),
    data,
    influence: analyses.includes("influence"),
    health: analyses.includes("health") || analyses.includes("diagnosis"),
    bins,
  };
}

/**
 * Samples per gradient pass with the sparse products, whose kernel holds three copies of a pass's
 * inputs (4.8 MB for 512 digits): the default scan's peak was 340 MiB against 355 with the whole
 * 2,000 digits in one pass, for about 6 ms more per checkpoint (45 against 39 ms).
 */
const SPARSE_CHUNK = 512;

/**
 * The context with a dense stack's first-layer products over nonzero inputs for its gradients
 * (lib/analysis/gradient.ts): a kernel instance of its own, worth it when several checkpoints
 * are analysed. Other models get the context unchanged.
 *
 * @param context From {@linkcode checkpointAnalysisContext}.
 * @param rows Samples per gradient pass (and rows the kernel holds). Default 512.
 * @returns The same context, with `sparse` and its `chunk` for a dense stack.
 * @example
 * ```ts
 * import { loadTfjs } from "../train/tfjs.ts";
 * import { preset } from "../model/presets.ts";
 * import { checkpointAnalysisContext, withSparseInputs } from "./checkpoint_analysis.ts";
 * const data = { x: new Float32Array(784), y: new Int32Array(1), count: 1, features: 784, classes: 10 };
 * const plain = checkpointAnalysisContext(await loadTfjs(), { spec: preset("mlp"), data, analyses: [] });
 * console.log((await withSparseInputs(plain)).sparse !== undefined); // true
 * ```
 */
export async function withSparseInputs(
  context: CheckpointAnalysisContext,
  rows = SPARSE_CHUNK,
): Promise<CheckpointAnalysisContext> {
  const { tf, model, layout, data } = context;
  const chunk = Math.min(rows, chunkSize(model), data.count);
  const sparse = await sparseGradientLayer(tf, model, layout, chunk);
  return sparse ? { ...context, sparse, chunk } : context;
}

/**
 * Runs the per-checkpoint analyses at one checkpoint.
 *
 * @param context From {@linkcode checkpointAnalysisContext}.
 * @param values The checkpoint's weights.
 * @param previous The weights of the checkpoint before (for the update ratio), if any.
 * @returns Loss, gradient, influence and health.
 * @example
 * ```ts
 * import { loadTfjs } from "../train/tfjs.ts";
 * import { analyzeCheckpoint, checkpointAnalysisContext } from "./checkpoint_analysis.ts";
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array(2), y: new Int32Array(1), count: 1, features: 2, classes: 2 };
 * const context = checkpointAnalysisContext(await loadTfjs(), { spec, data, analyses: ["influence"] });
 * console.log(analyzeCheckpoint(context, new Float32Array(6)).loss.toFixed(3)); // "0.693"
 * ```
 */
export function analyzeCheckpoint(
  context: CheckpointAnalysisContext,
  values: Float32Array,
  previous?: Float32Array,
): CheckpointAnalysis {
  const { tf, model, layout, layers, data, bins } = context;
  // Activation statistics come from the gradient's forward pass: one pass instead of two.
  const gathered = context.health ? activationAccumulator(tf, model, data.count) : undefined;
  const { loss, gradient } = weightGradient(tf, model, layout, values, data, {
    chunk: context.chunk,
    sparse: context.sparse,
    onLayerOutput: gathered?.onLayerOutput,
  });
  const analysis: CheckpointAnalysis = { loss, gradient };
  if (context.influence) {
    analysis.influence = checkpointInfluence(layers, values, gradient, { bins });
  }
  if (context.health) {
    const stats = gathered!.statistics();
    const names = model.layers
      .filter((l) => stats.some((s) => s.layer === l.name) || layers.some((p) => p.name === l.name))
      .map((l) => l.name);
    analysis.health = {
      layers: names,
      entries: layerHealth(names, stats, layers, values, gradient, previous),
      activationSamples: names.map((name) =>
        stats.find((s) => s.layer === name)?.sample ?? new Float32Array(0)
      ),
    };
  }
  return analysis;
}
