/**
 * Sharpness of a minimum read off scanned landscapes, so that runs can be compared from their
 * files alone: the width of the basin along a 1D slice at a loss threshold, and ε-sharpness
 * (Keskar et al. 2017, eq. 4) restricted to a scanned plane.
 * @module
 */
import type { Landscape } from "../scan/mod.ts";

/** The basin around α = 0 along a slice, where the loss stays within `delta` of its value there. */
export interface SliceWidth {
  /** right - left. */
  width: number;
  /** Where the loss first exceeds loss(0) + delta going left (linearly interpolated). */
  left: number;
  /** The same going right. */
  right: number;
  /** True when the basin reaches an end of the slice on either side (the width is a lower bound). */
  open: boolean;
  /** The loss at α = 0 (the grid point nearest 0). */
  centerLoss: number;
}

/** Index of the coordinate nearest 0. */
function nearestZero(coordinates: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < coordinates.length; i++) {
    if (Math.abs(coordinates[i]) < Math.abs(coordinates[best])) best = i;
  }
  return best;
}

/**
 * The width of the basin around α = 0 along a 1D slice: the length of the interval around 0
 * where loss <= loss(0) + delta, its ends linearly interpolated between grid points. A
 * non-finite loss counts as above the threshold.
 *
 * @param alphas The slice's coordinates, increasing, including (or near) 0.
 * @param losses The loss at each coordinate.
 * @param delta The loss rise that bounds the basin (> 0).
 * @returns The width, its ends and whether the basin reaches an end of the slice.
 * @throws {RangeError} On mismatched lengths, fewer than 2 points or delta <= 0.
 * @example
 * ```ts
 * import { sliceWidth } from "./sharpness.ts";
 * const alphas = [-2, -1, 0, 1, 2];
 * console.log(sliceWidth(alphas, alphas.map((a) => a * a), 1).width); // 2
 * ```
 */
export function sliceWidth(
  alphas: readonly number[],
  losses: ArrayLike<number>,
  delta: number,
): SliceWidth {
  if (alphas.length !== losses.length || alphas.length < 2) {
    throw new RangeError(
      `A slice needs 2 or more points and one loss per point: got ${alphas.length} and ${losses.length}`,
    );
  }
  if (!(delta > 0)) throw new RangeError(`delta must be > 0: got ${delta}`);
  const center = nearestZero(alphas);
  const centerLoss = losses[center];
  const threshold = centerLoss + delta;
  const inside = (i: number) => Number.isFinite(losses[i]) && losses[i] <= threshold;
  const walk = (step: 1 | -1) => {
    let i = center;
    while (i + step >= 0 && i + step < alphas.length && inside(i + step)) i += step;
    const next = i + step;
    if (next < 0 || next >= alphas.length) return { end: alphas[i], open: true };
    if (!Number.isFinite(losses[next])) return { end: alphas[i], open: false };
    const t = (threshold - losses[i]) / (losses[next] - losses[i]);
    return { end: alphas[i] + t * (alphas[next] - alphas[i]), open: false };
  };
  const left = walk(-1), right = walk(1);
  return {
    width: right.end - left.end,
    left: left.end,
    right: right.end,
    open: left.open || right.open,
    centerLoss,
  };
}

/**
 * ε-sharpness on a scanned plane (Keskar et al. 2017, eq. 4, with the box restricted to the
 * plane's two directions): 100 (max over |x|, |y| <= ε of L(x, y) - L(0, 0)) / (1 + L(0, 0)),
 * the maximum taken over the grid points in the box. Non-finite points are skipped.
 *
 * @param landscape A 2D landscape whose grid holds the origin (or a point near it).
 * @param epsilon Half the box's side, in the plane's coordinates (> 0).
 * @param metric The loss grid (default `train_loss`).
 * @returns The sharpness, in percent of 1 + L(0, 0); NaN when no grid point but the centre lies
 *   in the box (ε is below the grid's spacing).
 * @throws {RangeError} On a 1D landscape, a missing metric or epsilon <= 0.
 * @example
 * ```ts
 * import { planeEpsilonSharpness } from "./sharpness.ts";
 * const axis = [-1, 0, 1];
 * const loss = new Float32Array([2, 1, 2, 1, 0, 1, 2, 1, 2]);
 * const plane = { plane: "demo", xcoordinates: axis, ycoordinates: axis, xlabel: "", ylabel: "", metrics: { train_loss: loss } };
 * console.log(planeEpsilonSharpness(plane, 1)); // 200
 * ```
 */
export function planeEpsilonSharpness(
  landscape: Landscape,
  epsilon: number,
  metric = "train_loss",
): number {
  const xs = landscape.xcoordinates, ys = landscape.ycoordinates;
  if (!ys) throw new RangeError("ε-sharpness needs a 2D landscape: got a 1D one");
  const values = landscape.metrics[metric];
  if (!values) throw new RangeError(`The landscape has no ${metric} grid`);
  if (!(epsilon > 0)) throw new RangeError(`epsilon must be > 0: got ${epsilon}`);
  const i0 = nearestZero(xs), j0 = nearestZero(ys);
  const base = values[j0 * xs.length + i0];
  // A hair of slack so that grid points placed at ±ε by linspace count as inside.
  const reach = epsilon * (1 + 1e-9);
  let highest = base, inBox = 0;
  for (let j = 0; j < ys.length; j++) {
    if (Math.abs(ys[j] - ys[j0]) > reach) continue;
    for (let i = 0; i < xs.length; i++) {
      const value = values[j * xs.length + i];
      if (Math.abs(xs[i] - xs[i0]) > reach) continue;
      inBox++;
      if (Number.isFinite(value) && value > highest) highest = value;
    }
  }
  return inBox > 1 ? 100 * (highest - base) / (1 + base) : NaN;
}
