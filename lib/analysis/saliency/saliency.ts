/**
 * Input saliency: |dL/dx| per input feature for single samples (the vanilla gradient of
 * Simonyan et al. 2014, "Deep Inside Convolutional Networks", sec. 3) and SmoothGrad (Smilkov
 * et al. 2017), the mean of |dL/dx| over n copies of the input with Gaussian noise of standard
 * deviation `noise * (max - min)` of the inputs, drawn from a seeded generator. The loss is
 * each sample's own loss against its true label.
 * @module
 */
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../../train/tfjs.ts";
import type { Dataset } from "../../data/dataset.ts";
import type { ParamLayout } from "../../model/layout.ts";
import type { ResolvedModel } from "../../model/resolve.ts";
import { modelForward } from "../../train/model_forward.ts";
import { perSampleLoss } from "../../train/losses.ts";
import { createRng } from "../../random.ts";
import { uploadParams } from "../param_tensors.ts";
import { forEachSampleChunk } from "../sample_chunks.ts";

/** Per-sample input gradients and predictions. */
export interface InputGradients {
  /** dL_i/dx_i, `[count, features]`. */
  gradient: Float32Array;
  /** Predicted class per sample. */
  predicted: Int32Array;
}

/**
 * The gradient of each sample's loss with respect to its own input, and the predictions.
 *
 * @param tf TF.js.
 * @param model The resolved model.
 * @param layout Its layout.
 * @param values The weights.
 * @param data The samples.
 * @param chunk Samples per pass. Default 256.
 * @returns Gradients `[count, features]` and predicted classes.
 * @example
 * ```ts
 * import { loadTfjs } from "../../train/tfjs.ts";
 * import { resolveModel } from "../../model/resolve.ts";
 * import { modelLayout } from "../../model/model_layout.ts";
 * import { inputGradients } from "./saliency.ts";
 * const tf = await loadTfjs();
 * const model = resolveModel({ kind: "sequential", inputShape: [1], layers: [{ type: "dense", units: 2 }], loss: "mse" });
 * const data = { x: new Float32Array([1]), y: new Int32Array([0]), count: 1, features: 1, classes: 2 };
 * // outputs (2x, 0): loss ((2x - 1)^2 + 0) / 2, dL/dx = 2 (2x - 1) = 2 at x = 1
 * console.log(inputGradients(tf, model, modelLayout(model), new Float32Array([2, 0, 0, 0]), data).gradient); // [2]
 * ```
 */
export function inputGradients(
  tf: Tfjs,
  model: ResolvedModel,
  layout: ParamLayout,
  values: Float32Array,
  data: Dataset,
  chunk = 256,
): InputGradients {
  const params = uploadParams(tf, layout, values);
  const gradient = new Float32Array(data.count * data.features);
  const predicted = new Int32Array(data.count);
  try {
    forEachSampleChunk(tf, data, chunk, ({ start, x, labels }) => {
      const loss = (input: Tensor) => {
        const outputs = modelForward(tf, model, params.param, input);
        const classes = outputs.shape[1] === 1
          ? tf.cast(tf.greater(tf.reshape(outputs, [-1]), 0), "int32")
          : tf.argMax(outputs, 1);
        predicted.set(classes.dataSync() as Int32Array, start);
        return tf.sum(perSampleLoss(tf, model.spec.loss, outputs, labels).loss);
      };
      const dx = tf.grad(loss)(x);
      gradient.set(dx.dataSync() as Float32Array, start * data.features);
    });
  } finally {
    params.dispose();
  }
  return { gradient, predicted };
}

/** Saliency maps of some samples. */
export interface Saliency {
  /** |dL/dx|, `[count, features]`. */
  vanilla: Float32Array;
  /** SmoothGrad: mean |dL/dx| over the noisy copies, `[count, features]`. */
  smooth: Float32Array;
  /** Predicted class per sample (on the clean input). */
  predicted: Int32Array;
  /** The noise's standard deviation (in input units) and the number of copies. */
  noiseStd: number;
  /** Noisy copies per sample. */
  copies: number;
}

/** Options of {@linkcode saliencyMaps}. */
export interface SaliencyOptions {
  /** Noisy copies per sample. Default 16. */
  copies?: number;
  /** Noise level as a share of the inputs' range (max - min). Default 0.15 (Smilkov et al.). */
  noise?: number;
  /** Seed of the noise. Default 0. */
  seed?: number;
}

/**
 * Vanilla gradient and SmoothGrad maps for some samples.
 *
 * @param tf TF.js.
 * @param model The resolved model.
 * @param layout Its layout.
 * @param values The weights.
 * @param data The samples to explain.
 * @param options Copies, noise level and seed.
 * @returns The maps and predictions; with `noise` 0 both maps are equal.
 * @example
 * ```ts
 * import { loadTfjs } from "../../train/tfjs.ts";
 * import { resolveModel } from "../../model/resolve.ts";
 * import { modelLayout } from "../../model/model_layout.ts";
 * import { saliencyMaps } from "./saliency.ts";
 * const tf = await loadTfjs();
 * const model = resolveModel({ kind: "sequential", inputShape: [2], layers: [{ type: "dense", units: 2 }] });
 * const data = { x: new Float32Array([0.2, 0.9]), y: new Int32Array([1]), count: 1, features: 2, classes: 2 };
 * const maps = saliencyMaps(tf, model, modelLayout(model), new Float32Array([1, -1, 0.5, 2, 0, 0]), data, { copies: 4 });
 * console.log(maps.smooth.length); // 2
 * ```
 */
export function saliencyMaps(
  tf: Tfjs,
  model: ResolvedModel,
  layout: ParamLayout,
  values: Float32Array,
  data: Dataset,
  options: SaliencyOptions = {},
): Saliency {
  const { copies = 16, noise = 0.15, seed = 0 } = options;
  if (!Number.isInteger(copies) || copies < 1) {
    throw new RangeError(`SmoothGrad copies must be an integer >= 1: got ${copies}`);
  }
  const clean = inputGradients(tf, model, layout, values, data);
  const vanilla = clean.gradient.map(Math.abs);
  let low = Infinity, high = -Infinity;
  for (const v of data.x) {
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  const noiseStd = noise * (high > low ? high - low : 1);
  const rng = createRng(seed);
  const sum = new Float64Array(vanilla.length);
  const noisy = new Float32Array(data.x.length);
  for (let copy = 0; copy < copies; copy++) {
    for (let i = 0; i < noisy.length; i++) noisy[i] = data.x[i] + noiseStd * rng.normal();
    const { gradient } = inputGradients(tf, model, layout, values, { ...data, x: noisy });
    for (let i = 0; i < sum.length; i++) sum[i] += Math.abs(gradient[i]);
  }
  const smooth = Float32Array.from(sum, (s) => s / copies);
  return { vanilla, smooth, predicted: clean.predicted, noiseStd, copies };
}
