/**
 * Curvature of the loss: exact Hessian-vector products, top and smallest eigenvalues (Lanczos),
 * trace (Hutchinson), spectral density (SLQ), per layer; epsilon-sharpness; the convexity map;
 * local minima of scanned grids; curvature over training. (The TF.js-level pieces behind the
 * Hessian-vector product, forward-mode tangents of layers and losses, stay internal.)
 * @module
 */
export * from "./checkpoint_curvature.ts";
export * from "./convexity_map.ts";
export * from "./epsilon_sharpness.ts";
export * from "./hessian_operator.ts";
export * from "./hessian_spectrum.ts";
export * from "./hutchinson_trace.ts";
export * from "./lanczos.ts";
export * from "./layer_blocks.ts";
export * from "./linear_operator.ts";
export * from "./local_minima.ts";
export * from "./quadratic_model.ts";
export * from "./spectral_density.ts";
export * from "./top_eigen.ts";
export * from "./spectrum_files.ts";
