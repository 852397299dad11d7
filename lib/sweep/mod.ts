/**
 * Sweeps: a grid of runs over settings of the settings table, resumable run by run, with an
 * index file (`sweep.json`).
 * @module
 */
export * from "./variants.ts";
export * from "./sweep_index.ts";
export * from "./run_sweep.ts";
