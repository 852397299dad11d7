/**
 * Streaming statistics of each layer's outputs over an evaluation set, in TF.js: per unit (a
 * dense layer's outputs, a convolution's channels over every position) the sum, the sum of
 * outer products (for the covariance), the largest value (a ReLU unit whose largest output is
 * 0 never fires), and an evenly strided sample of the values for histograms. Chunks keep the
 * memory flat whatever the dataset's size.
 * @module
 */
import type { Tensor, Tensor2D } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../../train/tfjs.ts";
import type { Dataset } from "../../data/dataset.ts";
import type { ParamLayout } from "../../model/layout.ts";
import type { ResolvedLayer, ResolvedModel } from "../../model/resolve.ts";
import type { ActivationName } from "../../model/spec.ts";
import { fusesFinalActivation, modelForward } from "../../train/model_forward.ts";
import { uploadParams } from "../param_tensors.ts";
import { chunkSize } from "../gradient.ts";
import { forEachSampleChunk } from "../sample_chunks.ts";

/** Statistics of one layer's outputs. */
export interface ActivationStatistics {
  /** The layer's name. */
  layer: string;
  /** Its activation as applied in the pass (`linear` for logits whose softmax the loss fuses). */
  activation: ActivationName;
  /** Units (dense) or channels (conv). */
  width: number;
  /** Rows summed: samples, times positions for a convolution. */
  rows: number;
  /** sum x x^T over rows, `width x width`. */
  gram: Float64Array;
  /** sum x over rows. */
  sum: Float64Array;
  /** Largest output of each unit. */
  max: Float32Array;
  /** A strided sample of the outputs (for histograms). */
  sample: Float32Array;
}

/** The layers whose outputs are measured: parameterised layers and activations. */
function measured(layer: ResolvedLayer): boolean {
  const type = layer.type;
  return type === "dense" || type === "conv2d" || type === "residual" || type === "activation";
}

function activationOf(model: ResolvedModel, layer: ResolvedLayer, last: boolean): ActivationName {
  if (last && fusesFinalActivation(model)) return "linear";
  return "activation" in layer ? layer.activation : "linear";
}

/**
 * Runs the model over the data and gathers per-layer output statistics.
 *
 * @param tf TF.js.
 * @param model The resolved model.
 * @param layout Its layout.
 * @param values The weights.
 * @param data The samples.
 * @param options Samples per pass (default chunkSize(model)) and values kept per layer (default 4,096).
 * @returns One entry per dense, conv, residual or activation layer at the top level.
 * @example
 * ```ts
 * import { loadTfjs } from "../../train/tfjs.ts";
 * import { resolveModel } from "../../model/resolve.ts";
 * import { modelLayout } from "../../model/model_layout.ts";
 * import { activationStatistics } from "./activation_statistics.ts";
 * const tf = await loadTfjs();
 * const model = resolveModel({ kind: "sequential", inputShape: [1], layers: [{ type: "dense", units: 2, activation: "relu" }] });
 * const data = { x: new Float32Array([1, 2]), y: new Int32Array([0, 1]), count: 2, features: 1, classes: 2 };
 * const [stats] = activationStatistics(tf, model, modelLayout(model), new Float32Array([1, -1, 0, 0]), data);
 * console.log(Array.from(stats.max)); // [2, 0]: the second unit never fires
 * ```
 */
export function activationStatistics(
  tf: Tfjs,
  model: ResolvedModel,
  layout: ParamLayout,
  values: Float32Array,
  data: Dataset,
  options: { chunk?: number; sampleSize?: number } = {},
): ActivationStatistics[] {
  const { chunk = chunkSize(model), sampleSize = 4096 } = options;
  const lastName = model.layers.at(-1)?.name;
  const stats = new Map<string, ActivationStatistics>();
  for (const layer of model.layers.filter(measured)) {
    const width = layer.outputShape[layer.outputShape.length - 1];
    stats.set(layer.name, {
      layer: layer.name,
      activation: activationOf(model, layer, layer.name === lastName),
      width,
      rows: 0,
      gram: new Float64Array(width * width),
      sum: new Float64Array(width),
      max: new Float32Array(width).fill(-Infinity),
      sample: new Float32Array(0),
    });
  }
  const chunks = Math.ceil(data.count / chunk);
  const params = uploadParams(tf, layout, values);
  try {
    forEachSampleChunk(tf, data, chunk, ({ x }) => {
      modelForward(tf, model, params.param, x, {
        onLayerOutput: (layer, output) => {
          const entry = stats.get(layer.name);
          if (entry) accumulate(tf, entry, output, Math.ceil(sampleSize / chunks));
        },
      });
    });
  } finally {
    params.dispose();
  }
  return [...stats.values()];
}

function accumulate(tf: Tfjs, entry: ActivationStatistics, output: Tensor, keep: number) {
  const rows = tf.reshape(output, [-1, entry.width]) as Tensor2D;
  // An explicit transpose keeps the product on the backend's fast path (no transpose flag).
  const gram = tf.matMul(tf.transpose(rows), rows).dataSync();
  const sum = tf.sum(rows, 0).dataSync();
  const max = tf.max(rows, 0).dataSync();
  for (let i = 0; i < gram.length; i++) entry.gram[i] += gram[i];
  for (let i = 0; i < entry.width; i++) {
    entry.sum[i] += sum[i];
    entry.max[i] = Math.max(entry.max[i], max[i]);
  }
  entry.rows += rows.shape[0];
  const flat = tf.reshape(output, [-1]);
  const stride = Math.max(1, Math.floor(flat.size / keep));
  const picked = tf.stridedSlice(flat, [0], [flat.size], [stride]).dataSync() as Float32Array;
  const grown = new Float32Array(entry.sample.length + picked.length);
  grown.set(entry.sample);
  grown.set(picked, entry.sample.length);
  entry.sample = grown;
}
