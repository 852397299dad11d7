/**
 * The jobs behind the CLI: `runScan` (`deno task scan`), `trainRun` (`deno task train`),
 * `analyzeRun` / `runAnalyze` (`deno task analyze`), `redrawFigures` (`deno task figures`), and
 * the settings they take. Importing it loads everything (TF.js, h5wasm, Plot).
 * @module
 */
export { runScan, type RunScanOptions, type RunScanResult } from "./run_scan.ts";
export { resolveSettings, type RunSettings } from "./settings.ts";
export { type RunHooks, trainRun, type TrainRunResult } from "./train_run.ts";
export { readSavedRun, type SavedRun } from "./saved_run.ts";
export { type AnalysisJob, analyzeRun, runAnalyze } from "./run_analysis.ts";
export { redrawFigures, type RedrawOptions } from "./redraw_figures.ts";
export { runShard } from "./run_shard.ts";
export { runMerge, type RunMergeOptions, type RunMergeResult } from "./run_merge.ts";

// Types of other entries that this entry's functions take or return (type-only: nothing loads).
export type { AnalysisResult } from "../analysis/analysis_result.ts";
export type { BiasTreatment } from "../directions/normalize.ts";
export type { Checkpoint } from "../train/train_model.ts";
export type { DataSplit } from "../data/dataset.ts";
export type { Dataset } from "../data/dataset.ts";
export type { EpochRecord } from "../train/history.ts";
export { INIT_NAMES } from "../model/init.ts";
export type { Landscape } from "../scan/landscape.ts";
export type { LoadedRunModel } from "./load_model.ts";
export type { ModelPlanes } from "./model_planes.ts";
export type { ModelSpec } from "../model/spec.ts";
export type { Normalization } from "../directions/normalize.ts";
export { OPTIMIZER_KINDS } from "../train/optimizers.ts";
export type { ProjectedPath } from "../directions/pca.ts";
export { SCHEDULE_KINDS } from "../train/schedules.ts";
export type { SavedTrajectory } from "../train/checkpoint_files.ts";
export type { TrainModelResult } from "../train/train_model.ts";
export { WEIGHT_DECAY_MODES } from "../train/weight_decay.ts";
export type { AnalysisName } from "../analysis/analysis_result.ts";
export type { CheckpointInfluence } from "../analysis/influence/checkpoint_influence.ts";
export type { Diagnosis } from "../analysis/diagnosis/diagnose.ts";
export type { GradientNoise } from "../analysis/influence/gradient_noise.ts";
export type { Histogram } from "../analysis/influence/histograms.ts";
export type { ImageSaliency } from "../analysis/saliency/saliency_grid.ts";
export type { InitName } from "../model/init.ts";
export type { LayerHealth } from "../analysis/health/layer_health.ts";
export type { LayerSpec } from "../model/spec.ts";
export type { LossName } from "../model/spec.ts";
export type { MagnitudeBins } from "../analysis/influence/magnitude.ts";
export type { MarkedLandscape } from "./model_planes.ts";
export type { NamedWeight } from "../analysis/influence/top_weights.ts";
export type { OptimizerKind } from "../train/optimizers.ts";
export type { Params } from "../model/layout.ts";
export type { ScheduleKind } from "../train/schedules.ts";
export type { TrainingState } from "../train/train_model.ts";
export type { TrajectoryInfo } from "../train/checkpoint_files.ts";
export type { UnitMaps } from "../analysis/influence/unit_maps.ts";
export type { WeightDecayMode } from "../train/weight_decay.ts";
export { ANALYSIS_NAMES } from "../analysis/analysis_result.ts";
export type { ActivationLayer } from "../model/spec.ts";
export type { BatchNormLayer } from "../model/spec.ts";
export type { Conv2dLayer } from "../model/spec.ts";
export type { DenseLayer } from "../model/spec.ts";
export type { DiagnosisThresholds } from "../analysis/diagnosis/thresholds.ts";
export type { DropoutLayer } from "../model/spec.ts";
export type { FlattenLayer } from "../model/spec.ts";
export type { GlobalAvgPoolLayer } from "../model/spec.ts";
export type { LayerGradientNoise } from "../analysis/influence/gradient_noise.ts";
export type { LayerInfluence } from "../analysis/influence/checkpoint_influence.ts";
export type { NormalizationLayer } from "../model/spec_preprocess.ts";
export type { ParamLayout } from "../model/layout.ts";
export type { PlaneMarker } from "../directions/model_plane.ts";
export type { Pool2dLayer } from "../model/spec.ts";
export type { RescalingLayer } from "../model/spec_preprocess.ts";
export type { ReshapeLayer } from "../model/spec_preprocess.ts";
export type { ResidualLayer } from "../model/spec.ts";
export type { Statement } from "../analysis/diagnosis/statement.ts";
export type { ActivationName } from "../model/spec.ts";
export type { LayerBase } from "../model/spec.ts";
export type { Pair } from "../model/spec.ts";
export type { TensorSlot } from "../model/layout.ts";
export type { TensorRole } from "../model/layout.ts";
