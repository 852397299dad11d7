/**
 * The convexity map of a plane (Li et al. 2018, "Visualizing the Loss Landscape of Neural
 * Nets", fig. 8): at each point of a coarse grid, the Hessian's extreme eigenvalues and
 * |lambda_min / lambda_max|; near zero the surface is locally convex, large values mark strong
 * negative curvature.
 * @module
 */
import type { LinearOperator } from "./linear_operator.ts";
import { smallestEigen, topEigen } from "./top_eigen.ts";

/** Options of {@linkcode convexityMap}. */
export interface ConvexityOptions {
  /** x coordinates of the grid. */
  xcoordinates: readonly number[];
  /** y coordinates of the grid. */
  ycoordinates: readonly number[];
  /** The Hessian at plane point (x, y). */
  operatorAt: (x: number, y: number) => LinearOperator | Promise<LinearOperator>;
  /** Lanczos steps per eigenvalue. Default 30. */
  maxIterations?: number;
  /** Relative tolerance. Default 1e-2. */
  tolerance?: number;
  /** Seed of the starting vectors. Default 0. */
  seed?: number;
  /** Called after each point (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** Extreme eigenvalues over a grid, row-major `[ny, nx]`. */
export interface ConvexityMap {
  /** Largest eigenvalue at each point. */
  lambdaMax: Float64Array;
  /** Smallest eigenvalue at each point. */
  lambdaMin: Float64Array;
  /** |lambda_min / lambda_max| at each point. */
  ratio: Float64Array;
  /** Points where both eigenvalues met the tolerance. */
  convergedPoints: number;
}

/**
 * Computes the convexity map.
 *
 * @param options The grid, the Hessian at each point and the eigenvalue settings.
 * @returns lambda_max, lambda_min and their ratio at every point.
 * @example
 * ```ts
 * import { convexityMap } from "./convexity_map.ts";
 * import { matrixOperator } from "./linear_operator.ts";
 * const map = await convexityMap({ xcoordinates: [-1, 1], ycoordinates: [0], operatorAt: (x) => matrixOperator([[x, 0], [0, 2]]) });
 * console.log(Array.from(map.lambdaMin)); // [-1, 1]
 * ```
 */
export async function convexityMap(options: ConvexityOptions): Promise<ConvexityMap> {
  const { xcoordinates, ycoordinates, operatorAt, onProgress } = options;
  const settings = {
    maxIterations: options.maxIterations ?? 30,
    tolerance: options.tolerance ?? 1e-2,
    seed: options.seed ?? 0,
  };
  const total = xcoordinates.length * ycoordinates.length;
  const lambdaMax = new Float64Array(total);
  const lambdaMin = new Float64Array(total);
  const ratio = new Float64Array(total);
  let convergedPoints = 0;
  let done = 0;
  for (let j = 0; j < ycoordinates.length; j++) {
    for (let i = 0; i < xcoordinates.length; i++) {
      const operator = await operatorAt(xcoordinates[i], ycoordinates[j]);
      const top = topEigen(operator, settings);
      const shift = Math.max(top.eigenvalues[0], 0);
      const low = smallestEigen(operator, { ...settings, shift });
      const index = j * xcoordinates.length + i;
      lambdaMax[index] = top.eigenvalues[0];
      lambdaMin[index] = low.eigenvalues[0];
      ratio[index] = Math.abs(low.eigenvalues[0] / top.eigenvalues[0]);
      if (top.converged && low.converged) convergedPoints++;
      onProgress?.(++done, total);
    }
  }
  return { lambdaMax, lambdaMin, ratio, convergedPoints };
}
