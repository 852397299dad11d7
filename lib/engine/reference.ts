/**
 * The naive reference: one TF.js forward pass (`modelForward`, tfjs on the wasm backend) over
 * all samples per weight vector, for any model spec. Tests check the engine against it and
 * benchmarks measure the engine against it; it is the only place the engine folder touches TF.js.
 * @module
 */
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Dataset } from "../data/dataset.ts";
import { tensorView } from "../model/layout.ts";
import { modelLayout } from "../model/model_layout.ts";
import { resolveModel } from "../model/resolve.ts";
import type { ModelSpec } from "../model/spec.ts";
import { perSampleLoss } from "../train/losses.ts";
import { modelForward } from "../train/model_forward.ts";
import { loadTfjs } from "../train/tfjs.ts";
import { validateModelDataset, validateVector } from "./run/validate.ts";

/** What the reference evaluator needs. */
export interface ReferenceEvaluatorOptions {
  /** The model. */
  spec: ModelSpec;
  /** Samples the loss and accuracy are averaged over. */
  data: Dataset;
}

/** Mean loss and accuracy of one weight vector. */
export interface ReferenceResult {
  /** Mean loss per the spec (a final softmax or sigmoid fused into it); NaN when not finite. */
  loss: number;
  /** Fraction of samples predicted right (NaN when the loss is not finite). */
  accuracy: number;
}

/** Evaluates weight vectors one at a time with TF.js. */
export interface ReferenceEvaluator {
  /** Runs one forward pass with these weights (flat, in the model's layout). */
  evaluate(weights: Float32Array): ReferenceResult;
  /** Frees the uploaded data tensors. */
  dispose(): void;
}

/**
 * Switches TF.js to its wasm backend, failing loudly when it cannot (under Deno it needs read
 * access to node_modules; without it setBackend resolves false instead of throwing).
 *
 * @returns Nothing; resolves once the backend is ready.
 * @throws {Error} When the wasm backend is not active afterwards.
 * @example
 * ```ts
 * import { useWasmBackend } from "./reference.ts";
 * await useWasmBackend();
 * ```
 */
export async function useWasmBackend(): Promise<void> {
  await loadTfjs();
}

/**
 * Creates the TF.js reference evaluator: uploads the data once, then one forward pass per call.
 *
 * @param options The model and the samples.
 * @returns The evaluator.
 * @throws {TypeError | RangeError | LosscapeError} When the spec or the data is invalid.
 * @example
 * ```ts
 * import { createReferenceEvaluator } from "./reference.ts";
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 3, activation: "relu" as const }, { type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array([1, 0, 0, 1]), y: new Int32Array([0, 1]), count: 2, features: 2, classes: 2 };
 * const reference = await createReferenceEvaluator({ spec, data });
 * console.log(reference.evaluate(new Float32Array(17)).loss.toFixed(4)); // "0.6931"
 * reference.dispose();
 * ```
 */
export async function createReferenceEvaluator(
  options: ReferenceEvaluatorOptions,
): Promise<ReferenceEvaluator> {
  const { spec, data } = options;
  const model = resolveModel(spec);
  validateModelDataset(data, model);
  const tf = await loadTfjs();
  const layout = modelLayout(model);
  const x = tf.tensor(data.x, [data.count, ...model.spec.inputShape]);
  const labels = tf.tensor1d(data.y, "int32");

  return {
    evaluate(weights) {
      validateVector("weights", weights, layout.size);
      const [loss, accuracy] = tf.tidy(() => {
        const params = new Map<string, Tensor>();
        for (const slot of layout.tensors) {
          params.set(slot.name, tf.tensor(tensorView(weights, slot), slot.shape));
        }
        const outputs = modelForward(tf, model, (name) => params.get(name)!, x);
        const perSample = perSampleLoss(tf, model.spec.loss, outputs, labels);
        return [tf.mean(perSample.loss), tf.mean(perSample.correct)];
      });
      const lossValue = loss.dataSync()[0], accuracyValue = accuracy.dataSync()[0];
      tf.dispose([loss, accuracy]);
      const finite = Number.isFinite(lossValue);
      return { loss: finite ? lossValue : NaN, accuracy: finite ? accuracyValue : NaN };
    },
    dispose() {
      tf.dispose([x, labels]);
    },
  };
}
