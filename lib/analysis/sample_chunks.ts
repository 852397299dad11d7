/**
 * An evaluation set as TF.js tensors, a chunk of samples at a time, so that a pass over many
 * samples never holds more than one chunk's activations.
 * @module
 */
import type { Tensor1D, Tensor2D } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../train/tfjs.ts";
import type { Dataset } from "../data/dataset.ts";

/** One chunk of samples: where it starts, its size, and its inputs and labels as tensors. */
export interface SampleChunk {
  /** Index of the chunk's first sample. */
  start: number;
  /** Samples in the chunk. */
  count: number;
  /** Inputs, `[count, features]`. */
  x: Tensor2D;
  /** Labels, `[count]`, int32. */
  labels: Tensor1D;
}

/**
 * The tensors of samples `start` to `start + count - 1`; the caller disposes them.
 *
 * @param tf TF.js.
 * @param data The samples.
 * @param start Index of the first sample.
 * @param count Number of samples.
 * @returns The chunk.
 * @example
 * ```ts
 * import { loadTfjs } from "../train/tfjs.ts";
 * import { sampleChunk } from "./sample_chunks.ts";
 * const tf = await loadTfjs();
 * const data = { x: new Float32Array([1, 2, 3, 4, 5, 6]), y: new Int32Array([0, 1, 1]), count: 3, features: 2, classes: 2 };
 * const { x, labels } = sampleChunk(tf, data, 1, 2);
 * console.log(x.dataSync(), labels.dataSync()); // [3, 4, 5, 6] [1, 1]
 * tf.dispose([x, labels]);
 * ```
 */
export function sampleChunk(tf: Tfjs, data: Dataset, start: number, count: number): SampleChunk {
  return {
    start,
    count,
    x: tf.tensor2d(
      data.x.subarray(start * data.features, (start + count) * data.features),
      [count, data.features],
    ),
    labels: tf.tensor1d(data.y.subarray(start, start + count), "int32"),
  };
}

/**
 * Calls `visit` on each chunk of `chunk` samples in order (the last may be smaller), inside
 * `tf.tidy`: the chunk's tensors and whatever `visit` makes are disposed after it returns.
 *
 * @param tf TF.js.
 * @param data The samples.
 * @param chunk Samples per chunk, at least 1.
 * @param visit Called once per chunk.
 * @example
 * ```ts
 * import { loadTfjs } from "../train/tfjs.ts";
 * import { forEachSampleChunk } from "./sample_chunks.ts";
 * const tf = await loadTfjs();
 * const data = { x: new Float32Array(5), y: new Int32Array(5), count: 5, features: 1, classes: 2 };
 * forEachSampleChunk(tf, data, 2, ({ start, x }) => console.log(start, x.shape)); // 0 [2, 1], 2 [2, 1], 4 [1, 1]
 * ```
 */
export function forEachSampleChunk(
  tf: Tfjs,
  data: Dataset,
  chunk: number,
  visit: (chunk: SampleChunk) => void,
): void {
  for (let start = 0; start < data.count; start += chunk) {
    const count = Math.min(chunk, data.count - start);
    tf.tidy(() => visit(sampleChunk(tf, data, start, count)));
  }
}
