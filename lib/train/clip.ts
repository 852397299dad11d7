/**
 * Gradient clipping by the global L2 norm of all parameters together (TensorFlow's
 * `clip_by_global_norm`; Pascanu et al. 2013, algorithm 1).
 * @module
 */

/**
 * The L2 norm of a flat vector, accumulated in float64.
 *
 * @param values The vector (e.g. all gradients of a model, flat).
 * @returns sqrt(sum of squares); NaN if any entry is NaN.
 * @example
 * ```ts
 * import { globalNorm } from "./clip.ts";
 * console.log(globalNorm(new Float32Array([3, 4]))); // 5
 * ```
 */
export function globalNorm(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return Math.sqrt(sum);
}

/**
 * The factor that brings a gradient of norm `norm` down to at most `maxNorm`:
 * maxNorm / max(norm, maxNorm); 1 when the norm is not finite (left for the caller to report).
 *
 * @param norm The gradient's global L2 norm.
 * @param maxNorm The largest norm allowed.
 * @returns The factor, in (0, 1].
 * @example
 * ```ts
 * import { clipScale } from "./clip.ts";
 * console.log(clipScale(5, 1), clipScale(0.5, 1)); // 0.2 1
 * ```
 */
export function clipScale(norm: number, maxNorm: number): number {
  return norm > maxNorm && Number.isFinite(norm) ? maxNorm / norm : 1;
}

/**
 * Scales a gradient in place so its global L2 norm is at most `maxNorm`:
 * g <- g * maxNorm / max(norm, maxNorm). Directions are kept; a gradient with a non-finite
 * norm is left untouched (the training loop reports the divergence).
 *
 * @param grads The flat gradient; changed in place.
 * @param maxNorm The largest norm allowed (> 0).
 * @returns The norm before clipping.
 * @throws {RangeError} When `maxNorm` is not a positive number.
 * @example
 * ```ts
 * import { clipByGlobalNorm } from "./clip.ts";
 * const grads = new Float32Array([3, 4]);
 * console.log(clipByGlobalNorm(grads, 1), grads); // 5 Float32Array [0.6, 0.8]
 * ```
 */
export function clipByGlobalNorm(grads: Float32Array, maxNorm: number): number {
  if (!(maxNorm > 0)) throw new RangeError(`maxNorm must be a number > 0: got ${maxNorm}`);
  const norm = globalNorm(grads);
  const scale = clipScale(norm, maxNorm);
  if (scale !== 1) { for (let i = 0; i < grads.length; i++) grads[i] *= scale; }
  return norm;
}
