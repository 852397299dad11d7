/**
 * Grid axes for a scan.
 * @module
 */

/**
 * `count` evenly spaced values from `start` to `end`, both included.
 *
 * @param start First value.
 * @param end Last value.
 * @param count Number of values, at least 2.
 * @returns The axis.
 * @throws {RangeError} When `count` is not an integer >= 2 or the ends are not finite.
 * @example
 * ```ts
 * import { linspace } from "./grid.ts";
 * console.log(linspace(-1, 1, 5)); // [-1, -0.5, 0, 0.5, 1]
 * ```
 */
export function linspace(start: number, end: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 2) {
    throw new RangeError(`Grid size must be an integer >= 2: got ${count}`);
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new RangeError(`Grid ends must be finite: got ${start} and ${end}`);
  }
  // Computed from both ends so that the last value is exactly `end` and 0 lands on 0 when symmetric.
  return Array.from({ length: count }, (_, i) => {
    const t = i / (count - 1);
    return start * (1 - t) + end * t;
  });
}
