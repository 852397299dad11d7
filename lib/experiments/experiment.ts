/**
 * What an experiment is: a published finding re-checked by one deterministic run that returns
 * its measured numbers and one figure.
 * @module
 */
import type { FigureElement } from "../render/mod.ts";

/** How an experiment runs. */
export interface ExperimentOptions {
  /** A tiny configuration (seconds, for tests): same code path, smaller data, grids and runs. */
  quick?: boolean;
  /** Called with progress lines (default: silent). */
  log?: (line: string) => void;
}

/** What an experiment produced. */
export interface ExperimentOutcome {
  /** Every setting that shapes the numbers (data sizes, models, seeds, grids, epochs). */
  settings: Record<string, unknown>;
  /** The measured numbers, as written to `results.json`. */
  results: Record<string, unknown>;
  /** Whether the published finding held in this run, by the test stated in `criterion`. */
  held: boolean;
  /** The test behind `held`, in words. */
  criterion: string;
  /** The figure, drawn from `results`. */
  figure: FigureElement;
}

/** A published finding and the run that re-checks it. */
export interface Experiment {
  /** The name on the command line (`deno task experiment NAME`). */
  name: string;
  /** The finding, in one line, with its source. */
  finding: string;
  /**
   * Runs the experiment.
   *
   * @param options Quick mode and a progress callback.
   * @returns Settings, numbers, verdict and figure.
   */
  run(options: ExperimentOptions): Promise<ExperimentOutcome>;
}

/**
 * Rounds every number inside a JSON-like value to a number of significant digits, so that
 * results files hold readable numbers (deterministic runs give the same text).
 *
 * @param value Numbers, arrays and plain objects.
 * @param digits Significant digits (default 6).
 * @returns A copy with rounded numbers; non-finite numbers become null, as JSON has no NaN.
 * @example
 * ```ts
 * import { roundNumbers } from "./experiment.ts";
 * console.log(roundNumbers({ a: [1 / 3, NaN] }, 3)); // { a: [ 0.333, null ] }
 * ```
 */
export function roundNumbers(value: unknown, digits = 6): unknown {
  if (typeof value === "number") {
    return Number.isFinite(value) ? Number(value.toPrecision(digits)) : null;
  }
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    return Array.from(value as ArrayLike<unknown>, (item) => roundNumbers(item, digits));
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, roundNumbers(item, digits)]),
    );
  }
  return value;
}
