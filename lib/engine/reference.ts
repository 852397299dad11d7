/**
 * The naive reference: one TF.js (tfjs-core + wasm backend) forward pass over all samples per
 * weight vector. Tests check the engine against it and benchmarks measure the engine against
 * it; it is the only place the engine folder touches TF.js.
 * @module
 */
import * as tf from "npm:@tensorflow/tfjs-core@4.22.0";
import "npm:@tensorflow/tfjs-backend-wasm@4.22.0";
import type { Dataset } from "../data/dataset.ts";
import { mlpLayout, type MlpSpec } from "../model/mlp.ts";
import { tensorView } from "../model/layout.ts";
import { validateDataset, validateSpec, validateVector } from "./validate.ts";

/** What the reference evaluator needs. */
export interface ReferenceEvaluatorOptions {
  /** The model. */
  spec: MlpSpec;
  /** Samples the loss and accuracy are averaged over. */
  data: Dataset;
}

/** Mean loss and accuracy of one weight vector. */
export interface ReferenceResult {
  /** Mean loss: softmax cross-entropy or one-hot MSE, per the spec (NaN when not finite). */
  loss: number;
  /** Fraction of samples whose argmax logit is the label (NaN when the loss is not finite). */
  accuracy: number;
}

/** Evaluates weight vectors one at a time with TF.js. */
export interface ReferenceEvaluator {
  /** Runs one forward pass with these weights (flat, in the MLP layout). */
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
  if (tf.getBackend() === "wasm") return;
  const ok = await tf.setBackend("wasm");
  if (!ok || tf.getBackend() !== "wasm") {
    throw new Error(
      `TF.js could not start its wasm backend (setBackend returned ${ok}, active backend is ` +
        `${tf.getBackend()}); under Deno grant --allow-read to node_modules or the npm cache`,
    );
  }
}

/**
 * Creates the TF.js reference evaluator: uploads the data once, then one forward pass per call.
 *
 * @param options The model and the samples.
 * @returns The evaluator.
 * @example
 * ```ts
 * import { createReferenceEvaluator } from "./reference.ts";
 * const spec = { kind: "mlp" as const, inputSize: 2, hidden: [3], classes: 2, activation: "relu" as const };
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
  validateSpec(spec);
  validateDataset(data, spec);
  await useWasmBackend();
  const layout = mlpLayout(spec);
  const x = tf.tensor2d(data.x, [data.count, data.features]);
  const labels = tf.tensor1d(data.y, "int32");
  const oneHot = tf.tidy(() => tf.cast(tf.oneHot(labels, spec.classes), "float32"));

  return {
    evaluate(weights) {
      validateVector("weights", weights, layout.size);
      const [loss, accuracy] = tf.tidy(() => {
        let activations: tf.Tensor2D = x;
        for (let i = 0; i < layout.tensors.length; i += 2) {
          const kernelSlot = layout.tensors[i], biasSlot = layout.tensors[i + 1];
          const kernel = tf.tensor2d(tensorView(weights, kernelSlot), [
            kernelSlot.shape[0],
            kernelSlot.shape[1],
          ]);
          const bias = tf.tensor1d(tensorView(weights, biasSlot));
          activations = tf.add(tf.matMul(activations, kernel), bias);
          if (i + 2 < layout.tensors.length) activations = tf.relu(activations);
        }
        // Cross-entropy = logsumexp(logits) - logit of the label (tf.logSumExp subtracts the max);
        // MSE = mean over outputs of the squared error against the one-hot label.
        const perSample = spec.loss === "mse"
          ? tf.mean(tf.squaredDifference(activations, oneHot), 1)
          : tf.sub(tf.logSumExp(activations, 1), tf.sum(tf.mul(activations, oneHot), 1));
        const hits = tf.cast(tf.equal(tf.argMax(activations, 1), labels), "float32");
        return [tf.mean(perSample), tf.mean(hits)];
      });
      const lossValue = loss.dataSync()[0], accuracyValue = accuracy.dataSync()[0];
      loss.dispose();
      accuracy.dispose();
      const finite = Number.isFinite(lossValue);
      return { loss: finite ? lossValue : NaN, accuracy: finite ? accuracyValue : NaN };
    },
    dispose() {
      tf.dispose([x, labels, oneHot]);
    },
  };
}
