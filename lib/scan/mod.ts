/**
 * Scanning grids: axes, the tile loop with resume, landscape folders and `.npy` files.
 * @module
 */
export * from "./grid.ts";
export * from "./landscape.ts";
export * from "./landscape_files.ts";
export * from "./npy.ts";
export * from "./scan_plane.ts";
