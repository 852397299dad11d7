/**
 * Published findings re-checked: one deterministic experiment per finding, each with its
 * measured numbers and a figure (docs/experiments.md), and the measures they add
 * (monotonicity along a path, PCA variance shares of random walks, sharpness over training,
 * non-convexity of a scanned plane).
 * @module
 */
export {
  type Experiment,
  type ExperimentOptions,
  type ExperimentOutcome,
  roundNumbers,
} from "./experiment.ts";
export { EXPERIMENTS, findExperiment } from "./registry.ts";
export {
  EXPERIMENT_FORMAT,
  type ExperimentRun,
  runExperiment,
  type RunExperimentOptions,
} from "./run_experiment.ts";
export { DIGITS_SEED, type DigitSubset, experimentDigits } from "./digits.ts";
export { scanLandscape, type ScanLandscapeOptions } from "./landscape_points.ts";
export { type Monotonicity, monotonicity } from "./monotonicity.ts";
export { explainedVarianceRatios } from "./explained_variance.ts";
export { randomWalk, randomWalkVarianceShares } from "./random_walk.ts";
export {
  type SharpnessPoint,
  trackSharpness,
  type TrackSharpnessOptions,
} from "./sharpness_tracking.ts";
export { type GridCurvature, gridCurvature, nonConvexShare } from "./grid_convexity.ts";
export { seriesFigure, type SeriesPanel, type SeriesPoint } from "./series_figure.ts";
