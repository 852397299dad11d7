/**
 * The Lanczos process with full reorthogonalisation (Golub & Van Loan, Matrix Computations,
 * sec. 10.1 and 10.3.1): an orthonormal Krylov basis Q and the tridiagonal T = Q^T A Q whose
 * eigenvalues (Ritz values) approximate A's extreme eigenvalues. Every new vector is
 * orthogonalised against the whole basis twice ("twice is enough"), so no ghost copies of
 * converged eigenvalues appear.
 * @module
 */
import { symmetricEigen } from "../../directions/symmetric_eigen.ts";
import { dot, type LinearOperator } from "./linear_operator.ts";

/** The tridiagonal matrix and basis after some Lanczos steps. */
export interface LanczosState {
  /** Diagonal of T (one entry per step). */
  alpha: number[];
  /** Off-diagonal of T; `beta[j]` couples steps j and j+1; the last is the residual norm. */
  beta: number[];
  /** The orthonormal basis, one vector per step. */
  basis: Float64Array[];
  /** True when the Krylov space became invariant (an exact answer within it). */
  invariant: boolean;
}

/** Options of {@linkcode lanczos}. */
export interface LanczosOptions {
  /** The starting vector (any non-zero vector; it is normalised). */
  start: Float64Array;
  /** Most steps (capped at the operator's size). */
  steps: number;
  /** Called after every step; return true to stop early. */
  shouldStop?: (state: LanczosState) => boolean;
}

/**
 * Runs Lanczos steps on a symmetric operator.
 *
 * @param operator The operator.
 * @param options Starting vector, step limit and an early stop.
 * @returns T (alpha, beta) and the basis.
 * @throws {RangeError} When the starting vector is zero or has the wrong length.
 * @example
 * ```ts
 * import { lanczos } from "./lanczos.ts";
 * import { matrixOperator } from "./linear_operator.ts";
 * const state = lanczos(matrixOperator([[2, 1], [1, 2]]), { start: new Float64Array([1, 0]), steps: 2 });
 * console.log(state.alpha.length); // 2
 * ```
 */
export function lanczos(operator: LinearOperator, options: LanczosOptions): LanczosState {
  const { start, shouldStop } = options;
  const steps = Math.min(options.steps, operator.size);
  if (start.length !== operator.size) {
    throw new RangeError(
      `Lanczos start vector: expected ${operator.size} values, got ${start.length}`,
    );
  }
  const startNorm = Math.sqrt(dot(start, start));
  if (!(startNorm > 0)) throw new RangeError("Lanczos start vector must be non-zero and finite");
  const state: LanczosState = { alpha: [], beta: [], basis: [], invariant: false };
  let q = start.map((x) => x / startNorm);
  let scale = 0;
  for (let j = 0; j < steps; j++) {
    state.basis.push(q);
    const w = operator.apply(q);
    const alpha = dot(q, w);
    state.alpha.push(alpha);
    scale = Math.max(scale, Math.abs(alpha), state.beta.at(-1) ?? 0);
    for (let pass = 0; pass < 2; pass++) {
      for (const basisVector of state.basis) {
        const projection = dot(basisVector, w);
        for (let i = 0; i < w.length; i++) w[i] -= projection * basisVector[i];
      }
    }
    const beta = Math.sqrt(dot(w, w));
    state.beta.push(beta);
    // A residual at rounding level means the basis spans an invariant subspace.
    if (!(beta > 1e-12 * Math.max(scale, 1e-300))) {
      state.invariant = true;
      break;
    }
    if (shouldStop?.(state)) break;
    q = w.map((x) => x / beta);
  }
  return state;
}

/** Eigenpairs of the tridiagonal T, in Krylov coordinates. */
export interface RitzPairs {
  /** Ritz values, largest first. */
  values: number[];
  /** `vectors[i]` holds the eigenvector of T for `values[i]` (length: steps). */
  vectors: number[][];
  /** Estimated residual norm of each Ritz pair: |beta_m * last component|. */
  residuals: number[];
}

/**
 * Eigen-decomposition of the Lanczos tridiagonal.
 *
 * @param state A Lanczos state.
 * @returns Ritz values (largest first), their vectors in Krylov coordinates and residual
 *   estimates.
 * @example
 * ```ts
 * import { lanczos, ritzPairs } from "./lanczos.ts";
 * import { matrixOperator } from "./linear_operator.ts";
 * const state = lanczos(matrixOperator([[3, 0], [0, 1]]), { start: new Float64Array([1, 1]), steps: 2 });
 * console.log(ritzPairs(state).values.map(Math.round)); // [3, 1]
 * ```
 */
export function ritzPairs(state: LanczosState): RitzPairs {
  const m = state.alpha.length;
  const t = Array.from(
    { length: m },
    (_, i) =>
      Array.from(
        { length: m },
        (_, j) => i === j ? state.alpha[i] : Math.abs(i - j) === 1 ? state.beta[Math.min(i, j)] : 0,
      ),
  );
  const { values, vectors } = symmetricEigen(t);
  const last = state.invariant ? 0 : state.beta[m - 1] ?? 0;
  return { values, vectors, residuals: vectors.map((v) => Math.abs(last * v[m - 1])) };
}

/**
 * A Ritz vector in the operator's space: the basis combined with Krylov coordinates.
 *
 * @param state A Lanczos state.
 * @param coordinates A vector of T (from {@linkcode ritzPairs}).
 * @returns Q s, a unit vector.
 * @example
 * ```ts
 * import { lanczos, ritzPairs, ritzVector } from "./lanczos.ts";
 * import { matrixOperator } from "./linear_operator.ts";
 * const state = lanczos(matrixOperator([[3, 0], [0, 1]]), { start: new Float64Array([1, 1]), steps: 2 });
 * console.log(ritzVector(state, ritzPairs(state).vectors[0]).map(Math.abs).map(Math.round)); // [1, 0]
 * ```
 */
export function ritzVector(state: LanczosState, coordinates: readonly number[]): Float64Array {
  const out = new Float64Array(state.basis[0].length);
  state.basis.forEach((q, j) => {
    const c = coordinates[j];
    for (let i = 0; i < out.length; i++) out[i] += c * q[i];
  });
  return out;
}
