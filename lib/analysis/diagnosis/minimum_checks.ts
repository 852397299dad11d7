/**
 * Is the minimum sharp or flat? Its width along a filter-normalised direction (the length of
 * the interval around the slice's lowest point where the loss stays within `widthRise` of it;
 * Li et al. 2018 compare minima this way because filter normalisation removes the scale
 * invariance) and, when the curvature is known, the top Hessian eigenvalue.
 * @module
 */
import type { DiagnosisThresholds } from "./thresholds.ts";
import { formatNumber as f, type Statement } from "./statement.ts";

/**
 * The width of the basin around the lowest point of a 1D slice. Between grid points the
 * crossing is found by linear interpolation; a basin that reaches the end of the slice is cut
 * there (the width is then a lower bound).
 *
 * @param xs Slice coordinates, increasing.
 * @param losses Loss at each coordinate (NaN: not finite, ends the basin).
 * @param rise How far above the minimum the loss may go.
 * @returns Width, and whether the basin reached an end of the slice.
 * @example
 * ```ts
 * import { minimumWidth } from "./minimum_checks.ts";
 * console.log(minimumWidth([-1, 0, 1], [1, 0, 1], 0.5)); // { width: 1, clipped: false }
 * ```
 */
export function minimumWidth(
  xs: readonly number[],
  losses: ArrayLike<number>,
  rise: number,
): { width: number; clipped: boolean } {
  let low = -1;
  for (let i = 0; i < xs.length; i++) {
    if (Number.isFinite(losses[i]) && (low < 0 || losses[i] < losses[low])) low = i;
  }
  if (low < 0) return { width: 0, clipped: false };
  const level = losses[low] + rise;
  const edge = (step: number) => {
    let i = low;
    while (i + step >= 0 && i + step < xs.length && losses[i + step] <= level) i += step;
    const next = i + step;
    if (next < 0 || next >= xs.length) return { x: xs[i], clipped: true };
    if (!Number.isFinite(losses[next])) return { x: xs[i], clipped: false };
    const share = (level - losses[i]) / (losses[next] - losses[i]);
    return { x: xs[i] + share * (xs[next] - xs[i]), clipped: false };
  };
  const left = edge(-1), right = edge(1);
  return { width: right.x - left.x, clipped: left.clipped || right.clipped };
}

/**
 * Sharp-or-flat statements from a slice and, optionally, the top Hessian eigenvalue.
 *
 * @param slice The 1D slice through the minimum (coordinates and train loss), if scanned.
 * @param topEigenvalue The largest Hessian eigenvalue, if measured.
 * @param t Thresholds.
 * @returns Zero, one or two statements.
 * @example
 * ```ts
 * import { minimumChecks } from "./minimum_checks.ts";
 * import { DEFAULT_THRESHOLDS } from "./thresholds.ts";
 * const [s] = minimumChecks({ xs: [-1, 0, 1], losses: [5, 0.1, 5] }, undefined, DEFAULT_THRESHOLDS);
 * console.log(s.text.startsWith("Sharp")); // true
 * ```
 */
export function minimumChecks(
  slice: { xs: readonly number[]; losses: ArrayLike<number> } | undefined,
  topEigenvalue: number | undefined,
  t: DiagnosisThresholds,
): Statement[] {
  const statements: Statement[] = [];
  if (slice && slice.xs.length >= 3) {
    const { width, clipped } = minimumWidth(slice.xs, slice.losses, t.widthRise);
    const shape = width < t.sharpWidth ? "Sharp" : width > t.flatWidth ? "Flat" : "";
    statements.push({
      check: "minimum-width",
      found: shape !== "",
      text: `${shape ? `${shape} minimum` : "A minimum neither sharp nor flat"}: along the ` +
        `filter-normalised direction the loss stays within ${
          f(t.widthRise)
        } of its lowest value over a width of ${f(width)}${
          clipped ? " or more (the basin reaches the end of the slice)" : ""
        }.`,
      evidence: { width, clippedAtSliceEnd: clipped ? 1 : 0 },
      thresholds: { widthRise: t.widthRise, sharpWidth: t.sharpWidth, flatWidth: t.flatWidth },
    });
  }
  if (topEigenvalue !== undefined && Number.isFinite(topEigenvalue)) {
    const sharp = topEigenvalue > t.sharpCurvature;
    statements.push({
      check: "curvature",
      found: sharp,
      text: `${sharp ? "Sharp minimum by curvature" : "Moderate curvature"}: the top Hessian ` +
        `eigenvalue is ${f(topEigenvalue)}.`,
      evidence: { topEigenvalue },
      thresholds: { sharpCurvature: t.sharpCurvature },
    });
  }
  return statements;
}
