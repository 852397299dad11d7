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
  const { chunk = chunkSize(model) } = options;
  const gathered = activationAccumulator(tf, model, data.count, options);
  const params = uploadParams(tf, layout, values);
  try {
    forEachSampleChunk(tf, data, chunk, ({ x }) => {
      modelForward(tf, model, params.param, x, { onLayerOutput: gathered.onLayerOutput });
    });
  } finally {
    params.dispose();
  }
  return gathered.statistics();
}

/** Statistics gathered from a forward pass made elsewhere ({@linkcode activationAccumulator}). */
export interface ActivationAccumulator {
  /** Give it every top-level layer's output of every chunk, in order (`modelForward`'s hook). */
  onLayerOutput(layer: ResolvedLayer, output: Tensor): void;
  /** The statistics of the outputs given so far. */
  statistics(): ActivationStatistics[];
}

/**
 * The statistics of {@linkcode activationStatistics} gathered from a forward pass that runs for
 * another reason, such as the gradient's (lib/analysis/gradient.ts), without a second pass. The
 * sample of each layer's outputs takes every k-th value of the whole pass, so it does not depend
 * on how the pass is chunked; the sums depend on it only by rounding.
 *
 * @param tf TF.js.
 * @param model The resolved model.
 * @param count Samples the pass covers.
 * @param options Values kept per layer (default 4,096; about that many are).
 * @returns The accumulator; call its `onLayerOutput` inside the pass's `tf.tidy`.
 * @example
 * ```ts
 * import { loadTfjs } from "../../train/tfjs.ts";
 * import { resolveModel } from "../../model/resolve.ts";
 * import { activationAccumulator } from "./activation_statistics.ts";
 * const tf = await loadTfjs();
 * const model = resolveModel({ kind: "sequential", inputShape: [1], layers: [{ type: "dense", units: 2, activation: "relu" }] });
 * const gathered = activationAccumulator(tf, model, 2);
 * tf.tidy(() => gathered.onLayerOutput(model.layers[0], tf.tensor2d([[1, 0], [2, 0]])));
 * console.log(Array.from(gathered.statistics()[0].max)); // [2, 0]
 * ```
 */
export function activationAccumulator(
  tf: Tfjs,
  model: ResolvedModel,
  count: number,
  options: { sampleSize?: number } = {},
): ActivationAccumulator {
  const { sampleSize = 4096 } = options;
  const lastName = model.layers.at(-1)?.name;
  const layers = new Map<string, Accumulating>();
  for (const layer of model.layers.filter(measured)) {
    const width = layer.outputShape[layer.outputShape.length - 1];
    const values = count * layer.outputShape.reduce((product, n) => product * n, 1);
    layers.set(layer.name, {
      stats: {
        layer: layer.name,
        activation: activationOf(model, layer, layer.name === lastName),
        width,
        rows: 0,
        gram: new Float64Array(width * width),
        sum: new Float64Array(width),
        max: new Float32Array(width).fill(-Infinity),
        sample: new Float32Array(0),
      },
      stride: Math.max(1, Math.floor(values / sampleSize)),
      seen: 0,
    });
  }
  return {
    onLayerOutput(layer, output) {
      const entry = layers.get(layer.name);
      if (entry) accumulate(tf, entry, output);
    },
    statistics: () => [...layers.values()].map((entry) => entry.stats),
  };
}

/** A layer's statistics so far, the sample's stride and the values the pass gave so far. */
interface Accumulating {
  stats: ActivationStatistics;
  stride: number;
  seen: number;
}

function accumulate(tf: Tfjs, entry: Accumulating, output: Tensor) {
  const { stats, stride } = entry;
  const rows = tf.reshape(output, [-1, stats.width]) as Tensor2D;
  // An explicit transpose keeps the product on the backend's fast path (no transpose flag).
  const gram = tf.matMul(tf.transpose(rows), rows).dataSync();
  const sum = tf.sum(rows, 0).dataSync();
  const max = tf.max(rows, 0).dataSync();
  for (let i = 0; i < gram.length; i++) stats.gram[i] += gram[i];
  for (let i = 0; i < stats.width; i++) {
    stats.sum[i] += sum[i];
    stats.max[i] = Math.max(stats.max[i], max[i]);
  }
  stats.rows += rows.shape[0];
  const flat = tf.reshape(output, [-1]);
  // Every stride-th value of the whole pass: this chunk's first one is where the count resumes.
  const first = (stride - (entry.seen % stride)) % stride;
  entry.seen += flat.size;
  if (first >= flat.size) return;
  const picked = tf.stridedSlice(flat, [first], [flat.size], [stride]).dataSync() as Float32Array;
  const grown = new Float32Array(stats.sample.length + picked.length);
  grown.set(stats.sample);
  grown.set(picked, stats.sample.length);
  stats.sample = grown;
}
