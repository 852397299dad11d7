/**
 * One grid axis as text, `MIN:MAX:N` (e.g. `-0.5:1.5:81`), the way `--xrange` and `--yrange`
 * take it: any range and resolution per axis, so grids may be non-square and off-centre.
 * @module
 */
import { LosscapeError } from "../errors.ts";
import { linspace } from "./grid.ts";

/** A parsed axis: `count` evenly spaced values from `min` to `max`. */
export interface AxisRange {
  /** First coordinate. */
  min: number;
  /** Last coordinate (greater than `min`). */
  max: number;
  /** Number of points, at least 2. */
  count: number;
}

/** Largest number of points on one axis. */
export const MAX_AXIS_POINTS = 10001;

/**
 * Parses `MIN:MAX:N`.
 *
 * @param text The axis, e.g. `"-1:2:31"`.
 * @param name How to name it in messages, e.g. `--xrange`.
 * @returns The range.
 * @throws {LosscapeError} Naming `name` and what was expected: three numbers, MIN < MAX, N an
 *   integer from 2 to 10001.
 * @example
 * ```ts
 * import { parseAxisRange } from "./axis_range.ts";
 * console.log(parseAxisRange("-0.5:1.5:81", "--xrange")); // { min: -0.5, max: 1.5, count: 81 }
 * ```
 */
export function parseAxisRange(text: string, name: string): AxisRange {
  const parts = text.split(":").map((part) => part.trim());
  const numbers = parts.map((part) => (part === "" ? NaN : Number(part)));
  if (parts.length !== 3 || !numbers.every(Number.isFinite)) {
    throw new LosscapeError(`${name} must be MIN:MAX:N (e.g. -1:1:41): got "${text}"`);
  }
  const [min, max, count] = numbers;
  if (!(min < max)) {
    throw new LosscapeError(`${name} must have MIN < MAX: got "${text}"`);
  }
  if (!Number.isInteger(count) || count < 2 || count > MAX_AXIS_POINTS) {
    throw new LosscapeError(
      `${name} must have N an integer from 2 to ${MAX_AXIS_POINTS} points: got "${text}"`,
    );
  }
  return { min, max, count };
}

/**
 * The coordinates of an axis.
 *
 * @param range The parsed axis.
 * @returns `range.count` values from `min` to `max`, both included.
 * @example
 * ```ts
 * import { axisCoordinates } from "./axis_range.ts";
 * console.log(axisCoordinates({ min: 0, max: 1, count: 3 })); // [0, 0.5, 1]
 * ```
 */
export function axisCoordinates(range: AxisRange): number[] {
  return linspace(range.min, range.max, range.count);
}

/**
 * Formats an axis back as `MIN:MAX:N`.
 *
 * @param range The axis.
 * @returns The text `parseAxisRange` reads.
 * @example
 * ```ts
 * import { formatAxisRange } from "./axis_range.ts";
 * console.log(formatAxisRange({ min: -1, max: 1, count: 41 })); // "-1:1:41"
 * ```
 */
export function formatAxisRange(range: AxisRange): string {
  return `${range.min}:${range.max}:${range.count}`;
}
