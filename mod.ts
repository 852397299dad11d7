/**
 * losscape: loss landscapes of neural networks, fast, anywhere Deno or a browser runs.
 *
 * The root entry is a curated set: the steps of `deno task scan` as functions (load data,
 * train, make directions, scan a plane with the SIMD engine, write landscape files, draw the
 * report), with the types they take. Importing it loads everything those steps need, TF.js
 * included. Each stage has its own entry with its whole public API, loading only what it uses:
 * `@losscape/losscape/data`, `/model`, `/model-io`, `/train`, `/directions`, `/engine`,
 * `/engine/core`, `/scan`, `/analysis`, `/curvature`, `/render`, `/io` and `/run`. Of these,
 * `/data`, `/directions`, `/scan`, `/render` and `/engine` load neither TF.js nor h5wasm.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import {
 *   createPlaneEvaluator, filterNormalizedDirection, linspace, loadMnistDigits, preset, scanPlane,
 *   takeSamples, trainModel,
 * } from "./mod.ts";
 *
 * const data = await loadMnistDigits({ seed: 0, trainSize: 1000, testSize: 200 });
 * const spec = preset("mlp");
 * const { params, history } = await trainModel({ spec, data, epochs: 2 });
 * assert.ok(history[2].trainLoss < history[0].trainLoss);
 * const d1 = filterNormalizedDirection(params.values, params.layout, 1);
 * const d2 = filterNormalizedDirection(params.values, params.layout, 2);
 * const evaluator = await createPlaneEvaluator({
 *   spec, center: params.values, d1, d2, data: takeSamples(data.train, 200),
 * });
 * const axis = linspace(-1, 1, 5);
 * const { landscape } = await scanPlane({
 *   evaluator, plane: "random", xcoordinates: axis, ycoordinates: axis,
 * });
 * evaluator.dispose();
 * const loss = landscape.metrics.train_loss;
 * assert.equal(loss.length, 25);
 * // The trained weights are the centre of the plane: lower than every corner.
 * assert.ok([0, 4, 20, 24].every((corner) => loss[12] < loss[corner]));
 * ```
 * @module
 */
export {
  type CsvDatasetOptions,
  type CsvOptions,
  type Dataset,
  type DataSplit,
  type IdxDatasetOptions,
  loadCsvDataset,
  loadIdxDataset,
  loadMnistDigits,
  loadNpyDataset,
  makeSynthetic,
  type MnistOptions,
  type NpyDatasetOptions,
  splitDataset,
  type SplitOptions,
  type SyntheticKind,
  type SyntheticOptions,
  takeSamples,
} from "./lib/data/mod.ts";
export {
  type ActivationLayer,
  type ActivationName,
  type BatchNormLayer,
  type Conv2dLayer,
  type DenseLayer,
  type DropoutLayer,
  type FlattenLayer,
  type GlobalAvgPoolLayer,
  type InitName,
  type LayerBase,
  type LayerSpec,
  type LossName,
  type ModelSpec,
  type NormalizationLayer,
  type Pair,
  type ParamLayout,
  type Params,
  type Pool2dLayer,
  preset,
  type PresetName,
  type RescalingLayer,
  type ReshapeLayer,
  type ResidualLayer,
  type ResolvedLayer,
  type ResolvedModel,
  type ResolvedTensor,
  resolveModel,
  type TensorRole,
  type TensorSlot,
} from "./lib/model/mod.ts";
export {
  type LoadedModel,
  loadKerasH5,
  type LoadKerasH5Options,
  loadLayersModel,
  type LoadModelOptions,
  writeLayersModel,
} from "./lib/model/io/mod.ts";
export {
  type Checkpoint,
  type EpochRecord,
  type LearningRateSchedule,
  type OptimizerKind,
  type OptimizerOptions,
  type ResumeFrom,
  type Rng,
  type TrainingState,
  trainModel,
  type TrainModelOptions,
  type TrainModelResult,
  type WeightDecayMode,
} from "./lib/train/mod.ts";
export {
  type BiasMode,
  type BiasTreatment,
  type DirectionOptions,
  filterNormalizedDirection,
  type Normalization,
  normalizeDirection,
  type NormalizeOptions,
  type PrincipalPlane,
  principalPlane,
  type ProjectedPath,
  projectTrajectory,
  randomDirection,
} from "./lib/directions/mod.ts";
export {
  createParallelPlaneEvaluator,
  createPlaneEvaluator,
  createPointEvaluator,
  type KernelVariant,
  type ParallelPlaneEvaluator,
  type ParallelPlaneEvaluatorOptions,
  type PlaneEvaluator,
  type PlaneEvaluatorOptions,
  type PointEvaluator,
  type PointScores,
  type WorkerPool,
} from "./lib/engine/mod.ts";
export {
  type Landscape,
  linspace,
  type PlaneJob,
  type PlaneResult,
  readLandscapeFolder,
  type SavedLandscape,
  type ScanOptions,
  scanPlane,
  scanPlaneToFolder,
  type ScanState,
  type TileEvaluator,
  writeLandscapeFolder,
} from "./lib/scan/mod.ts";
export {
  ANALYSIS_NAMES,
  type AnalysisName,
  type AnalysisResult,
  type CheckpointInfluence,
  type Diagnosis,
  type DiagnosisThresholds,
  type GradientNoise,
  type Histogram,
  type ImageSaliency,
  type LayerGradientNoise,
  type LayerHealth,
  type LayerInfluence,
  type MagnitudeBins,
  type NamedWeight,
  type Statement,
  type UnitMaps,
} from "./lib/analysis/mod.ts";
export {
  type BlockRow,
  buildReport,
  contourFigure,
  type ContourOptions,
  type ConvexityGrid,
  type CurvaturePoint,
  type DensityCurve,
  type FigureDocument,
  type FigureElement,
  type FigureOptions,
  type HessianReport,
  type LevelSpacing,
  type MinimumRow,
  renderSvg,
  type ReportOptions,
  sliceFigure,
  type SliceOptions,
  trainingCurvesFigure,
  type TrainingCurvesOptions,
  type ValueScale,
} from "./lib/render/mod.ts";
export { LosscapeError } from "./lib/errors.ts";
export { VERSION } from "./lib/version.ts";
