/**
 * Grid axes for the PCA plane: they must cover the whole training path, so
 * they follow the projected checkpoints instead of a fixed range.
 * @module
 */
import type { ProjectedPath } from "../directions/pca.ts";
import { linspace } from "./grid.ts";

/**
 * Axes that contain every projected checkpoint and the origin, with a margin; both span the
 * same length (the longer extent), centred on the path.
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
  // Both axes span the same length, so the plane is drawn at equal aspect without blank margins.
  const extent = (values: number[]) => [Math.min(0, ...values), Math.max(0, ...values)];
  const [xLow, xHigh] = extent(path.points.map((point) => point.x));
  const [yLow, yHigh] = extent(path.points.map((point) => point.y));
  const span = Math.max(xHigh - xLow, yHigh - yLow, 1e-3) * (1 + 2 * margin);
  const axis = (low: number, high: number) =>
    linspace((low + high) / 2 - span / 2, (low + high) / 2 + span / 2, count);
  return { xcoordinates: axis(xLow, xHigh), ycoordinates: axis(yLow, yHigh) };
}
