/**
 * Curvature of the loss: exact Hessian-vector products, top and smallest eigenvalues (Lanczos),
 * trace (Hutchinson), spectral density (SLQ), per layer; epsilon-sharpness; the convexity map;
 * local minima of scanned grids; curvature over training.
 * @module
 */
export * from "./activation_tangent.ts";
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
export * from "./loss_tangent.ts";
export * from "./max_pool_tangent.ts";
export * from "./quadratic_model.ts";
export * from "./spectral_density.ts";
export * from "./tangent_forward.ts";
export * from "./top_eigen.ts";
export * from "./spectrum_files.ts";
export * from "./transpose_matmul.ts";
