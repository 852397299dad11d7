/**
 * In-memory classification data: features row-major, one integer label per sample.
 * @module
 */

/** A labelled set of samples. */
export interface Dataset {
  /** Features, `[count, features]` row-major. */
  x: Float32Array;
  /** Class labels, one per sample, in [0, classes). */
  y: Int32Array;
  /** Number of samples. */
  count: number;
  /** Features per sample. */
  features: number;
  /** Number of classes. */
  classes: number;
  /**
   * Per-sample shape when the features are more than a flat vector, e.g. `[28, 28, 1]`
   * for images (channels-last, row-major); its product equals `features`.
   */
  shape?: number[];
}

/** A seeded train/test split. */
export interface DataSplit {
  /** Training set. */
  train: Dataset;
  /** Held-out test set. */
  test: Dataset;
}

/**
 * Takes the first `count` samples (a view, no copy). Datasets are shuffled
 * when they are split, so a prefix is a random subset.
 *
 * @param data The dataset.
 * @param count How many samples to keep; at most `data.count`.
 * @returns The subset.
 * @throws {RangeError} When `count` is not in [1, data.count].
 * @example
 * ```ts
 * import { takeSamples } from "./dataset.ts";
 * const data = { x: new Float32Array(6), y: new Int32Array(3), count: 3, features: 2, classes: 2 };
 * console.log(takeSamples(data, 2).count); // 2
 * ```
 */
export function takeSamples(data: Dataset, count: number): Dataset {
  if (!Number.isInteger(count) || count < 1 || count > data.count) {
    throw new RangeError(
      `Sample count must be an integer in [1, ${data.count}]: got ${count}`,
    );
  }
  return {
    ...data,
    x: data.x.subarray(0, count * data.features),
    y: data.y.subarray(0, count),
    count,
  };
}
