/**
 * The MNIST digits every experiment trains on: a seeded subset, cached under `out/` for full
 * runs and read from the package for quick ones (which then write nothing but their results).
 * @module
 */
import { type DataSplit, loadMnistDigits } from "../data/mod.ts";
import { MNIST_CACHE_FILE } from "../data/mnist.ts";

/** The digit subset of an experiment: its size in a full run and in a quick one. */
export interface DigitSubset {
  /** Training samples in a full run. */
  train: number;
  /** Test samples in a full run. */
  test: number;
  /** Quick run (tests): training samples (default 120). */
  quickTrain?: number;
  /** Quick run: test samples (default 60). */
  quickTest?: number;
}

/** Seed of the shuffle that picks every experiment's digits. */
export const DIGITS_SEED = 0;

/**
 * Loads the subset of the MNIST digits (shuffled with `DIGITS_SEED`).
 *
 * @param subset Sizes for a full and a quick run.
 * @param quick Whether this is a quick run.
 * @returns Train and test sets.
 * @example
 * ```ts
 * import { experimentDigits } from "./digits.ts";
 * const { train } = await experimentDigits({ train: 2000, test: 1000 }, true);
 * console.log(train.count); // 120
 * ```
 */
export function experimentDigits(subset: DigitSubset, quick: boolean): Promise<DataSplit> {
  const { quickTrain = 120, quickTest = 60 } = subset;
  return loadMnistDigits({
    seed: DIGITS_SEED,
    trainSize: quick ? quickTrain : subset.train,
    testSize: quick ? quickTest : subset.test,
    cacheFile: quick ? undefined : MNIST_CACHE_FILE,
  });
}
