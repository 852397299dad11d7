/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations
 * (Golub & Van Loan, Matrix Computations, sec. 8.5), in float64.
 * @module
 */

/** Eigenvalues (descending) and their unit eigenvectors. */
export interface Eigen {
  /** Eigenvalues, largest first. */
  values: number[];
  /** `vectors[k]` is the eigenvector of `values[k]`. */
  vectors: number[][];
}

/**
 * Eigenvalues and eigenvectors of a symmetric matrix.
 *
 * @param matrix A symmetric n x n matrix (only read, never modified).
 * @param maxSweeps Upper bound on Jacobi sweeps. Default 100.
 * @returns Eigenpairs sorted by descending eigenvalue.
 * @throws {RangeError} When the matrix is not square.
 * @example
 * ```ts
 * import { symmetricEigen } from "./symmetric_eigen.ts";
 * console.log(symmetricEigen([[2, 0], [0, 5]]).values); // [5, 2]
 * ```
 */
export function symmetricEigen(matrix: number[][], maxSweeps = 100): Eigen {
  const n = matrix.length;
  if (matrix.some((row) => row.length !== n)) {
    throw new RangeError(
      `Matrix must be square: got ${n} rows of lengths ${matrix.map((r) => r.length)}`,
    );
  }
  const a = matrix.map((row) => [...row]);
  const v = Array.from(
    { length: n },
    (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)),
  );
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let offDiagonal = 0;
    let diagonal = 0;
    for (let i = 0; i < n; i++) {
      diagonal += a[i][i] * a[i][i];
      for (let j = i + 1; j < n; j++) offDiagonal += a[i][j] * a[i][j];
    }
    if (offDiagonal <= 1e-30 * diagonal || offDiagonal === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j][j] - a[i][i]);
  return {
    values: order.map((i) => a[i][i]),
    vectors: order.map((i) => v.map((row) => row[i])),
  };
}
