/**
 * Checks shared by the file loaders: labels must be integers in [0, classes) and features
 * must be finite. Errors name the file and the index, and say what was expected.
 * @module
 */
import { LosscapeError } from "../errors.ts";

/** Labels converted to `Int32Array` with the number of classes they span. */
export interface CheckedLabels {
  /** One integer label per sample. */
  y: Int32Array;
  /** `classes` when given, otherwise the largest label plus one. */
  classes: number;
}

/**
 * Converts raw label values to class indices, rejecting non-integers and labels out of range.
 *
 * @param values Raw labels (any numeric array; int64 files arrive as numbers).
 * @param source The file the labels came from, for messages.
 * @param classes Number of classes; when omitted it is the largest label plus one.
 * @returns The labels and the number of classes.
 * @throws {LosscapeError} Naming the file and index of the first bad label.
 * @example
 * ```ts
 * import { checkLabels } from "./checks.ts";
 * console.log(checkLabels([0, 2, 1], "labels.npy").classes); // 3
 * ```
 */
export function checkLabels(
  values: ArrayLike<number>,
  source: string,
  classes?: number,
): CheckedLabels {
  if (classes !== undefined && (!Number.isInteger(classes) || classes < 1)) {
    throw new LosscapeError(`${source}: classes must be an integer >= 1: got ${classes}`);
  }
  const limit = classes ?? Number.MAX_SAFE_INTEGER;
  const y = new Int32Array(values.length);
  let largest = -1;
  for (let i = 0; i < values.length; i++) {
    const label = values[i];
    if (!Number.isInteger(label) || label < 0 || label >= limit || label > 0x7fffffff) {
      const range = classes === undefined
        ? "an integer label >= 0"
        : `an integer label in [0, ${classes})`;
      throw new LosscapeError(`${source}: index ${i}: expected ${range}, got ${label}`);
    }
    y[i] = label;
    if (label > largest) largest = label;
  }
  if (values.length === 0) {
    throw new LosscapeError(`${source}: expected at least one label, got none`);
  }
  return { y, classes: classes ?? largest + 1 };
}

/**
 * Rejects NaN and infinite features.
 *
 * @param x Features, `[count, features]` row-major.
 * @param features Features per sample (to report row and column).
 * @param source The file the features came from, for messages.
 * @throws {LosscapeError} Naming the file, row and column of the first value that is not finite.
 * @example
 * ```ts
 * import { checkFinite } from "./checks.ts";
 * checkFinite(new Float32Array([1, 2, 3, 4]), 2, "x.npy"); // passes
 * ```
 */
export function checkFinite(x: Float32Array, features: number, source: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      const row = Math.floor(i / features);
      throw new LosscapeError(
        `${source}: sample ${row}, feature ${i - row * features}: expected a finite number, got ${
          x[i]
        }`,
      );
    }
  }
}

/**
 * Checks that features and labels describe the same number of samples.
 *
 * @param samples Samples in the features file.
 * @param featureSource The features file.
 * @param labelCount Labels in the labels file.
 * @param labelSource The labels file.
 * @throws {LosscapeError} When the counts differ, naming both files.
 * @example
 * ```ts
 * import { checkSameCount } from "./checks.ts";
 * checkSameCount(3, "x.npy", 3, "y.npy"); // passes
 * ```
 */
export function checkSameCount(
  samples: number,
  featureSource: string,
  labelCount: number,
  labelSource: string,
): void {
  if (samples !== labelCount) {
    throw new LosscapeError(
      `${labelSource}: expected ${samples} labels (one per sample of ${featureSource}), got ${labelCount}`,
    );
  }
}
