/**
 * Whole runs: the default job behind `deno task scan`, and one plane scanned into a folder.
 * @module
 */
export * from "./run_scan.ts";
export * from "../scan/scan_plane_to_folder.ts";
export * from "../scan/pca_axes.ts";
export * from "./settings.ts";
export * from "./train_run.ts";
export * from "./load_data.ts";
export * from "./load_model.ts";
export * from "./evaluation_samples.ts";
export * from "./out_folder.ts";
export * from "./saved_run.ts";
export * from "./scan_folder.ts";
export * from "./scan_workers.ts";
export * from "./training_summary.ts";
export * from "./run_analysis.ts";
export * from "./model_endpoints.ts";
export * from "./model_planes.ts";
export * from "./plane_axes.ts";
export * from "./plane_files.ts";
export * from "./random_directions.ts";
export * from "./redraw_figures.ts";
export * from "./run_hessian.ts";
export * from "./hessian_extras.ts";
