/**
 * Whole runs: the default job behind `deno task scan`, and one plane scanned into a folder.
 * @module
 */
export * from "./run_scan.ts";
export * from "./scan_plane_to_folder.ts";
export * from "./pca_axes.ts";
