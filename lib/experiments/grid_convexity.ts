/**
 * Non-convexity of a scanned 2D loss grid: the eigenvalues of the finite-difference Hessian of
 * the loss in the plane's two coordinates at every interior cell, and the share of cells where
 * the surface curves down substantially (Li et al. 2018, sec. 6, map |lambda_min / lambda_max|
 * to show where a plotted surface is non-convex; here from the grid itself).
 * @module
 */

/** Curvature of a grid at its interior cells, row-major `[ny - 2, nx - 2]`. */
export interface GridCurvature {
  /** Smaller eigenvalue of the 2x2 finite-difference Hessian. */
  min: Float64Array;
  /** Larger eigenvalue. */
  max: Float64Array;
}

/**
 * The 2x2 Hessian eigenvalues at interior cells, by central differences (exact for a
 * quadratic): f_xx = (f[i+1] - 2 f[i] + f[i-1]) / dx^2, f_xy from the four diagonal cells.
 * A cell next to a non-finite value gets NaN.
 *
 * @param values Row-major `[ny, nx]` values (row j at y_j).
 * @param nx Columns (>= 3).
 * @param ny Rows (>= 3).
 * @param dx Spacing of x.
 * @param dy Spacing of y.
 * @returns Smaller and larger eigenvalue per interior cell.
 * @throws {RangeError} When the sizes do not match or the grid is smaller than 3 x 3.
 * @example
 * ```ts
 * import { gridCurvature } from "./grid_convexity.ts";
 * const f = [-1, 0, 1].flatMap((y) => [-1, 0, 1].map((x) => x * x - 3 * y * y));
 * const { min, max } = gridCurvature(f, 3, 3, 1, 1);
 * console.log(min[0], max[0]); // -6 2
 * ```
 */
export function gridCurvature(
  values: ArrayLike<number>,
  nx: number,
  ny: number,
  dx: number,
  dy: number,
): GridCurvature {
  if (nx < 3 || ny < 3 || values.length !== nx * ny) {
    throw new RangeError(
      `A curvature grid needs at least 3 x 3 cells and nx * ny values: got ${nx} x ${ny} and ${values.length}`,
    );
  }
  const f = (i: number, j: number) => values[j * nx + i];
  const cells = (nx - 2) * (ny - 2);
  const min = new Float64Array(cells), max = new Float64Array(cells);
  for (let j = 1; j < ny - 1; j++) {
    for (let i = 1; i < nx - 1; i++) {
      const fxx = (f(i + 1, j) - 2 * f(i, j) + f(i - 1, j)) / (dx * dx);
      const fyy = (f(i, j + 1) - 2 * f(i, j) + f(i, j - 1)) / (dy * dy);
      const fxy = (f(i + 1, j + 1) - f(i + 1, j - 1) - f(i - 1, j + 1) + f(i - 1, j - 1)) /
        (4 * dx * dy);
      const mean = (fxx + fyy) / 2, radius = Math.hypot((fxx - fyy) / 2, fxy);
      const cell = (j - 1) * (nx - 2) + (i - 1);
      min[cell] = mean - radius;
      max[cell] = mean + radius;
    }
  }
  return { min, max };
}

/**
 * The share of interior cells that are substantially non-convex: the smaller curvature is
 * negative and at least `ratio` times the larger one in size (|lambda_min| >= ratio |lambda_max|).
 * Cells with a non-finite curvature are left out.
 *
 * @param curvature From {@linkcode gridCurvature}.
 * @param ratio The size of |lambda_min / lambda_max| that counts (default 0.1).
 * @returns The share in [0, 1] (NaN when no cell is finite).
 * @example
 * ```ts
 * import { gridCurvature, nonConvexShare } from "./grid_convexity.ts";
 * const bowl = [-1, 0, 1].flatMap((y) => [-1, 0, 1].map((x) => x * x + y * y));
 * console.log(nonConvexShare(gridCurvature(bowl, 3, 3, 1, 1))); // 0
 * ```
 */
export function nonConvexShare(curvature: GridCurvature, ratio = 0.1): number {
  let counted = 0, nonConvex = 0;
  for (let c = 0; c < curvature.min.length; c++) {
    const low = curvature.min[c], high = curvature.max[c];
    if (!Number.isFinite(low) || !Number.isFinite(high)) continue;
    counted++;
    if (low < 0 && -low >= ratio * Math.abs(high)) nonConvex++;
  }
  return counted === 0 ? NaN : nonConvex / counted;
}
