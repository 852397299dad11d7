/**
 * The mean softmax cross-entropy of a training batch, computed on the host with its gradient,
 * and as one custom TF.js op. The stock composition (`logSumExp` minus the picked logit, then
 * the mean) and its gradient run some forty small kernels per step on the WASM backend, each
 * costing more in TF.js's bookkeeping than in arithmetic; for logits `[n, k]` (k = 10 for
 * digits) both sides are a few hundred flops. Per sample i, in float64:
 *
 *   loss_i = logsumexp(z_i) - z_i,y = m_i + log(sum_j exp(z_ij - m_i)) - z_i,y, m_i = max_j z_ij
 *   value = sum_i loss_i / n
 *   d value / d z_ij = (softmax(z_i)_j - [j = y_i]) / n
 *
 * The gradient is formed with the value (it needs the same exponentials); to an outer
 * differentiation it is a constant, so the op serves first-order training only (the analyses
 * keep `perSampleLoss`). A NaN or infinite logit makes the value NaN, which the training loop
 * reports as divergence.
 * @module
 */
import type { GradSaveFunc, Tensor, Tensor2D } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";

/**
 * Mean softmax cross-entropy of row-major logits, and its gradient, on the host.
 *
 * @param logits Logits `[count, classes]`, row-major.
 * @param labels The count class indices.
 * @param classes Columns of `logits`.
 * @param gradient Receives d value / d logits, `[count, classes]`.
 * @returns The mean loss (float64).
 * @throws {RangeError} When the sizes disagree or a label is outside [0, classes).
 * @example
 * ```ts
 * import { softmaxCrossEntropyOnHost } from "./softmax_cross_entropy_training.ts";
 * const gradient = new Float32Array(2);
 * const loss = softmaxCrossEntropyOnHost(new Float32Array([0, 0]), new Int32Array([1]), 2, gradient);
 * console.log(loss.toFixed(4), gradient); // "0.6931" Float32Array [0.5, -0.5]
 * ```
 */
export function softmaxCrossEntropyOnHost(
  logits: Float32Array,
  labels: Int32Array,
  classes: number,
  gradient: Float32Array,
): number {
  const count = labels.length;
  if (logits.length !== count * classes || gradient.length !== logits.length) {
    throw new RangeError(
      `softmax cross-entropy: ${count} labels and ${classes} classes need ${
        count * classes
      } logits and gradient values, got ${logits.length} and ${gradient.length}`,
    );
  }
  let total = 0;
  for (let i = 0, row = 0; i < count; i++, row += classes) {
    const label = labels[i];
    if (!(label >= 0 && label < classes)) {
      throw new RangeError(`labels[${i}]: expected a class in [0, ${classes}), got ${label}`);
    }
    let max = -Infinity;
    for (let j = 0; j < classes; j++) max = Math.max(max, logits[row + j]);
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += Math.exp(logits[row + j] - max);
    total += max + Math.log(sum) - logits[row + label];
    for (let j = 0; j < classes; j++) {
      const softmax = Math.exp(logits[row + j] - max) / sum;
      gradient[row + j] = (softmax - (j === label ? 1 : 0)) / count;
    }
  }
  return total / count;
}

/**
 * Mean softmax cross-entropy of logits against integer labels, as a TF.js op with its
 * closed-form gradient.
 *
 * @param tf TF.js.
 * @param logits Logits `[n, k]`, float32.
 * @param labels The n class indices, each in [0, k).
 * @returns The mean loss, a scalar, differentiable (once) in `logits`.
 * @throws {RangeError} When the label count is not n or a label is outside [0, k).
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { softmaxCrossEntropyTraining } from "./softmax_cross_entropy_training.ts";
 * const tf = await loadTfjs();
 * const loss = softmaxCrossEntropyTraining(tf, tf.tensor2d([[0, 0]]), new Int32Array([1]));
 * console.log(loss.dataSync()[0].toFixed(4)); // "0.6931" (log 2)
 * ```
 */
export function softmaxCrossEntropyTraining(
  tf: Tfjs,
  logits: Tensor2D,
  labels: Int32Array,
): Tensor {
  const [count, classes] = logits.shape;
  const op = tf.customGrad(
    ((z: Tensor, _save: GradSaveFunc) => {
      const gradient = new Float32Array(count * classes);
      const value = softmaxCrossEntropyOnHost(
        z.dataSync() as Float32Array,
        labels,
        classes,
        gradient,
      );
      return {
        value: tf.scalar(value),
        gradFunc: (dy: Tensor) => tf.mul(dy, tf.tensor2d(gradient, [count, classes])),
      };
    }) as unknown as Parameters<Tfjs["customGrad"]>[0],
  );
  return op(logits);
}
