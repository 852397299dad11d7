/**
 * The quadratic model of the loss along a unit eigenvector v of the Hessian:
 * L(w + t v) ~ L(w) + g t + 1/2 lambda t^2, with g = grad L . v the slope (zero at an exact
 * minimum; trained weights are seldom exactly there), compared with the scanned loss.
 * @module
 */

/** The model curve and how far it holds. */
export interface QuadraticComparison {
  /** L(w) + g t + lambda t^2 / 2 at each coordinate. */
  model: number[];
  /** Scanned loss minus the model at each coordinate. */
  difference: number[];
  /** Largest |t| with the model within `within` of 1/2 |lambda| t^2 (plus float32 rounding) at every |t'| <= |t|. */
  validRadius: number;
}

/**
 * Compares a 1D scan along an eigenvector with its quadratic model.
 *
 * @param coordinates Steps t along the unit eigenvector.
 * @param loss Scanned loss at each step.
 * @param centerLoss L(w).
 * @param eigenvalue lambda.
 * @param slope g = grad L . v. Default 0.
 * @param within Relative error allowed for `validRadius`. Default 0.1.
 * @returns Model, difference and the radius where the model holds.
 * @example
 * ```ts
 * import { compareQuadraticModel } from "./quadratic_model.ts";
 * const t = [-1, 0, 1];
 * console.log(compareQuadraticModel(t, [1, 0, 1], 0, 2).validRadius); // 1
 * ```
 */
export function compareQuadraticModel(
  coordinates: readonly number[],
  loss: ArrayLike<number>,
  centerLoss: number,
  eigenvalue: number,
  slope = 0,
  within = 0.1,
): QuadraticComparison {
  const model = coordinates.map((t) => centerLoss + slope * t + 0.5 * eigenvalue * t * t);
  const difference = model.map((m, i) => loss[i] - m);
  const order = coordinates.map((t, i) => ({ t: Math.abs(t), i })).sort((a, b) => a.t - b.t);
  let validRadius = 0;
  for (const { t, i } of order) {
    // Relative to the curvature term 1/2 lambda t^2, with a floor at float32 loss precision so
    // the flat middle is not failed on rounding.
    const allowed = within * 0.5 * Math.abs(eigenvalue) * t * t + 1e-5 * (1 + Math.abs(centerLoss));
    const ok = Number.isFinite(loss[i]) && Math.abs(difference[i]) <= allowed;
    if (!ok && t > 0) break;
    validRadius = t;
  }
  return { model, difference, validRadius };
}
