/**
 * Sweeps: a grid of runs over settings of the settings table, resumable run by run, with an
 * index file (`sweep.json`).
 * @module
 */
export {
  parseVary,
  sweepVariants,
  type Variant,
  type VaryAxis,
  varyFromConfig,
} from "./variants.ts";
export {
  readSweepIndex,
  SWEEP_FORMAT,
  type SweepEntry,
  type SweepIndex,
  sweepIndex,
  writeSweepIndex,
} from "./sweep_index.ts";
export { runSweep, type SweepOptions, type SweepResult } from "./run_sweep.ts";
