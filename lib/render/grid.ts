/**
 * Reading a landscape's metric grid for drawing: validation, cell bounds and
 * the finite value range.
 * @module
 */
import type { Landscape } from "../scan/landscape.ts";

/** One 2D metric grid with everything Plot's raster and contour marks need. */
export interface PlotGrid {
  /** Number of columns (x coordinates). */
  nx: number;
  /** Number of rows (y coordinates). */
  ny: number;
  /** Values, row-major `[ny][nx]`, row j at y = ys[j]; NaN where not finite. */
  values: Float32Array;
  /** Column coordinates. */
  xs: number[];
  /** Row coordinates. */
  ys: number[];
  /** Outer cell edges `[x1, x2]`: half a step beyond the first and last x. */
  xBounds: [number, number];
  /** Outer cell edges `[y1, y2]`: half a step beyond the first and last y. */
  yBounds: [number, number];
}

/**
 * Outer edges of the cells centred on evenly spaced coordinates. Plot samples
 * cell i of a raster or contour over [x1 + i*dx, x1 + (i+1)*dx], so these bounds
 * put every value exactly at its coordinate.
 *
 * @param coordinates At least two evenly spaced, increasing or decreasing values.
 * @returns `[first - step/2, last + step/2]`.
 * @example
 * ```ts
 * import { cellBounds } from "./grid.ts";
 * console.log(cellBounds([-1, 0, 1])); // [-1.5, 1.5]
 * ```
 */
export function cellBounds(coordinates: readonly number[]): [number, number] {
  const n = coordinates.length;
  if (n < 2) throw new RangeError(`Grid axis must have at least 2 coordinates: got ${n}`);
  const step = (coordinates[n - 1] - coordinates[0]) / (n - 1);
  if (!(Number.isFinite(step) && step !== 0)) {
    throw new RangeError(`Grid axis must span a finite, non-zero range: got step ${step}`);
  }
  return [coordinates[0] - step / 2, coordinates[n - 1] + step / 2];
}

/**
 * Smallest and largest finite value (NaN and infinities are skipped).
 *
 * @param values Any numbers.
 * @returns `[min, max]`, or `[NaN, NaN]` when no value is finite.
 * @example
 * ```ts
 * import { finiteExtent } from "./grid.ts";
 * console.log(finiteExtent([3, NaN, 1, Infinity])); // [1, 3]
 * ```
 */
export function finiteExtent(values: ArrayLike<number>): [number, number] {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [NaN, NaN];
}

/**
 * Looks up one metric of a landscape, checking that it is there and has the right length.
 *
 * @param landscape The scanned landscape.
 * @param metric A key of `landscape.metrics`, e.g. `"train_loss"`.
 * @param expectedLength How many values the metric must have.
 * @returns The metric's values.
 * @example
 * ```ts
 * import { metricValues } from "./grid.ts";
 * const landscape = {
 *   plane: "random", xcoordinates: [0, 1], ycoordinates: null, xlabel: "a", ylabel: "",
 *   metrics: { train_loss: new Float32Array([1, 2]) },
 * };
 * console.log(metricValues(landscape, "train_loss", 2).length); // 2
 * ```
 */
export function metricValues(
  landscape: Landscape,
  metric: string,
  expectedLength: number,
): Float32Array {
  const values = landscape.metrics[metric];
  if (!values) {
    const known = Object.keys(landscape.metrics).join(", ") || "none";
    throw new RangeError(`Metric "${metric}" is not in the landscape: expected one of ${known}`);
  }
  if (values.length !== expectedLength) {
    throw new RangeError(
      `Metric "${metric}" must have ${expectedLength} values: got ${values.length}`,
    );
  }
  return values;
}

/**
 * Reads a 2D landscape's metric as a grid ready for Plot.
 *
 * @param landscape A 2D landscape (`ycoordinates` set).
 * @param metric A key of `landscape.metrics`.
 * @returns The grid with its cell bounds.
 * @example
 * ```ts
 * import { plotGrid } from "./grid.ts";
 * const grid = plotGrid({
 *   plane: "random", xcoordinates: [0, 1, 2], ycoordinates: [0, 1], xlabel: "a", ylabel: "b",
 *   metrics: { train_loss: new Float32Array(6) },
 * }, "train_loss");
 * console.log(grid.xBounds); // [-0.5, 2.5]
 * ```
 */
export function plotGrid(landscape: Landscape, metric: string): PlotGrid {
  const xs = landscape.xcoordinates;
  const ys = landscape.ycoordinates;
  if (!ys) throw new TypeError(`A 2D landscape is needed: got a 1D one (ycoordinates is null)`);
  const values = metricValues(landscape, metric, xs.length * ys.length);
  return {
    nx: xs.length,
    ny: ys.length,
    values,
    xs,
    ys,
    xBounds: cellBounds(xs),
    yBounds: cellBounds(ys),
  };
}
