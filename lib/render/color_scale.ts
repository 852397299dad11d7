/**
 * The colour scale of one metric grid, shared by its contour lines and its heat map so that a
 * colour means the same value in both: viridis over the grid's finite range, log for a
 * positive loss, linear otherwise.
 * @module
 */
import { finiteExtent } from "./grid.ts";
import { resolveValueScale, type ValueScale } from "./options.ts";

/** Plot colour options for a grid (type, domain, scheme and range). */
export interface GridColorScale {
  /** `log` or `linear`. */
  type: "log" | "linear";
  /** The finite range of the grid's values. */
  domain: [number, number];
  /** Always viridis. */
  scheme: "viridis";
  /** The part of the scheme used: viridis' last tenth is too pale to read as a line on white. */
  range: [number, number];
}

/**
 * The colour scale for a metric grid.
 *
 * @param values The grid's values (NaN and infinities are skipped).
 * @param metric The metric's name, e.g. `train_loss` (losses may go log).
 * @param scale `auto` (log for a positive loss), `log` or `linear`.
 * @returns Plot colour options; spread them into a figure's `color`.
 * @example
 * ```ts
 * import { gridColorScale } from "./color_scale.ts";
 * console.log(gridColorScale([0.1, 1, 10], "train_loss").domain); // [0.1, 10]
 * ```
 */
export function gridColorScale(
  values: ArrayLike<number>,
  metric: string,
  scale: ValueScale = "auto",
): GridColorScale {
  const [min, max] = finiteExtent(values);
  const type = resolveValueScale(scale, metric, min);
  const domain: [number, number] = !Number.isFinite(min)
    ? [0, 1]
    : max > min
    ? [min, max]
    : type === "log"
    ? [min / 2, min * 2]
    : [min - 1, min + 1];
  return { type, domain, scheme: "viridis", range: [0, 0.88] };
}
