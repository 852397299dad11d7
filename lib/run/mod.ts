/**
 * Whole runs: the default job behind `deno task scan`, and one plane scanned into a folder.
 * @module
 */
export * from "./run_scan.ts";
export * from "./scan_plane_to_folder.ts";
export * from "./pca_axes.ts";
export * from "./settings.ts";
export * from "./train_run.ts";
export * from "./load_data.ts";
export * from "./load_model.ts";
export * from "./run_hessian.ts";
export * from "./hessian_extras.ts";
