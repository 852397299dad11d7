/**
 * The gradient of the mean loss with respect to every weight over an evaluation set in chunks:
 * the network in inference mode (batch norm on its moving statistics, no dropout), the same loss
 * the landscape shows. Moving statistics are not trained: their entries of the gradient are zero.
 *
 * A dense stack with softmax cross-entropy (the default MLP) is back-propagated by hand, as
 * training does it (lib/train/dense_stack_gradients.ts), and its first layer's two products can
 * run over the nonzero inputs only (lib/train/sparse_first_layer.ts): about half the time of the
 * TF.js tape on 2,000 digits (bench/analysis_bench.ts). Every other model goes through TF.js
 * autodiff.
 * @module
 */
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../train/tfjs.ts";
import type { Dataset } from "../data/dataset.ts";
import type { ParamLayout } from "../model/layout.ts";
import type { ResolvedLayer, ResolvedModel } from "../model/resolve.ts";
import { modelForward } from "../train/model_forward.ts";
import {
  denseStack,
  denseStackGradients,
  firstDenseKernel,
} from "../train/dense_stack_gradients.ts";
import { createSparseFirstLayer, type SparseFirstLayer } from "../train/sparse_first_layer.ts";
import { perSampleLoss } from "../train/losses.ts";
import { uploadParams } from "./param_tensors.ts";
import { forEachSampleChunk } from "./sample_chunks.ts";

/** A loss value and its gradient. */
export interface WeightGradient {
  /** Mean loss over the samples. */
  loss: number;
  /** d(mean loss)/dw for every entry of the flat weights, in the layout's order. */
  gradient: Float32Array;
}

/** Options of {@linkcode weightGradient}. */
export interface WeightGradientOptions {
  /** Samples per forward and backward pass. Default {@linkcode chunkSize}. */
  chunk?: number;
  /**
   * A dense stack's first-layer products over nonzero inputs ({@linkcode sparseGradientLayer}),
   * used for chunks of at most its `maxRows`; ignored for other models.
   * @internal
   */
  sparse?: SparseFirstLayer;
  /**
   * Receives each top-level layer's output of the forward pass (after its activation; logits
   * whose softmax the loss fuses), as `modelForward` gives them: activation statistics gathered
   * in the same pass (lib/analysis/health/activation_statistics.ts).
   * @internal
   */
  onLayerOutput?: (layer: ResolvedLayer, output: Tensor) => void;
}

/**
 * The first-layer products over nonzero inputs for {@linkcode weightGradient}, when the model is
 * a dense stack (./../train/dense_stack_gradients.ts): a kernel instance holding `rows` rows of
 * inputs three times (as floats, column indices and values).
 *
 * @param tf TF.js.
 * @param model The resolved model.
 * @param layout Its layout.
 * @param rows The largest chunk it will see.
 * @returns The sparse products, or undefined for a model that is not a dense stack.
 * @example
 * ```ts
 * import { loadTfjs } from "../train/tfjs.ts";
 * import { resolveModel } from "../model/resolve.ts";
 * import { modelLayout } from "../model/model_layout.ts";
 * import { preset } from "../model/presets.ts";
 * import { sparseGradientLayer } from "./gradient.ts";
 * const model = resolveModel(preset("cnn"));
 * console.log(await sparseGradientLayer(await loadTfjs(), model, modelLayout(model), 64)); // undefined
 * ```
 */
export async function sparseGradientLayer(
  tf: Tfjs,
  model: ResolvedModel,
  layout: ParamLayout,
  rows: number,
): Promise<SparseFirstLayer | undefined> {
  const kernel = firstDenseKernel(model, layout);
  if (!kernel) return undefined;
  const [features, units] = kernel.shape;
  return await createSparseFirstLayer(tf, { features, units, maxRows: rows });
}

/**
 * Samples per pass so that the largest layer output of a chunk holds about 4 million values
 * (16 MB of float32): the whole default evaluation set for an MLP on MNIST (fewer, larger
 * passes are faster), a few hundred images for a CNN.
 *
 * @param model The resolved model.
 * @returns A chunk size, at least 32.
 * @example
 * ```ts
 * import { resolveModel } from "../model/resolve.ts";
 * import { preset } from "../model/presets.ts";
 * import { chunkSize } from "./gradient.ts";
 * console.log(chunkSize(resolveModel(preset("mlp")))); // 5102
 * ```
 */
