/**
 * Comparisons of runs: sharpness from scanned landscapes, barriers between minima, the common
 * PCA plane of several trajectories, and the side-by-side report.
 * @module
 */
export * from "./sharpness.ts";
export * from "./barrier.ts";
export * from "./common_plane.ts";
export * from "./compared_runs.ts";
export * from "./compare_figures.ts";
export * from "./compare_report.ts";
export * from "./run_compare.ts";
