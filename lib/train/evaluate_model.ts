/**
 * Mean loss and accuracy of any model over a whole dataset, in TF.js (inference mode).
 * @module
 */
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";
import type { Dataset } from "../data/dataset.ts";
import type { ResolvedModel } from "../model/resolve.ts";
import type { ParamLayout } from "../model/layout.ts";
import { modelForward } from "./model_forward.ts";
import { perSampleLoss } from "./losses.ts";

/** Mean loss and top-1 accuracy. */
export interface LossAccuracy {
  /** Mean loss (NaN when not finite). */
  loss: number;
  /** Fraction of samples predicted right, in [0, 1]. */
  accuracy: number;
}

/**
 * Evaluates a model on a dataset in chunks; per-sample losses are summed in float64.
 *
 * @param tf TF.js.
 * @param model The resolved model.
 * @param param Parameter tensor by name.
 * @param data The samples.
 * @param chunk Samples per forward pass. Default 256: the same numbers as any other chunk (each
 *   sample is evaluated on its own), and a small chunk keeps the WASM heap small (a convolution
 *   layer's output for 1,000 digits is 50 MB, and the heap never shrinks).
 * @returns Mean loss and accuracy.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { resolveModel } from "../model/resolve.ts";
 * import { evaluateModel } from "./evaluate_model.ts";
 * const tf = await loadTfjs();
 * const model = resolveModel({ kind: "sequential", inputShape: [1], layers: [{ type: "dense", units: 2 }] });
 * const data = { x: new Float32Array([1]), y: new Int32Array([0]), count: 1, features: 1, classes: 2 };
 * console.log(evaluateModel(tf, model, (name) => tf.zeros(name.endsWith("kernel") ? [1, 2] : [2]), data).loss); // ~0.693
 * ```
 */
export function evaluateModel(
  tf: Tfjs,
  model: ResolvedModel,
  param: (name: string) => Tensor,
  data: Dataset,
  chunk = 256,
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
      const outputs = modelForward(tf, model, param, x);
      const { loss, correct } = perSampleLoss(tf, model.spec.loss, outputs, labels);
      return [loss.dataSync(), correct.dataSync()];
    });
    for (let i = 0; i < count; i++) {
      lossSum += losses[i];
      correct += hits[i];
    }
  }
  const loss = lossSum / data.count;
  return { loss: Number.isFinite(loss) ? loss : NaN, accuracy: correct / data.count };
}

/**
 * Scores of flat weights on named sets (train and test, say): the weights uploaded as tensors,
 * each set evaluated (`evaluateModel`), the tensors disposed (also when an evaluation throws).
 * The checkpoint scorer's fallback for a model the engine's kernel does not run.
 *
 * @param tf TF.js.
 * @param model The resolved model.
 * @param layout Where each tensor sits in `values`.
 * @param values The flat weights.
 * @param sets The sets, by name.
 * @returns Loss and accuracy on each set, by the same names.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { resolveModel } from "../model/resolve.ts";
 * import { modelLayout } from "../model/model_layout.ts";
 * import { checkpointScores } from "./evaluate_model.ts";
 * const tf = await loadTfjs();
 * const model = resolveModel({ kind: "sequential", inputShape: [1], layers: [{ type: "dense", units: 2 }] });
 * const data = { x: new Float32Array([1]), y: new Int32Array([0]), count: 1, features: 1, classes: 2 };
 * const scores = checkpointScores(tf, model, modelLayout(model), new Float32Array(4), { train: data, test: data });
 * console.log(scores.test.loss.toFixed(3)); // "0.693"
 * ```
 */
export function checkpointScores<Name extends string = "train" | "test">(
  tf: Tfjs,
  model: ResolvedModel,
  layout: ParamLayout,
  values: Float32Array,
  sets: Record<Name, Dataset>,
): Record<Name, LossAccuracy> {
  const tensors = new Map<string, Tensor>(
    layout.tensors.map((slot) => [
      slot.name,
      tf.tensor(values.subarray(slot.offset, slot.offset + slot.size), slot.shape),
    ]),
  );
  const param = (name: string) => tensors.get(name)!;
  try {
    const entries = Object.entries<Dataset>(sets).map(([name, data]) =>
      [name, evaluateModel(tf, model, param, data)] as const
    );
    return Object.fromEntries(entries) as Record<Name, LossAccuracy>;
  } finally {
    tensors.forEach((tensor) => tensor.dispose());
  }
}
