/**
 * The eigenvalue density of a symmetric operator by stochastic Lanczos quadrature (Lin, Saad &
 * Yang 2016; Ghorbani, Krishnan & Xiao 2019): for each seeded Rademacher probe v, m Lanczos
 * steps give Gauss quadrature nodes theta_j (Ritz values) and weights tau_j (squared first
 * components of T's eigenvectors), so that v^T f(A) v / ||v||^2 ~ sum_j tau_j f(theta_j),
 * exactly for polynomials of degree < 2m. The density is the average over probes of the
 * nodes smoothed by a Gaussian of width sigma, normalised to integrate to 1.
 * @module
 */
import { createRng } from "../../random.ts";
import { lanczos, ritzPairs } from "./lanczos.ts";
import { type LinearOperator, rademacher } from "./linear_operator.ts";

/** Options of {@linkcode spectralDensity}. */
export interface DensityOptions {
  /** Probe vectors (independent Lanczos runs). Default 3. */
  runs?: number;
  /** Lanczos steps per run (capped at the operator's size). Default 80. */
  maxIterations?: number;
  /** A run counts as converged when its extreme nodes' residuals are at most `tolerance * max|theta|`. Default 1e-3. */
  tolerance?: number;
  /** Seed of the probes. Default 0. */
  seed?: number;
  /** Points of the density grid. Default 500. */
  points?: number;
  /** Width of the Gaussian kernel (default: 1/100 of the nodes' range, or 1e-3 when they coincide). */
  sigma?: number;
}

/** A smoothed spectral density and the quadrature behind it. */
export interface DensityResult {
  /** Eigenvalue axis. */
  grid: number[];
  /** Density at each grid point (integrates to ~1). */
  density: number[];
  /** Quadrature nodes of each run. */
  nodes: number[][];
  /** Quadrature weights of each run (each run's sum to 1). */
  weights: number[][];
  /** Per run: the larger residual estimate of its two extreme nodes. */
  residuals: number[];
  /** Lanczos steps of each run. */
  iterations: number[];
  /** Whether every run's extreme nodes met the tolerance. */
  converged: boolean;
  /** The kernel width used. */
  sigma: number;
}

/**
 * Estimates the eigenvalue density of an operator.
 *
 * @param operator The operator.
 * @param options Runs, steps, tolerance, seed, grid points and kernel width.
 * @returns Grid, density, quadrature nodes and weights, residuals and the convergence flag.
 * @throws {RangeError} When runs, maxIterations, points or tolerance is out of range.
 * @example
 * ```ts
 * import { spectralDensity } from "./spectral_density.ts";
 * import { matrixOperator } from "./linear_operator.ts";
 * const result = spectralDensity(matrixOperator([[1, 0], [0, 3]]), { runs: 2 });
 * console.log(result.nodes[0].map(Math.round)); // [3, 1]
 * ```
 */
export function spectralDensity(
  operator: LinearOperator,
  options: DensityOptions = {},
): DensityResult {
  const { runs = 3, maxIterations = 80, tolerance = 1e-3, seed = 0, points = 500 } = options;
  for (
    const [name, value, low] of [["runs", runs, 1], ["maxIterations", maxIterations, 1], [
      "points",
      points,
      2,
    ]] as const
  ) {
    if (!Number.isInteger(value) || value < low) {
      throw new RangeError(`${name} must be an integer >= ${low}: got ${value}`);
    }
  }
  if (!(tolerance > 0)) throw new RangeError(`tolerance must be > 0: got ${tolerance}`);
  const rng = createRng(seed ^ 0x51a9);
  const nodes: number[][] = [], weights: number[][] = [];
  const residuals: number[] = [], iterations: number[] = [];
  let converged = true;
  for (let run = 0; run < runs; run++) {
    const state = lanczos(operator, {
      start: rademacher(operator.size, rng.uniform),
      steps: maxIterations,
    });
    const pairs = ritzPairs(state);
    nodes.push(pairs.values);
    weights.push(pairs.vectors.map((s) => s[0] * s[0]));
    const scale = Math.max(...pairs.values.map(Math.abs), 1e-30);
    const worst = Math.max(pairs.residuals[0], pairs.residuals.at(-1)!);
    residuals.push(worst);
    iterations.push(state.alpha.length);
    if (worst > tolerance * scale) converged = false;
  }
  const all = nodes.flat();
  const low = Math.min(...all), high = Math.max(...all);
  const sigma = options.sigma ?? (high > low ? (high - low) / 100 : 1e-3);
  const grid = Array.from(
    { length: points },
    (_, i) => low - 3 * sigma + (i * (high - low + 6 * sigma)) / (points - 1),
  );
  const norm = 1 / (runs * sigma * Math.sqrt(2 * Math.PI));
  const density = grid.map((t) => {
    let sum = 0;
    nodes.forEach((run, r) =>
      run.forEach((theta, j) => {
        const z = (t - theta) / sigma;
        sum += weights[r][j] * Math.exp(-0.5 * z * z);
      })
    );
    return sum * norm;
  });
  return { grid, density, nodes, weights, residuals, iterations, converged, sigma };
}

/**
 * The p-th moment of the estimated spectrum, mean over runs of sum_j tau_j theta_j^p: an
 * estimate of trace(A^p) / n (p = 1: the mean eigenvalue).
 *
 * @param result A density result.
 * @param p The power.
 * @returns The moment.
 * @example
 * ```ts
 * import { densityMoment, spectralDensity } from "./spectral_density.ts";
 * import { matrixOperator } from "./linear_operator.ts";
 * console.log(densityMoment(spectralDensity(matrixOperator([[1, 0], [0, 3]])), 1)); // 2
 * ```
 */
export function densityMoment(result: DensityResult, p: number): number {
  let sum = 0;
  result.nodes.forEach((run, r) =>
    run.forEach((theta, j) => {
      sum += result.weights[r][j] * theta ** p;
    })
  );
  return sum / result.nodes.length;
}
