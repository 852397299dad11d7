/**
 * Scanning grids: axes, the tile loop with resume, landscape folders, `.npy` files, and the
 * HDF5 and `.vtp` surfaces other tools read.
 * @module
 */
export * from "./axis_range.ts";
export * from "./grid.ts";
export * from "./landscape.ts";
export * from "./landscape_files.ts";
export * from "../io/npy.ts";
export * from "./scan_plane.ts";
export * from "./surface_h5.ts";
export * from "./surface_vtp.ts";
