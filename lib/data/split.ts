/**
 * Seeded train/test splits of one dataset, and seeded evaluation subsets.
 * @module
 */
import type { Dataset } from "./dataset.ts";
import type { DataSplit } from "./dataset.ts";
import { createRng, permutation } from "../random.ts";
import { LosscapeError } from "../errors.ts";

/**
 * Copies the samples at the given indices into a new dataset (keeps `classes` and `shape`).
 *
 * @param data The source.
 * @param indices Sample indices, in the order wanted.
 * @returns The selected samples.
 * @example
 * ```ts
 * import { selectSamples } from "./split.ts";
 * const data = { x: new Float32Array([1, 2, 3]), y: new Int32Array([0, 1, 0]), count: 3, features: 1, classes: 2 };
 * console.log(selectSamples(data, [2, 0]).x); // Float32Array [3, 1]
 * ```
 */
export function selectSamples(data: Dataset, indices: ArrayLike<number>): Dataset {
  const { features } = data;
  const x = new Float32Array(indices.length * features);
  const y = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i];
    x.set(data.x.subarray(row * features, (row + 1) * features), i * features);
    y[i] = data.y[row];
  }
  const subset: Dataset = { x, y, count: indices.length, features, classes: data.classes };
  if (data.shape) subset.shape = [...data.shape];
  return subset;
}

/** Options for {@linkcode splitDataset}. */
export interface SplitOptions {
  /** Fraction of the samples held out for testing, in (0, 1). Default 0.2. Ignored when `testSize` is set. */
  testFraction?: number;
  /** Number of test samples; overrides `testFraction`. */
  testSize?: number;
  /** Seed of the shuffle. Default 0. */
  seed?: number;
}

/**
 * Shuffles a dataset with a seed and splits it into train and test sets (disjoint, covering all).
 *
 * @param data The samples.
 * @param options Test fraction or size, and seed.
 * @returns Train and test sets.
 * @throws {LosscapeError} When either side would be empty.
 * @example
 * ```ts
 * import { makeSynthetic } from "./synthetic.ts";
 * import { splitDataset } from "./split.ts";
 * const { train, test } = splitDataset(makeSynthetic("xor", { count: 100 }), { testFraction: 0.25 });
 * console.log(train.count, test.count); // 75 25
 * ```
 */
export function splitDataset(data: Dataset, options: SplitOptions = {}): DataSplit {
  const { testFraction = 0.2, seed = 0 } = options;
  if (options.testSize === undefined && !(testFraction > 0 && testFraction < 1)) {
    throw new LosscapeError(`testFraction must be in (0, 1): got ${testFraction}`);
  }
  const testSize = options.testSize ?? Math.round(data.count * testFraction);
  if (!Number.isInteger(testSize) || testSize < 1 || testSize >= data.count) {
    throw new LosscapeError(
      `test size must be an integer in [1, ${
        data.count - 1
      }] for ${data.count} samples: got ${testSize}`,
    );
  }
  const order = permutation(data.count, createRng(seed));
  const trainSize = data.count - testSize;
  return {
    train: selectSamples(data, order.subarray(0, trainSize)),
    test: selectSamples(data, order.subarray(trainSize)),
  };
}

/**
 * Draws a seeded random subset of a given size (without replacement), e.g. the samples a
 * landscape scan evaluates.
 *
 * @param data The samples.
 * @param size How many to keep; `size === data.count` returns a shuffled copy.
 * @param seed Seed of the draw. Default 0.
 * @returns The subset.
 * @throws {LosscapeError} When `size` is not an integer in [1, data.count].
 * @example
 * ```ts
 * import { makeSynthetic } from "./synthetic.ts";
 * import { evaluationSubset } from "./split.ts";
 * console.log(evaluationSubset(makeSynthetic("moons", { count: 100 }), 10, 3).count); // 10
 * ```
 */
export function evaluationSubset(data: Dataset, size: number, seed = 0): Dataset {
  if (!Number.isInteger(size) || size < 1 || size > data.count) {
    throw new LosscapeError(
      `evaluation size must be an integer in [1, ${data.count}]: got ${size}`,
    );
  }
  const order = permutation(data.count, createRng(seed));
  return selectSamples(data, order.subarray(0, size));
}
