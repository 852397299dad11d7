/**
 * The trace of a symmetric operator by Hutchinson's estimator (Hutchinson 1990; Avron &
 * Toledo 2011): the mean of v^T A v over seeded Rademacher vectors v, with its standard error.
 * @module
 */
import { createRng } from "../../random.ts";
import { dot, type LinearOperator, rademacher } from "./linear_operator.ts";

/** Options of {@linkcode hutchinsonTrace}. */
export interface TraceOptions {
  /** Most probe vectors. Default 100. */
  maxIterations?: number;
  /**
   * Stop early once the standard error is at most `tolerance * |trace|` (after at least 10
   * vectors). Default 1e-3.
   */
  tolerance?: number;
  /** Seed of the probe vectors. Default 0. */
  seed?: number;
}

/** A trace estimate. */
export interface TraceResult {
  /** The estimate: the mean of v^T A v. */
  trace: number;
  /** Its standard error: the sample standard deviation over sqrt(vectors). */
  standardError: number;
  /** Probe vectors used. */
  iterations: number;
  /** Whether the standard error reached `tolerance * |trace|`. */
  converged: boolean;
  /** Each vector's v^T A v, in order. */
  samples: number[];
}

/**
 * Estimates the trace of an operator.
 *
 * @param operator The operator.
 * @param options Vector limit, tolerance and seed.
 * @returns Trace, standard error, vectors used and the convergence flag.
 * @throws {RangeError} When maxIterations or tolerance is out of range.
 * @example
 * ```ts
 * import { hutchinsonTrace } from "./hutchinson_trace.ts";
 * import { matrixOperator } from "./linear_operator.ts";
 * const { trace, standardError } = hutchinsonTrace(matrixOperator([[1, 0], [0, 2]]));
 * console.log(trace, standardError); // 3 0
 * ```
 */
export function hutchinsonTrace(operator: LinearOperator, options: TraceOptions = {}): TraceResult {
  const { maxIterations = 100, tolerance = 1e-3, seed = 0 } = options;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(`maxIterations must be an integer >= 1: got ${maxIterations}`);
  }
  if (!(tolerance > 0)) throw new RangeError(`tolerance must be > 0: got ${tolerance}`);
  const rng = createRng(seed ^ 0x7ace);
  const samples: number[] = [];
  let mean = 0;
  let squares = 0; // Welford's running sum of squared deviations
  let standardError = Infinity;
  let converged = false;
  while (samples.length < maxIterations) {
    const v = rademacher(operator.size, rng.uniform);
    const sample = dot(v, operator.apply(v));
    samples.push(sample);
    const delta = sample - mean;
    mean += delta / samples.length;
    squares += delta * (sample - mean);
    const n = samples.length;
    standardError = n > 1 ? Math.sqrt(squares / (n - 1) / n) : Infinity;
    converged = n >= 2 && standardError <= tolerance * Math.abs(mean);
    if (converged && n >= 10) break;
  }
  return {
    trace: mean,
    standardError: Number.isFinite(standardError) ? standardError : NaN,
    iterations: samples.length,
    converged,
    samples,
  };
}
