/**
 * Published findings re-checked: one deterministic experiment per finding, each with its
 * measured numbers and a figure (docs/experiments.md), and the measures they add
 * (monotonicity along a path, PCA variance shares of random walks, sharpness over training,
 * non-convexity of a scanned plane).
 * @module
 */
export * from "./experiment.ts";
export * from "./registry.ts";
export * from "./run_experiment.ts";
export * from "./digits.ts";
export * from "./landscape_points.ts";
export * from "./monotonicity.ts";
export * from "./explained_variance.ts";
export * from "./random_walk.ts";
export * from "./sharpness_tracking.ts";
export * from "./grid_convexity.ts";
export * from "./series_figure.ts";
