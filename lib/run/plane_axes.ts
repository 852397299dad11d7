/**
 * The grid axes a run scans: `--xrange` / `--yrange` (`MIN:MAX:N`, any range and resolution per
 * axis) or the square shorthand `--grid` / `--range`; the 1D slice runs along the x range with
 * four times its resolution.
 * @module
 */
import { axisCoordinates, type AxisRange, parseAxisRange } from "../scan/axis_range.ts";

/** The axes of the random plane and the slice. */
export interface PlaneAxes {
  /** x range of the plane. */
  x: AxisRange;
  /** y range of the plane. */
  y: AxisRange;
  /** x coordinates of the plane. */
  xcoordinates: number[];
  /** y coordinates of the plane. */
  ycoordinates: number[];
  /** Coordinates of the 1D slice (the x range, 4 (nx - 1) + 1 points). */
  slice: number[];
  /** One line for the report, e.g. `41 x 41 on [-1, 1] x [-1, 1]; slice 161 points`. */
  description: string;
}

/**
 * Resolves the axes from the settings.
 *
 * @param settings `xrange`, `yrange` ("" for the shorthand), `grid` and `range`.
 * @returns The axes and their description.
 * @throws {LosscapeError} On a malformed `--xrange` or `--yrange`.
 * @example
 * ```ts
 * import { planeAxes } from "./plane_axes.ts";
 * const axes = planeAxes({ xrange: "0:2:3", yrange: "", grid: 5, range: 1 });
 * console.log(axes.xcoordinates, axes.ycoordinates.length, axes.slice.length); // [0, 1, 2] 5 9
 * ```
 */
export function planeAxes(
  settings: { xrange: string; yrange: string; grid: number; range: number },
): PlaneAxes {
  const square = { min: -settings.range, max: settings.range, count: settings.grid };
  const x = settings.xrange ? parseAxisRange(settings.xrange, "--xrange") : square;
  const y = settings.yrange ? parseAxisRange(settings.yrange, "--yrange") : square;
  const slice = axisCoordinates({ ...x, count: 4 * (x.count - 1) + 1 });
  const span = (range: AxisRange) => `[${range.min}, ${range.max}]`;
  return {
    x,
    y,
    xcoordinates: axisCoordinates(x),
    ycoordinates: axisCoordinates(y),
    slice,
    description: `${x.count} x ${y.count} on ${span(x)} x ${span(y)}; slice ${slice.length} points`,
  };
}
