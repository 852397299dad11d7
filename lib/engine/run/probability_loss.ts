/**
 * Keras's categorical cross-entropy on outputs that are probabilities (`from_logits` false, a
 * final sigmoid, say): p = z / sum(z), clipped to [1e-7, 1 - 1e-7], loss -log p_label. It runs on
 * the host over the kernel's output buffer: a few operations per output, against the whole
 * forward pass per sample.
 * @module
 */

/** Keras's epsilon (`keras.backend.epsilon()`). */
const EPSILON = 1e-7;

/**
 * Adds one block's loss sum and correct predictions to a point's result.
 *
 * @param f32 The kernel memory as floats.
 * @param f64 The kernel memory as doubles (the results).
 * @param output Byte pointer of the outputs, `rows` rows of `stride` floats.
 * @param stride Floats between rows.
 * @param rows Samples in the block.
 * @param classes Valid outputs per row.
 * @param labels Byte pointer of the labels (int32), one per row.
 * @param labelsI32 The kernel memory as int32.
 * @param result Byte pointer of the point's [loss sum, hits] (float64), added to.
 * @returns Nothing. A NaN output makes the sum NaN, as it does in Keras.
 * @example
 * ```ts
 * import { probabilityCrossEntropy } from "./probability_loss.ts";
 * const memory = new ArrayBuffer(64);
 * const f32 = new Float32Array(memory), f64 = new Float64Array(memory), i32 = new Int32Array(memory);
 * f32.set([0.2, 0.6], 0); i32[2] = 1; // outputs at byte 0, label at byte 8, result at byte 16
 * probabilityCrossEntropy(f32, f64, 0, 2, 1, 2, 8, i32, 16);
 * console.log(f64[2].toFixed(4), f64[3]); // "0.2877" 1
 * ```
 */
export function probabilityCrossEntropy(
  f32: Float32Array,
  f64: Float64Array,
  output: number,
  stride: number,
  rows: number,
  classes: number,
  labels: number,
  labelsI32: Int32Array,
  result: number,
): void {
  let lossSum = 0, hits = 0;
  for (let r = 0; r < rows; r++) {
    const row = output / 4 + r * stride;
    let sum = 0, best = 0;
    for (let k = 0; k < classes; k++) {
      sum += f32[row + k];
      if (f32[row + k] > f32[row + best]) best = k;
    }
    const label = labelsI32[labels / 4 + r];
    const p = Math.min(Math.max(f32[row + label] / sum, EPSILON), 1 - EPSILON);
    lossSum += -Math.log(p);
    if (best === label) hits++;
  }
  f64[result / 8] += lossSum;
  f64[result / 8 + 1] += hits;
}
