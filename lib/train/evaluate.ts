/**
 * Mean loss and accuracy of an MLP over a whole dataset, in TF.js.
 * @module
 */
import type { Tensor } from "npm:@tensorflow/tfjs@4.22.0";
import type { Tfjs } from "./tfjs.ts";
import type { Dataset } from "../data/dataset.ts";
import type { MlpSpec } from "../model/mlp.ts";
import { mlpLogits } from "./mlp_forward.ts";

/** Mean loss (cross-entropy or MSE, per the spec) and top-1 accuracy. */
export interface LossAccuracy {
  /** Mean loss (NaN when not finite). */
  loss: number;
  /** Fraction of samples whose arg-max logit is the label. */
  accuracy: number;
}

/**
 * Evaluates an MLP on a dataset in chunks (loss summed in float64 across chunks).
 *
 * @param tf TF.js.
 * @param spec The model.
 * @param tensors Parameter tensors in layout order.
 * @param data The samples.
 * @param chunk Samples per forward pass. Default 2,000.
 * @returns Mean loss and accuracy.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { evaluateMlp } from "./evaluate.ts";
 * const tf = await loadTfjs();
 * const spec = { kind: "mlp" as const, inputSize: 1, hidden: [], classes: 2, activation: "relu" as const };
 * const data = { x: new Float32Array([1]), y: new Int32Array([0]), count: 1, features: 1, classes: 2 };
 * console.log(evaluateMlp(tf, spec, [tf.zeros([1, 2]), tf.zeros([2])], data).loss); // ~0.693
 * ```
 */
export function evaluateMlp(
  tf: Tfjs,
  spec: MlpSpec,
  tensors: Tensor[],
  data: Dataset,
  chunk = 2000,
): LossAccuracy {
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < data.count; start += chunk) {
    const count = Math.min(chunk, data.count - start);
    const [losses, hits] = tf.tidy(() => {
      const x = tf.tensor2d(
        data.x.subarray(start * data.features, (start + count) * data.features),
        [count, data.features],
      );
      const labels = tf.tensor1d(data.y.subarray(start, start + count), "int32");
      const logits = mlpLogits(tf, spec, tensors, x);
      const target = tf.oneHot(labels, spec.classes);
      const perSample = spec.loss === "mse"
        ? tf.mean(tf.squaredDifference(logits, target), 1)
        : tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), target), 1));
      const correctRows = tf.equal(tf.argMax(logits, 1), labels);
      return [perSample.dataSync(), correctRows.dataSync()];
    });
    for (let i = 0; i < count; i++) {
      lossSum += losses[i];
      correct += hits[i];
    }
  }
  const loss = lossSum / data.count;
  return { loss: Number.isFinite(loss) ? loss : NaN, accuracy: correct / data.count };
}
