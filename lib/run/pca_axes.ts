/**
 * Grid axes for the PCA plane: they must cover the whole training path, so
 * they follow the projected checkpoints instead of a fixed range.
 * @module
 */
import type { ProjectedPath } from "../train/history.ts";
import { linspace } from "../scan/grid.ts";

/**
 * Axes that contain every projected checkpoint and the origin, with a margin.
 *
 * @param path Projected checkpoints.
 * @param count Points per axis.
 * @param margin Fraction of the extent added on each side. Default 0.15.
 * @returns The x and y axes.
 * @example
 * ```ts
 * import { pcaAxes } from "./pca_axes.ts";
 * const path = { points: [{ epoch: 0, x: -4, y: 1 }, { epoch: 1, x: 0, y: 0 }], explainedVariance: [0.9, 0.1] as [number, number] };
 * console.log(pcaAxes(path, 3).xcoordinates); // [-4.6, -2, 0.6]
 * ```
 */
export function pcaAxes(
  path: ProjectedPath,
  count: number,
  margin = 0.15,
): { xcoordinates: number[]; ycoordinates: number[] } {
  const axis = (values: number[]) => {
    const low = Math.min(0, ...values);
    const high = Math.max(0, ...values);
    const pad = Math.max(high - low, 1e-3) * margin;
    return linspace(low - pad, high + pad, count);
  };
  return {
    xcoordinates: axis(path.points.map((point) => point.x)),
    ycoordinates: axis(path.points.map((point) => point.y)),
  };
}
