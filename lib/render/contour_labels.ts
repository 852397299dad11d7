/**
 * Where to write each contour level's value on a contour plot: for every level, the grid-edge
 * crossing (marching squares, linear interpolation along the edge) nearest a ray from the
 * grid's minimum, so that the labels of nested contours line up along one spoke and do not
 * pile up. Crossings next to the frame are skipped, and so is a label too close to the last one.
 * @module
 */
import type { PlotGrid } from "./grid.ts";

/** One label: a level's value at a point on its contour line. */
export interface ContourLabel {
  /** Data x. */
  x: number;
  /** Data y. */
  y: number;
  /** The level. */
  level: number;
  /** The level formatted (3 significant digits). */
  text: string;
}

/** Where a level crosses a grid edge. */
export interface LevelCrossing {
  /** Data x. */
  x: number;
  /** Data y. */
  y: number;
  /** Fractional column. */
  i: number;
  /** Fractional row. */
  j: number;
}

/**
 * Every point where a level crosses a grid edge.
 *
 * @param grid The metric grid.
 * @param level The contour level.
 * @returns Crossings in data coordinates, with their column and row (fractional).
 * @example
 * ```ts
 * import { levelCrossings } from "./contour_labels.ts";
 * const grid = { nx: 2, ny: 1, values: new Float32Array([0, 2]), xs: [0, 1], ys: [0], xBounds: [-0.5, 1.5] as [number, number], yBounds: [-0.5, 0.5] as [number, number] };
 * console.log(levelCrossings(grid, 1)); // [{ x: 0.5, y: 0, i: 0.5, j: 0 }]
 * ```
 */
export function levelCrossings(grid: PlotGrid, level: number): LevelCrossing[] {
  const { nx, ny, values, xs, ys } = grid;
  const crossings: LevelCrossing[] = [];
  const edge = (a: number, b: number, i0: number, j0: number, i1: number, j1: number) => {
    const va = values[a], vb = values[b];
    if (
      !Number.isFinite(va) || !Number.isFinite(vb) || (va - level) * (vb - level) > 0 || va === vb
    ) {
      return;
    }
    const t = (level - va) / (vb - va);
    const i = i0 + t * (i1 - i0), j = j0 + t * (j1 - j0);
    const x = xs[i0] + t * (xs[i1] - xs[i0]), y = ys[j0] + t * (ys[j1] - ys[j0]);
    crossings.push({ x, y, i, j });
  };
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = j * nx + i;
      if (i + 1 < nx) edge(k, k + 1, i, j, i + 1, j);
      if (j + 1 < ny) edge(k, k + nx, i, j, i, j + 1);
    }
  }
  return crossings;
}

/**
 * Picks one label position per level.
 *
 * @param grid The metric grid.
 * @param levels The contour levels.
 * @param angle Direction of the spoke from the minimum, in degrees (default 35).
 * @returns One label per level that crosses the grid away from its border.
 * @example
 * ```ts
 * import { contourLabels } from "./contour_labels.ts";
 * import { plotGrid } from "./grid.ts";
 * import { sampleBowlLandscape } from "./sample_data.ts";
 * const grid = plotGrid(sampleBowlLandscape({ nx: 21, ny: 21 }), "train_loss");
 * console.log(contourLabels(grid, [0.5, 1]).length); // 2
 * ```
 */
export function contourLabels(
  grid: PlotGrid,
  levels: readonly number[],
  angle = 35,
): ContourLabel[] {
  let best = -1;
  for (let k = 0; k < grid.values.length; k++) {
    if (Number.isFinite(grid.values[k]) && (best < 0 || grid.values[k] < grid.values[best])) {
      best = k;
    }
  }
  if (best < 0) return [];
  const ci = best % grid.nx, cj = Math.floor(best / grid.nx);
  const ux = Math.cos((angle * Math.PI) / 180), uy = Math.sin((angle * Math.PI) / 180);
  const labels: ContourLabel[] = [];
  for (const level of levels) {
    let chosen: LevelCrossing | undefined;
    let bestScore = Infinity;
    for (const c of levelCrossings(grid, level)) {
      if (c.i < 1 || c.j < 1 || c.i > grid.nx - 2 || c.j > grid.ny - 2) continue;
      // Fractional grid units, so that the spoke's angle does not depend on the axes' units.
      const dx = (c.i - ci) / grid.nx, dy = (c.j - cj) / grid.ny;
      const along = dx * ux + dy * uy;
      const across = Math.abs(dx * uy - dy * ux);
      const score = along > 0 ? across : 1 + across - along;
      if (score < bestScore) {
        bestScore = score;
        chosen = c;
      }
    }
    if (!chosen) continue;
    const last = labels.at(-1);
    const close = last &&
      Math.hypot(
          (chosen.x - last.x) / (grid.xs[grid.nx - 1] - grid.xs[0]),
          (chosen.y - last.y) / (grid.ys[grid.ny - 1] - grid.ys[0]),
        ) < 0.05;
    if (close) continue;
    labels.push({ x: chosen.x, y: chosen.y, level, text: `${+level.toPrecision(3)}` });
  }
  return labels;
}
