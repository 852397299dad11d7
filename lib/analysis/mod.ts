/**
 * Analyses of a trained network: per-weight gradients and first-order importance, gradient
 * intensity curves, histograms over training, influence against magnitude, top weights and
 * per-unit maps, gradient noise, input saliency (vanilla and SmoothGrad), layer health
 * (delve saturation, dead units, norms) and a diagnosis; the whole set over a trajectory, and
 * its files.
 * @module
 */
export { type WeightGradient, weightGradient, type WeightGradientOptions } from "./gradient.ts";
export { layerValues, type ParameterLayer, parameterLayers } from "./layers.ts";
export {
  firstOrderImportance,
  type IntensityCurve,
  intensityCurve,
  weightShareCarrying,
} from "./influence/importance.ts";
export {
  DISTRIBUTION_PERCENTILES,
  type Histogram,
  histogram,
  percentiles,
} from "./influence/histograms.ts";
export { influenceByMagnitude, type MagnitudeBins } from "./influence/magnitude.ts";
export { type NamedWeight, topWeights } from "./influence/top_weights.ts";
export { type UnitMaps, unitMaps } from "./influence/unit_maps.ts";
export {
  type GradientNoise,
  gradientNoise,
  type GradientNoiseOptions,
  type LayerGradientNoise,
} from "./influence/gradient_noise.ts";
export {
  type CheckpointInfluence,
  checkpointInfluence,
  type LayerInfluence,
} from "./influence/checkpoint_influence.ts";
export {
  type InputGradients,
  inputGradients,
  type Saliency,
  saliencyMaps,
  type SaliencyOptions,
} from "./saliency/saliency.ts";
export { featureSaliency, type ImageSaliency, imageSaliency } from "./saliency/saliency_grid.ts";

export { type Saturation, saturation } from "./health/saturation.ts";
export { type ActivationStatistics, activationStatistics } from "./health/activation_statistics.ts";
export { type LayerHealth, layerHealth } from "./health/layer_health.ts";
export type { Statement } from "./diagnosis/statement.ts";
export {
  DEFAULT_THRESHOLDS,
  type DiagnosisThresholds,
  parseThresholds,
} from "./diagnosis/thresholds.ts";
export { trainingChecks } from "./diagnosis/training_checks.ts";
export { minimumChecks, minimumWidth } from "./diagnosis/minimum_checks.ts";
export { layerChecks } from "./diagnosis/layer_checks.ts";
export { diagnose, type Diagnosis, type DiagnosisInput } from "./diagnosis/diagnose.ts";
export {
  ANALYSIS_NAMES,
  type AnalysisName,
  type AnalysisResult,
  DEFAULT_ANALYSES,
} from "./analysis_result.ts";
export { type AnalyzeOptions, analyzeTrajectory } from "./analyze_trajectory.ts";
export {
  analyzeCheckpoint,
  type CheckpointAnalysis,
  type CheckpointAnalysisContext,
  checkpointAnalysisContext,
  withSparseInputs,
} from "./checkpoint_analysis.ts";
export {
  type CheckpointAnalyzer,
  type CheckpointAnalyzerOptions,
  createCheckpointAnalyzer,
  startCheckpointAnalyzer,
  type StartedCheckpointAnalyzer,
} from "./checkpoint_analyzer.ts";
export { sortFloat32 } from "./influence/sort_float32.ts";
export {
  ANALYSIS_FORMAT,
  type AnalysisArrays,
  analysisArrays,
  writeAnalysisFolder,
} from "./analysis_files.ts";

// Types of other entries that this entry's functions take or return (type-only: nothing loads).
export type { ActivationName } from "../model/spec.ts";
export type { Dataset } from "../data/dataset.ts";
export type { EpochRecord } from "../train/history.ts";
export type { ModelSpec } from "../model/spec.ts";
export type { ParamLayout } from "../model/layout.ts";
export type { ResolvedLayer } from "../model/resolve.ts";
export type { ResolvedModel } from "../model/resolve.ts";
export type { TensorSlot } from "../model/layout.ts";
export type { Tfjs } from "../train/tfjs.ts";
export type { InitName } from "../model/init.ts";
export type { LayerSpec } from "../model/spec.ts";
export type { LossName } from "../model/spec.ts";
export type { ResolvedTensor } from "../model/resolved_layer.ts";
export type { TensorRole } from "../model/layout.ts";
export type { ActivationLayer } from "../model/spec.ts";
export type { BatchNormLayer } from "../model/spec.ts";
export type { Conv2dLayer } from "../model/spec.ts";
export type { DenseLayer } from "../model/spec.ts";
export type { DropoutLayer } from "../model/spec.ts";
export type { FlattenLayer } from "../model/spec.ts";
export type { GlobalAvgPoolLayer } from "../model/spec.ts";
export type { NormalizationLayer } from "../model/spec_preprocess.ts";
export type { Pool2dLayer } from "../model/spec.ts";
export type { RescalingLayer } from "../model/spec_preprocess.ts";
export type { ReshapeLayer } from "../model/spec_preprocess.ts";
export type { ResidualLayer } from "../model/spec.ts";
export type { LayerBase } from "../model/spec.ts";
export type { Pair } from "../model/spec.ts";
