/**
 * A symmetric linear operator given only by its action on a vector (a Hessian through
 * Hessian-vector products, or a small matrix), and the float64 vector arithmetic the
 * curvature methods share.
 * @module
 */

/** A symmetric operator on vectors of length `size`, known by its products. */
export interface LinearOperator {
  /** Dimension. */
  size: number;
  /**
   * The product with a vector.
   * @param vector Length `size`.
   * @returns A new vector of length `size`.
   */
  apply(vector: Float64Array): Float64Array;
}

/**
 * The operator of a dense symmetric matrix (tests, examples and small blocks).
 *
 * @param matrix Rows of an n x n symmetric matrix.
 * @returns The operator.
 * @example
 * ```ts
 * import { matrixOperator } from "./linear_operator.ts";
 * console.log(matrixOperator([[2, 0], [0, 3]]).apply(new Float64Array([1, 1]))); // [2, 3]
 * ```
 */
export function matrixOperator(matrix: readonly (readonly number[])[]): LinearOperator {
  const size = matrix.length;
  return {
    size,
    apply(vector) {
      const out = new Float64Array(size);
      for (let i = 0; i < size; i++) {
        let sum = 0;
        for (let j = 0; j < size; j++) sum += matrix[i][j] * vector[j];
        out[i] = sum;
      }
      return out;
    },
  };
}

/**
 * The shifted operator `shift * I - A`: its largest eigenvalue is `shift - lambda_min(A)`.
 *
 * @param operator A.
 * @param shift The shift.
 * @returns The shifted operator.
 * @example
 * ```ts
 * import { matrixOperator, shiftedOperator } from "./linear_operator.ts";
 * console.log(shiftedOperator(matrixOperator([[2]]), 5).apply(new Float64Array([1]))); // [3]
 * ```
 */
export function shiftedOperator(operator: LinearOperator, shift: number): LinearOperator {
  return {
    size: operator.size,
    apply(vector) {
      const product = operator.apply(vector);
      for (let i = 0; i < product.length; i++) product[i] = shift * vector[i] - product[i];
      return product;
    },
  };
}

/**
 * The dot product, accumulated in float64.
 *
 * @param a A vector.
 * @param b A vector of the same length.
 * @returns The sum of `a[i] * b[i]`.
 * @example
 * ```ts
 * import { dot } from "./linear_operator.ts";
 * console.log(dot(new Float64Array([1, 2]), new Float64Array([3, 4]))); // 11
 * ```
 */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * A seeded Rademacher vector (entries +1 or -1 with equal odds).
 *
 * @param size Length.
 * @param uniform A uniform generator in [0, 1) (e.g. `createRng(seed).uniform`).
 * @returns The vector.
 * @example
 * ```ts
 * import { rademacher } from "./linear_operator.ts";
 * import { createRng } from "../../random.ts";
 * console.log(rademacher(3, createRng(1).uniform).every((x) => Math.abs(x) === 1)); // true
 * ```
 */
export function rademacher(size: number, uniform: () => number): Float64Array {
  const vector = new Float64Array(size);
  for (let i = 0; i < size; i++) vector[i] = uniform() < 0.5 ? -1 : 1;
  return vector;
}
