/**
 * Analyses of a trained network: per-weight gradients and first-order importance, gradient
 * intensity curves, histograms over training, influence against magnitude, top weights and
 * per-unit maps, gradient noise, input saliency (vanilla and SmoothGrad), layer health
 * (delve saturation, dead units, norms) and a diagnosis; the whole set over a trajectory, and
 * its files.
 * @module
 */
export * from "./gradient.ts";
export * from "./layers.ts";
export * from "./influence/importance.ts";
export * from "./influence/histograms.ts";
export * from "./influence/magnitude.ts";
export * from "./influence/top_weights.ts";
export * from "./influence/unit_maps.ts";
export * from "./influence/gradient_noise.ts";
export * from "./influence/checkpoint_influence.ts";
export * from "./saliency/saliency.ts";
export * from "./saliency/saliency_grid.ts";
export * from "./health/eigenvalues.ts";
export * from "./health/saturation.ts";
export * from "./health/activation_statistics.ts";
export * from "./health/layer_health.ts";
export * from "./diagnosis/statement.ts";
export * from "./diagnosis/thresholds.ts";
export * from "./diagnosis/training_checks.ts";
export * from "./diagnosis/minimum_checks.ts";
export * from "./diagnosis/layer_checks.ts";
export * from "./diagnosis/diagnose.ts";
export * from "./analysis_result.ts";
export * from "./analyze_trajectory.ts";
export * from "./analysis_files.ts";
