/**
 * Training on TF.js (WASM backend): the loop, its records and evaluation; optimisers,
 * learning-rate schedules, weight decay, gradient clipping and augmentation.
 * @module
 */
export { loadTfjs, type Tfjs } from "./tfjs.ts";
export type { EpochRecord } from "./history.ts";
export {
  createOptimizer,
  type Optimizer,
  OPTIMIZER_KINDS,
  type OptimizerKind,
  type OptimizerOptions,
  type StepInfo,
} from "./optimizers.ts";
export {
  createSchedule,
  type LearningRateSchedule,
  SCHEDULE_KINDS,
  type ScheduleKind,
  type ScheduleOptions,
} from "./schedules.ts";
export { WEIGHT_DECAY_MODES, type WeightDecayMode } from "./weight_decay.ts";
export { clipByGlobalNorm, globalNorm } from "./clip.ts";
export {
  augmentBatch,
  type AugmenterOptions,
  type AugmentOptions,
  createAugmenter,
} from "./augment.ts";
export {
  type CheckpointEvaluator,
  type CheckpointScores,
  createCheckpointEvaluator,
} from "./checkpoint_evaluator.ts";
export {
  type CheckpointScorer,
  type ChunkScore,
  combineScores,
  createCheckpointScorer,
  SCORE_CHUNK,
  type ScoreHalf,
  type ScoreParts,
} from "./checkpoint_scores.ts";
export type { LossAccuracy } from "./evaluate_model.ts";
export {
  type Checkpoint,
  type ResumeFrom,
  type TrainingState,
  trainModel,
  type TrainModelOptions,
  type TrainModelResult,
} from "./train_model.ts";

export {
  CHECKPOINTS_FORMAT,
  createTrajectoryWriter,
  readTrajectory,
  type ReadTrajectoryOptions,
  type SavedTrajectory,
  type TrajectoryInfo,
  type TrajectoryWriter,
} from "./checkpoint_files.ts";

// Types of other entries that this entry's functions take or return (type-only: nothing loads).
export type { DataSplit } from "../data/dataset.ts";
export type { ModelSpec } from "../model/spec.ts";
export type { ParamLayout } from "../model/layout.ts";
export type { Params } from "../model/layout.ts";
export type { Rng } from "../random.ts";
export type { TensorRole } from "../model/layout.ts";
export type { Dataset } from "../data/dataset.ts";
export type { InitName } from "../model/init.ts";
export type { LayerSpec } from "../model/spec.ts";
export type { LossName } from "../model/spec.ts";
export type { TensorSlot } from "../model/layout.ts";
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
export type { ActivationName } from "../model/spec.ts";
export type { LayerBase } from "../model/spec.ts";
export type { Pair } from "../model/spec.ts";
