/**
 * The fingerprint a plane's folder records, so that a rerun resumes an unfinished scan only with
 * the same weights, directions, samples and grid: FNV-1a over the centre, the directions, the
 * samples' own fingerprint and the plane's description. The samples (6.3 MB for the default
 * scan, against 1.2 MB of weights and directions) go in by their fingerprint, so a run that
 * scans several planes over the same samples hashes them once (`samplesFingerprinter`).
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import { fingerprint } from "../io/fingerprint.ts";

/** Fingerprints evaluation samples (and held-out ones, when the plane evaluates them too). */
export type SamplesFingerprint = (data: Dataset, testData?: Dataset) => string;

/**
 * The fingerprint of evaluation samples: their inputs and labels, then the held-out ones'.
 *
 * @param data The evaluation samples.
 * @param testData Held-out samples evaluated at every point too, if any.
 * @returns 16 hex digits.
 * @example
 * ```ts
 * import { samplesFingerprint } from "./plane_fingerprint.ts";
 * const data = { x: new Float32Array(4), y: new Int32Array(2), count: 2, features: 2, classes: 2 };
 * console.log(samplesFingerprint(data).length); // 16
 * ```
 */
export function samplesFingerprint(data: Dataset, testData?: Dataset): string {
  return fingerprint([data.x, data.y, testData?.x ?? "", testData?.y ?? ""]);
}

/**
 * {@linkcode samplesFingerprint} remembered per pair of data sets, for one run whose samples do
 * not change while it scans its planes.
 *
 * @returns The remembering function.
 * @example
 * ```ts
 * import { samplesFingerprinter } from "./plane_fingerprint.ts";
 * const samples = samplesFingerprinter();
 * const data = { x: new Float32Array(4), y: new Int32Array(2), count: 2, features: 2, classes: 2 };
 * console.log(samples(data) === samples(data)); // true (hashed once)
 * ```
 */
export function samplesFingerprinter(): SamplesFingerprint {
  const known = new Map<Dataset, Map<Dataset | undefined, string>>();
  return (data, testData) => {
    const byTest = known.get(data) ?? new Map<Dataset | undefined, string>();
    known.set(data, byTest);
    let id = byTest.get(testData);
    if (id === undefined) {
      id = samplesFingerprint(data, testData);
      byTest.set(testData, id);
    }
    return id;
  };
}

/**
 * The fingerprint of a plane scan.
 *
 * @param plane The centre, directions (d2 null for a line) and description (plane name, axes,
 *   model: anything that changes what the grid holds).
 * @param samples The samples' fingerprint (`samplesFingerprint`).
 * @returns 16 hex digits.
 * @example
 * ```ts
 * import { planeFingerprint } from "./plane_fingerprint.ts";
 * const w = new Float32Array(3);
 * console.log(planeFingerprint({ center: w, d1: w, d2: null, description: "{}" }, "0").length); // 16
 * ```
 */
export function planeFingerprint(
  plane: { center: Float32Array; d1: Float32Array; d2: Float32Array | null; description: string },
  samples: string,
): string {
  return fingerprint([plane.center, plane.d1, plane.d2 ?? "", samples, plane.description]);
}