export function chunkSize(model: ResolvedModel): number {
  const size = (shape: number[]) => shape.reduce((product, n) => product * n, 1);
  let largest = size(model.spec.inputShape);
  const visit = (layers: ResolvedModel["layers"]) => {
    for (const layer of layers) {
      largest = Math.max(largest, size(layer.outputShape));
      if (layer.body) visit(layer.body);
    }
  };
  visit(model.layers);
  return Math.max(32, Math.floor(4_000_000 / largest));
}

/**
 * Computes the mean loss over a dataset and its gradient with respect to the flat weights.
 * Chunk gradients are summed in float64.
 *
 * @param tf TF.js.
 * @param model The resolved model.
 * @param layout Its layout.
 * @param values The weights.
 * @param data The samples (at least one).
 * @param options Chunk size, sparse first-layer products, a hook on the layer outputs.
 * @returns Mean loss and gradient.
 * @throws {RangeError} When the data is empty or the weights do not fit the layout.
 * @example
 * ```ts
 * import { loadTfjs } from "../train/tfjs.ts";
 * import { resolveModel } from "../model/resolve.ts";
 * import { modelLayout } from "../model/model_layout.ts";
 * import { weightGradient } from "./gradient.ts";
 * const tf = await loadTfjs();
 * const model = resolveModel({ kind: "sequential", inputShape: [1], layers: [{ type: "dense", units: 2 }], loss: "mse" });
 * const data = { x: new Float32Array([2]), y: new Int32Array([0]), count: 1, features: 1, classes: 2 };
 * // loss ((2 w0 + b0 - 1)^2 + (2 w1 + b1)^2) / 2 at w = b = 0
 * console.log(weightGradient(tf, model, modelLayout(model), new Float32Array(4), data).gradient); // [-2, 0, -1, 0]
 * ```
 */
export function weightGradient(
  tf: Tfjs,
  model: ResolvedModel,
  layout: ParamLayout,
  values: Float32Array,
  data: Dataset,
  options: WeightGradientOptions = {},
): WeightGradient {
  const { chunk = chunkSize(model), sparse, onLayerOutput } = options;
  if (data.count < 1) throw new RangeError("Gradient needs at least one sample: got 0");
  const stack = denseStack(model);
  // Where the sparse products write the first kernel's gradient: all of it, at every chunk.
  const firstKernel = stack && sparse ? firstDenseKernel(model, layout) : undefined;
  const firstGradient = firstKernel && new Float32Array(firstKernel.size);
  const params = uploadParams(tf, layout, values);
  const { trainable } = params;
  const sum = new Float64Array(layout.size);
  let lossSum = 0;
  try {
    forEachSampleChunk(tf, data, chunk, ({ x, labels, start, count }) => {
      if (stack) {
        // The mean loss of the chunk and its gradient, weighted by the chunk's samples.
        const first = count <= (sparse?.maxRows ?? 0) ? firstGradient : undefined;
        const { loss, gradients } = denseStackGradients(
          tf,
          stack,
          (name) => params.param(name),
          x,
          data.y.subarray(start, start + count),
          first && {
            layer: sparse!,
            x: data.x.subarray(start * data.features, (start + count) * data.features),
            target: first,
            offset: 0,
          },
          onLayerOutput,
        );
        lossSum += loss * count;
        for (const slot of trainable) {
          const gradient = gradients.get(slot.name);
          // Absent only for the first kernel, which the sparse products wrote.
          const part = gradient ? gradient.dataSync() : first!;
          for (let j = 0; j < slot.size; j++) sum[slot.offset + j] += part[j] * count;
        }
        return;
      }
      const summedLoss = (...weights: Tensor[]) => {
        const given = new Map(trainable.map((slot, i) => [slot.name, weights[i]]));
        const param = (name: string) => given.get(name) ?? params.param(name);
        const outputs = modelForward(tf, model, param, x, { onLayerOutput });
        return tf.sum(perSampleLoss(tf, model.spec.loss, outputs, labels).loss);
      };
      const { value, grads } = tf.valueAndGrads(summedLoss)(
        trainable.map((slot) => params.param(slot.name)),
      );
      lossSum += value.dataSync()[0];
      trainable.forEach((slot, i) => {
        const part = grads[i].dataSync();
        for (let j = 0; j < slot.size; j++) sum[slot.offset + j] += part[j];
      });
    });
  } finally {
    params.dispose();
  }
  const gradient = new Float32Array(layout.size);
  for (let i = 0; i < sum.length; i++) gradient[i] = sum[i] / data.count;
  return { loss: lossSum / data.count, gradient };
}
