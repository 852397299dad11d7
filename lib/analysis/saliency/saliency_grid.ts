/**
 * Saliency for the report: on image data, vanilla and SmoothGrad maps for a grid of test images,
 * half predicted right and half wrong (as many wrong ones as there are); on any data, the mean
 * |dL/dx| per input feature over the evaluation set (a bar chart for tabular data).
 * @module
 */
import type { Tfjs } from "../../train/tfjs.ts";
import type { Dataset } from "../../data/dataset.ts";
import type { ParamLayout } from "../../model/layout.ts";
import type { ResolvedModel } from "../../model/resolve.ts";
import { selectSamples } from "../../data/split.ts";
import { inputGradients, saliencyMaps, type SaliencyOptions } from "./saliency.ts";

/** Saliency maps of a grid of images. */
export interface ImageSaliency {
  /** Image height and width (channels are summed). */
  height: number;
  /** Image width. */
  width: number;
  /** Each image: its index in the test samples, true and predicted labels. */
  images: { index: number; label: number; predicted: number }[];
  /** The images, `[n, height, width]` (channels averaged). */
  inputs: Float32Array;
  /** |dL/dx| summed over channels, `[n, height, width]`. */
  vanilla: Float32Array;
  /** SmoothGrad, `[n, height, width]`. */
  smooth: Float32Array;
  /** Standard deviation of SmoothGrad's noise, in input units. */
  noiseStd: number;
  /** Noisy copies per image. */
  copies: number;
}

function sumChannels(values: Float32Array, count: number, pixels: number, channels: number) {
  const out = new Float32Array(count * pixels);
  for (let i = 0; i < out.length; i++) {
    for (let c = 0; c < channels; c++) out[i] += values[i * channels + c];
  }
  return out;
}

/**
 * Maps for `count` test images, half right and half wrong where possible.
 *
 * @param tf TF.js.
 * @param model The resolved model.
 * @param layout Its layout.
 * @param values The weights.
 * @param test Image samples (`shape` [h, w, c]).
 * @param count Images in the grid. Default 16.
 * @param options SmoothGrad copies, noise and seed.
 * @returns The grid's maps.
 * @throws {RangeError} When the samples are not images.
 * @example
 * ```ts ignore
 * const grid = imageSaliency(tf, model, layout, values, data.test, 16);
 * ```
 */
export function imageSaliency(
  tf: Tfjs,
  model: ResolvedModel,
  layout: ParamLayout,
  values: Float32Array,
  test: Dataset,
  count = 16,
  options: SaliencyOptions = {},
): ImageSaliency {
  if (test.shape?.length !== 3) {
    throw new RangeError("Saliency maps need image samples [height, width, channels]");
  }
  const [height, width, channels] = test.shape;
  const pool = selectSamples(test, Array.from({ length: Math.min(test.count, 512) }, (_, i) => i));
  const { predicted } = inputGradients(tf, model, layout, values, pool);
  const right: number[] = [], wrong: number[] = [];
  for (let i = 0; i < pool.count; i++) (predicted[i] === pool.y[i] ? right : wrong).push(i);
  const wrongTaken = wrong.slice(0, Math.min(wrong.length, Math.floor(count / 2)));
  const chosen = [...right.slice(0, count - wrongTaken.length), ...wrongTaken];
  const samples = selectSamples(pool, chosen);
  const maps = saliencyMaps(tf, model, layout, values, samples, options);
  const pixels = height * width;
  return {
    height,
    width,
    images: chosen.map((index, i) => ({
      index,
      label: pool.y[index],
      predicted: maps.predicted[i],
    })),
    inputs: sumChannels(samples.x, chosen.length, pixels, channels).map((v) => v / channels),
    vanilla: sumChannels(maps.vanilla, chosen.length, pixels, channels),
    smooth: sumChannels(maps.smooth, chosen.length, pixels, channels),
    noiseStd: maps.noiseStd,
    copies: maps.copies,
  };
}

/**
 * Mean |dL/dx| per input feature over a dataset.
 *
 * @param tf TF.js.
 * @param model The resolved model.
 * @param layout Its layout.
 * @param values The weights.
 * @param data The samples.
 * @returns One value per feature.
 * @example
 * ```ts
 * import { loadTfjs } from "../../train/tfjs.ts";
 * import { resolveModel } from "../../model/resolve.ts";
 * import { modelLayout } from "../../model/model_layout.ts";
 * import { featureSaliency } from "./saliency_grid.ts";
 * const tf = await loadTfjs();
 * const model = resolveModel({ kind: "sequential", inputShape: [2], layers: [{ type: "dense", units: 2 }] });
 * const data = { x: new Float32Array([1, 1]), y: new Int32Array([0]), count: 1, features: 2, classes: 2 };
 * console.log(featureSaliency(tf, model, modelLayout(model), new Float32Array([1, 0, 0, 0, 0, 0]), data).length); // 2
 * ```
 */
export function featureSaliency(
  tf: Tfjs,
  model: ResolvedModel,
  layout: ParamLayout,
  values: Float32Array,
  data: Dataset,
): Float32Array {
  const { gradient } = inputGradients(tf, model, layout, values, data);
  const mean = new Float64Array(data.features);
  for (let i = 0; i < gradient.length; i++) mean[i % data.features] += Math.abs(gradient[i]);
  return Float32Array.from(mean, (v) => v / data.count);
}
