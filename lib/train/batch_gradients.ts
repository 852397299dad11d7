/**
 * One training batch's loss and gradient, into the flat gradient vector the optimiser reads.
 * A dense stack with softmax cross-entropy (the default MLP) is back-propagated by hand
 * (./dense_stack_gradients.ts); any other model goes through TF.js's tape, with the softmax
 * cross-entropy as one custom op (./softmax_cross_entropy_training.ts) where it is the loss.
 * Gradients are copied straight out of the backend's memory (`readTensorInto`, ./host_op.ts).
 * @module
 */
import type { Scalar, Tensor, Variable } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";
import type { ResolvedModel } from "../model/resolve.ts";
import type { ParamLayout } from "../model/layout.ts";
import { modelForward } from "./model_forward.ts";
import { perSampleLoss } from "./losses.ts";
import { softmaxCrossEntropyTraining } from "./softmax_cross_entropy_training.ts";
import { denseStack, denseStackGradients, firstDenseKernel } from "./dense_stack_gradients.ts";
import { readTensorInto } from "./host_op.ts";
import type { SparseFirstLayer } from "./sparse_first_layer.ts";

/** A batch's mean and biased variance per batch-norm layer, read during the forward pass. */
export type BatchStatistics = Map<string, { mean: Float32Array; variance: Float32Array }>;

/** Computes one batch's gradient into `grads` and returns the batch's mean loss. */
export type BatchGradients = (
  x: Float32Array,
  labels: Int32Array,
  step: number,
  grads: Float32Array,
  statistics: BatchStatistics,
) => number;

/**
 * Builds the gradient function of a model for training.
 *
 * @param tf TF.js.
 * @param model The resolved model.
 * @param layout Its flat layout (gradients land at each tensor's offset; moving statistics get 0).
 * @param param Parameter tensor by name (trainable ones must be the `variables`).
 * @param variables The trainable parameters by name.
 * @param seed The run's seed (dropout masks are drawn from it and the step).
 * @param sparse For a dense stack: its first layer's products over nonzero inputs, taken by
 *   sparse batches (./sparse_first_layer.ts).
 * @returns `(x, labels, step, grads, statistics) => loss`, with x `labels.length` rows of features.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { resolveModel } from "../model/resolve.ts";
 * import { modelLayout } from "../model/model_layout.ts";
 * import { createBatchGradients } from "./batch_gradients.ts";
 * const tf = await loadTfjs();
 * const model = resolveModel({ kind: "sequential", inputShape: [1], layers: [{ type: "dense", units: 2 }] });
 * const variables = new Map([["dense0/kernel", tf.variable(tf.zeros([1, 2]))], ["dense0/bias", tf.variable(tf.zeros([2]))]]);
 * const gradients = createBatchGradients(tf, model, modelLayout(model), (name) => variables.get(name)!, variables, 0);
 * const grads = new Float32Array(4);
 * console.log(gradients(new Float32Array([1]), new Int32Array([0]), 0, grads, new Map()).toFixed(4), grads); // "0.6931" Float32Array [-0.5, 0.5, -0.5, 0.5]
 * ```
 */
export function createBatchGradients(
  tf: Tfjs,
  model: ResolvedModel,
  layout: ParamLayout,
  param: (name: string) => Tensor,
  variables: Map<string, Variable>,
  seed: number,
  sparse?: SparseFirstLayer,
): BatchGradients {
  const stack = denseStack(model);
  const trainable = layout.tensors.filter((slot) => variables.has(slot.name));
  const firstKernel = firstDenseKernel(model, layout);
  return (x, labels, step, grads, statistics) =>
    tf.tidy(() => {
      const count = labels.length;
      const batch = tf.tensor2d(x, [count, x.length / count]);
      grads.fill(0);
      if (stack) {
        const sparseInput = sparse && firstKernel && variables.has(firstKernel.name)
          ? { layer: sparse, x, target: grads, offset: firstKernel.offset }
          : undefined;
        const { loss, gradients } = denseStackGradients(
          tf,
          stack,
          param,
          batch,
          labels,
          sparseInput,
        );
        for (const slot of trainable) {
          const gradient = gradients.get(slot.name);
          if (gradient) readTensorInto(tf, gradient, grads, slot.offset);
        }
        return loss;
      }
      const { value, grads: gradients } = tf.variableGrads(() => {
        const outputs = modelForward(tf, model, param, batch, {
          training: true,
          dropoutSeed: seed * 100003 + step,
          onBatchStatistics: (name, mean, variance) =>
            statistics.set(name, {
              mean: mean.dataSync() as Float32Array,
              variance: variance.dataSync() as Float32Array,
            }),
        });
        if (model.spec.loss === "softmax-cross-entropy") {
          return softmaxCrossEntropyTraining(tf, outputs, labels) as Scalar;
        }
        const target = tf.tensor1d(labels, "int32");
        return tf.mean(perSampleLoss(tf, model.spec.loss, outputs, target).loss) as Scalar;
      }, trainable.map((slot) => variables.get(slot.name)!));
      for (const slot of trainable) {
        readTensorInto(tf, gradients[variables.get(slot.name)!.name], grads, slot.offset);
      }
      return value.dataSync()[0];
    });
}
