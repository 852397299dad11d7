/**
 * Seeded image augmentation on a batch of channels-last samples (`[h, w, c]`, row-major):
 * random shifts with zero fill, random crops from a zero-padded image, horizontal flips and
 * additive Gaussian noise. Applied per sample, in that order.
 * @module
 */
import type { Rng } from "../random.ts";
import { LosscapeError } from "../errors.ts";

/** Options for {@linkcode augmentBatch}. */
export interface AugmentOptions {
  /** Per-sample shape `[h, w, c]` (or `[h, w]` for one channel), e.g. `Dataset.shape`. */
  shape: readonly number[];
  /** The seeded generator; one stream drives every draw, so a seed fixes the result. */
  rng: Rng;
  /** Shift each sample by dx, dy uniform in [-shiftPixels, shiftPixels], zero fill. Default 0. */
  shiftPixels?: number;
  /** Pad by this many zero pixels on each side, then crop an h x w window at random. Default 0. */
  cropPadding?: number;
  /** Mirror left-right with probability 1/2. Default false (it changes what digits mean). */
  flipHorizontal?: boolean;
  /** Standard deviation of additive Gaussian noise. Default 0. */
  noiseStd?: number;
  /** Where to write; may be the batch itself (in place). Default: the batch (in place). */
  out?: Float32Array;
}

/** Copies `source` translated by (dy, dx) into `target`; pixels from outside are zero. */
function translate(
  source: Float32Array,
  target: Float32Array,
  [h, w, c]: number[],
  dy: number,
  dx: number,
): void {
  for (let y = 0; y < h; y++) {
    const sy = y - dy;
    for (let x = 0; x < w; x++) {
      const sx = x - dx;
      const inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
      for (let k = 0; k < c; k++) {
        target[(y * w + x) * c + k] = inside ? source[(sy * w + sx) * c + k] : 0;
      }
    }
  }
}

function flipRows(sample: Float32Array, [h, w, c]: number[]): void {
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w >> 1; x++) {
      for (let k = 0; k < c; k++) {
        const left = (y * w + x) * c + k;
        const right = (y * w + (w - 1 - x)) * c + k;
        const swap = sample[left];
        sample[left] = sample[right];
        sample[right] = swap;
      }
    }
  }
}

/**
 * Augments every sample of a batch. Labels are untouched (keep them as they are); the batch
 * length must be a multiple of the sample size.
 *
 * A crop with padding p takes the h x w window at offset (oy, ox), uniform in [0, 2p]², of
 * the image padded with p zeros: the same as shifting by (p - oy, p - ox).
 *
 * @param batch Samples `[n, h, w, c]`, flat.
 * @param options Shape, generator, which augmentations, and the output buffer.
 * @returns The output buffer (`options.out` or `batch`).
 * @throws {LosscapeError} On a shape that does not divide the batch or a negative option.
 * @example
 * ```ts
 * import { createRng } from "../random.ts";
 * import { augmentBatch } from "./augment.ts";
 * const batch = new Float32Array(2 * 28 * 28);
 * augmentBatch(batch, { shape: [28, 28, 1], rng: createRng(0), shiftPixels: 2, noiseStd: 0.1 });
 * ```
 */
export function augmentBatch(batch: Float32Array, options: AugmentOptions): Float32Array {
  const {
    shape,
    rng,
    shiftPixels = 0,
    cropPadding = 0,
    flipHorizontal = false,
    noiseStd = 0,
    out = batch,
  } = options;
  const dims = shape.length === 2 ? [shape[0], shape[1], 1] : [...shape];
  const sampleSize = dims.reduce((product, dim) => product * dim, 1);
  if (dims.length !== 3 || !dims.every((dim) => Number.isInteger(dim) && dim > 0)) {
    throw new LosscapeError(`augmentation needs an image shape [h, w, c]: got [${shape}]`);
  }
  if (batch.length % sampleSize !== 0 || out.length < batch.length) {
    throw new LosscapeError(
      `augmentation: batch of ${batch.length} values is not whole samples of [${dims}] (or out has ${out.length})`,
    );
  }
  for (const [name, value] of [["shiftPixels", shiftPixels], ["cropPadding", cropPadding]]) {
    if (!Number.isInteger(value) || (value as number) < 0) {
      throw new LosscapeError(`augmentation ${name} must be an integer >= 0: got ${value}`);
    }
  }
  if (!(noiseStd >= 0)) {
    throw new LosscapeError(`augmentation noiseStd must be a number >= 0: got ${noiseStd}`);
  }
  const scratch = new Float32Array(sampleSize);
  for (let start = 0; start < batch.length; start += sampleSize) {
    const source = batch.subarray(start, start + sampleSize);
    const target = out.subarray(start, start + sampleSize);
    let dy = 0, dx = 0;
    if (shiftPixels > 0) {
      dy += rng.int(2 * shiftPixels + 1) - shiftPixels;
      dx += rng.int(2 * shiftPixels + 1) - shiftPixels;
    }
    if (cropPadding > 0) {
      dy += cropPadding - rng.int(2 * cropPadding + 1);
      dx += cropPadding - rng.int(2 * cropPadding + 1);
    }
    if (dy !== 0 || dx !== 0) {
      scratch.set(source); // source and target may be the same memory
      translate(scratch, target, dims, dy, dx);
    } else if (target !== source) {
      target.set(source);
    }
    if (flipHorizontal && rng.uniform() < 0.5) flipRows(target, dims);
    if (noiseStd > 0) { for (let i = 0; i < sampleSize; i++) target[i] += noiseStd * rng.normal(); }
  }
  return out;
}

/**
 * Mirrors every sample of a batch left-right in place (deterministic; the helper behind
 * `flipHorizontal`).
 *
 * @param batch Samples `[n, h, w, c]`, flat.
 * @param shape Per-sample shape `[h, w, c]` or `[h, w]`.
 * @returns The same buffer.
 * @example
 * ```ts
 * import { flipBatch } from "./augment.ts";
 * console.log(flipBatch(new Float32Array([1, 2, 3]), [1, 3])); // Float32Array [3, 2, 1]
 * ```
 */
export function flipBatch(batch: Float32Array, shape: readonly number[]): Float32Array {
  const dims = shape.length === 2 ? [shape[0], shape[1], 1] : [...shape];
  const sampleSize = dims.reduce((product, dim) => product * dim, 1);
  for (let start = 0; start < batch.length; start += sampleSize) {
    flipRows(batch.subarray(start, start + sampleSize), dims);
  }
  return batch;
}

/** Options for {@linkcode createAugmenter}: those of `augmentBatch` minus the generator and output. */
export type AugmenterOptions = Omit<AugmentOptions, "rng" | "out">;

/**
 * Binds augmentation options into the callback a training loop calls on each batch in place:
 * `(batch, count, rng) => void`, touching only the first `count` samples.
 *
 * @param options Shape and which augmentations.
 * @returns The per-batch callback.
 * @example
 * ```ts
 * import { createRng } from "../random.ts";
 * import { createAugmenter } from "./augment.ts";
 * const augment = createAugmenter({ shape: [28, 28, 1], shiftPixels: 2 });
 * augment(new Float32Array(64 * 784), 10, createRng(0));
 * ```
 */
export function createAugmenter(
  options: AugmenterOptions,
): (batch: Float32Array, count: number, rng: Rng) => void {
  const sampleSize = options.shape.reduce((product, dim) => product * dim, 1);
  return (batch, count, rng) => {
    augmentBatch(batch.subarray(0, count * sampleSize), { ...options, rng });
  };
}
