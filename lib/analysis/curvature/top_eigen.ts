/**
 * The largest eigenvalues of a symmetric operator and their eigenvectors by Lanczos with full
 * reorthogonalisation, and the smallest eigenvalue by the shift `s I - A`. Convergence is
 * judged on the true residual norm ||A y - theta y|| of each returned pair, which is reported
 * whether or not it met the tolerance.
 * @module
 */
import { createRng } from "../../random.ts";
import { lanczos, ritzPairs, ritzVector } from "./lanczos.ts";
import { dot, type LinearOperator, shiftedOperator } from "./linear_operator.ts";

/** Options shared by the eigenvalue methods. */
export interface EigenOptions {
  /** How many of the largest eigenvalues. Default 1. */
  k?: number;
  /** Most Lanczos steps (operator products). Default 100. */
  maxIterations?: number;
  /** Converged when every residual norm is at most `tolerance * |eigenvalue|`. Default 1e-3. */
  tolerance?: number;
  /** Seed of the random starting vector. Default 0. */
  seed?: number;
  /** Residuals are relative to max(|lambda|, scale): a floor for eigenvalues near 0. Default 0. */
  scale?: number;
}

/** Eigenpairs and how well they converged. */
export interface EigenResult {
  /** Eigenvalues, largest first. */
  eigenvalues: number[];
  /** Unit eigenvectors, one per eigenvalue. */
  eigenvectors: Float64Array[];
  /** ||A y - lambda y|| for each pair (computed with one more product each). */
  residuals: number[];
  /** Residuals divided by the scale the tolerance refers to (|lambda|, or the shift). */
  relativeResiduals: number[];
  /** Lanczos steps taken. */
  iterations: number;
  /** Whether every relative residual is within the tolerance. */
  converged: boolean;
}

function checkOptions(operator: LinearOperator, options: EigenOptions) {
  const { k = 1, maxIterations = 100, tolerance = 1e-3, seed = 0 } = options;
  if (!Number.isInteger(k) || k < 1 || k > operator.size) {
    throw new RangeError(`k must be an integer in [1, ${operator.size}]: got ${k}`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(`maxIterations must be an integer >= 1: got ${maxIterations}`);
  }
  if (!(tolerance > 0)) throw new RangeError(`tolerance must be > 0: got ${tolerance}`);
  return { k, maxIterations, tolerance, seed };
}

/**
 * The k largest eigenvalues and eigenvectors of a symmetric operator.
 *
 * @param operator The operator (e.g. a Hessian from `createHessianOperator`).
 * @param options k, iteration limit, tolerance and seed.
 * @returns Eigenpairs with residual norms and the convergence flag.
 * @throws {RangeError} When k, maxIterations or tolerance is out of range.
 * @example
 * ```ts
 * import { topEigen } from "./top_eigen.ts";
 * import { matrixOperator } from "./linear_operator.ts";
 * const result = topEigen(matrixOperator([[4, 1, 0], [1, 3, 0], [0, 0, 1]]), { k: 2 });
 * console.log(result.eigenvalues.map((x) => x.toFixed(3)), result.converged); // ["4.618", "2.382"] true
 * ```
 */
export function topEigen(operator: LinearOperator, options: EigenOptions = {}): EigenResult {
  const { k, maxIterations, tolerance, seed } = checkOptions(operator, options);
  const relativeTo = (value: number) => Math.max(Math.abs(value), options.scale ?? 0, 1e-30);
  const rng = createRng(seed ^ 0x1a2c5);
  const start = Float64Array.from({ length: operator.size }, () => rng.normal());
  const state = lanczos(operator, {
    start,
    steps: maxIterations,
    shouldStop: (s) => {
      const m = s.alpha.length;
      if (m < k || (m > 24 && m % 4 !== 0)) return false;
      const { values, residuals } = ritzPairs(s);
      return values.slice(0, k).every((value, i) =>
        residuals[i] <= 0.5 * tolerance * relativeTo(value)
      );
    },
  });
  const pairs = ritzPairs(state);
  const count = Math.min(k, pairs.values.length);
  const eigenvalues = pairs.values.slice(0, count);
  const eigenvectors = pairs.vectors.slice(0, count).map((s) => ritzVector(state, s));
  const residuals = eigenvectors.map((y, i) => {
    const ay = operator.apply(y);
    for (let j = 0; j < ay.length; j++) ay[j] -= eigenvalues[i] * y[j];
    return Math.sqrt(dot(ay, ay));
  });
  const relativeResiduals = residuals.map((r, i) => r / relativeTo(eigenvalues[i]));
  return {
    eigenvalues,
    eigenvectors,
    residuals,
    relativeResiduals,
    iterations: state.alpha.length,
    converged: count === k && relativeResiduals.every((r) => r <= tolerance),
  };
}

/** Options of {@linkcode smallestEigen}. */
export interface SmallestEigenOptions extends Omit<EigenOptions, "k"> {
  /**
   * The shift s, at least the largest eigenvalue (default: the largest eigenvalue found
   * first with the same options).
   */
  shift?: number;
}

/**
 * The smallest (most negative) eigenvalue of a symmetric operator: the largest eigenvalue mu
 * of `s I - A` gives `lambda_min = s - mu`. Residuals are relative to max(mu, s) (the spectral
 * width), since lambda_min itself is often near zero.
 *
 * @param operator The operator.
 * @param options Shift, iteration limit, tolerance and seed.
 * @returns One eigenpair with its residual and convergence flag, plus the shift used.
 * @example
 * ```ts
 * import { smallestEigen } from "./top_eigen.ts";
 * import { matrixOperator } from "./linear_operator.ts";
 * console.log(smallestEigen(matrixOperator([[2, 0], [0, -1]])).eigenvalues[0].toFixed(3)); // "-1.000"
 * ```
 */
export function smallestEigen(
  operator: LinearOperator,
  options: SmallestEigenOptions = {},
): EigenResult & { shift: number } {
  const shift = options.shift ?? Math.max(topEigen(operator, options).eigenvalues[0], 0);
  const shifted = topEigen(shiftedOperator(operator, shift), {
    ...options,
    k: 1,
    scale: Math.abs(shift),
  });
  return { ...shifted, eigenvalues: shifted.eigenvalues.map((mu) => shift - mu), shift };
}
