/**
 * The angle between two directions and Gram-Schmidt orthogonalisation of the second against
 * the first. Sums run in float64 so that the cosine of an orthogonalised pair is at float32
 * rounding level, not at the level of the accumulated error.
 * @module
 */

/**
 * Dot product in float64.
 *
 * @param a A vector.
 * @param b A vector of the same length.
 * @returns Their dot product.
 * @throws {RangeError} When the lengths differ.
 * @example
 * ```ts
 * import { dotProduct } from "./orthogonalize.ts";
 * console.log(dotProduct([1, 2], [3, 4])); // 11
 * ```
 */
export function dotProduct(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new RangeError(`Vectors must have the same length: got ${a.length} and ${b.length}`);
  }
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * Cosine of the angle between two directions (0 when either is zero).
 *
 * @param a A direction.
 * @param b A direction of the same length.
 * @returns `a.b / (|a| |b|)`, in [-1, 1].
 * @example
 * ```ts
 * import { cosineSimilarity } from "./orthogonalize.ts";
 * console.log(cosineSimilarity([1, 0], [1, 1]).toFixed(4)); // "0.7071"
 * ```
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const norms = Math.sqrt(dotProduct(a, a) * dotProduct(b, b));
  return norms > 0 ? dotProduct(a, b) / norms : 0;
}

/** Options of {@linkcode orthogonalize}. */
export interface OrthogonalizeOptions {
  /**
   * Rescale the result as a whole to the norm `second` had (default true). A whole-vector scale
   * keeps the orthogonality; a per-filter renormalisation would undo it.
   */
  keepNorm?: boolean;
}

/**
 * Gram-Schmidt: removes from `second` its component along `first`.
 *
 * @param first The direction kept as it is.
 * @param second The direction made orthogonal to `first` (not modified).
 * @param options Whether the result keeps the norm of `second`.
 * @returns `second - (second.first / first.first) first`, rescaled when `keepNorm`.
 * @throws {RangeError} When `first` is zero, `second` is parallel to it, or lengths differ.
 * @example
 * ```ts
 * import { orthogonalize } from "./orthogonalize.ts";
 * console.log(orthogonalize(new Float32Array([1, 0]), new Float32Array([1, 1]), { keepNorm: false })); // Float32Array [0, 1]
 * ```
 */
export function orthogonalize(
  first: Float32Array,
  second: Float32Array,
  options: OrthogonalizeOptions = {},
): Float32Array {
  const { keepNorm = true } = options;
  const firstSquared = dotProduct(first, first);
  if (!(firstSquared > 0)) throw new RangeError("Cannot orthogonalise against a zero direction");
  const projection = dotProduct(second, first) / firstSquared;
  const result = new Float64Array(second.length);
  for (let i = 0; i < second.length; i++) result[i] = second[i] - projection * first[i];
  const before = Math.sqrt(dotProduct(second, second));
  const after = Math.sqrt(dotProduct(result, result));
  if (!(after > 1e-7 * before)) {
    throw new RangeError("The second direction is parallel to the first: nothing is left of it");
  }
  const scale = keepNorm ? before / after : 1;
  const rounded = Float32Array.from(result, (value) => value * scale);
  // One more projection in float64 removes what rounding to float32 put back along `first`.
  const residual = dotProduct(rounded, first) / firstSquared;
  for (let i = 0; i < rounded.length; i++) rounded[i] -= residual * first[i];
  return rounded;
}
