/**
 * Lines and planes through given models: the linear interpolation from A to B (Goodfellow et al.
 * 2015, "Qualitatively characterizing neural network optimization problems") and the plane
 * through three models A, B, C (Garipov et al. 2018, fig. 1): origin A, axes B - A and C - A,
 * so that A sits at (0, 0), B at (1, 0) and C at (0, 1), or, with the second axis
 * orthogonalised, at (t, 1) with t = (C-A).(B-A) / |B-A|^2.
 * @module
 */
import { dotProduct, orthogonalize } from "./orthogonalize.ts";

/** A named point of a plane, in its coordinates. */
export interface PlaneMarker {
  /** Label, e.g. `"A"` or `"init"`. */
  label: string;
  /** x coordinate (steps along d1). */
  x: number;
  /** y coordinate (steps along d2; 0 on a line). */
  y: number;
}

/** The plane (or line) through given models. */
export interface ModelPlane {
  /** Origin: model A. */
  center: Float32Array;
  /** B - A. */
  d1: Float32Array;
  /** C - A (orthogonalised to d1 on request); null for the line A to B. */
  d2: Float32Array | null;
  /** Where the models sit in the plane's coordinates. */
  markers: PlaneMarker[];
  /** |B - A| (and |C - A| for a plane), in weight space. */
  distances: number[];
}

function difference(a: Float32Array, b: Float32Array): Float32Array {
  if (a.length !== b.length) {
    throw new RangeError(
      `Models must have the same number of parameters: got ${a.length} and ${b.length}`,
    );
  }
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = b[i] - a[i];
  return out;
}

/**
 * The line from A (alpha 0) to B (alpha 1): centre A, direction B - A.
 *
 * @param a Weights of model A.
 * @param b Weights of model B (same length).
 * @param labels Names of A and B for the markers. Default `["A", "B"]`.
 * @returns Centre, direction and the two markers.
 * @throws {RangeError} When the lengths differ.
 * @example
 * ```ts
 * import { interpolationLine } from "./model_plane.ts";
 * const line = interpolationLine(new Float32Array([1, 1]), new Float32Array([3, 1]));
 * console.log(line.d1, line.markers[1]); // Float32Array [2, 0] { label: "B", x: 1, y: 0 }
 * ```
 */
export function interpolationLine(
  a: Float32Array,
  b: Float32Array,
  labels: [string, string] = ["A", "B"],
): ModelPlane {
  const d1 = difference(a, b);
  return {
    center: a,
    d1,
    d2: null,
    markers: [{ label: labels[0], x: 0, y: 0 }, { label: labels[1], x: 1, y: 0 }],
    distances: [Math.sqrt(dotProduct(d1, d1))],
  };
}

/**
 * The plane through three models: origin A, axes B - A and C - A.
 *
 * @param a Weights of model A (the origin).
 * @param b Weights of model B.
 * @param c Weights of model C.
 * @param options `orthogonal`: make the second axis orthogonal to the first (Gram-Schmidt,
 *   without rescaling, so C stays in the plane at y = 1); `labels` for the markers.
 * @returns Centre, directions and where A, B and C sit.
 * @throws {RangeError} When lengths differ or the three models are on one line.
 * @example
 * ```ts
 * import { threeModelPlane } from "./model_plane.ts";
 * const [a, b, c] = [[0, 0], [2, 0], [1, 1]].map((v) => new Float32Array(v));
 * console.log(threeModelPlane(a, b, c, { orthogonal: true }).markers[2]); // { label: "C", x: 0.5, y: 1 }
 * ```
 */
export function threeModelPlane(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  options: { orthogonal?: boolean; labels?: [string, string, string] } = {},
): ModelPlane {
  const { orthogonal = false, labels = ["A", "B", "C"] } = options;
  const d1 = difference(a, b);
  const toC = difference(a, c);
  const d1Squared = dotProduct(d1, d1);
  if (!(d1Squared > 0)) {
    throw new RangeError("Models A and B are the same: the plane has no x axis");
  }
  const t = dotProduct(toC, d1) / d1Squared;
  const d2 = orthogonal ? orthogonalize(d1, toC, { keepNorm: false }) : toC;
  return {
    center: a,
    d1,
    d2,
    markers: [
      { label: labels[0], x: 0, y: 0 },
      { label: labels[1], x: 1, y: 0 },
      { label: labels[2], x: orthogonal ? t : 0, y: 1 },
    ],
    distances: [Math.sqrt(d1Squared), Math.sqrt(dotProduct(toC, toC))],
  };
}
