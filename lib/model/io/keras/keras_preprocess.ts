/**
 * The weightless Keras input layers both ways: `Reshape`, `Rescaling` and `Normalization` to
 * our `reshape`, `rescaling` and `normalization`, and back. An adapted `Normalization` keeps its
 * mean and variance as weights (`mean`, `variance`, `count`), not in its config: the loader then
 * copies them into the spec ({@linkcode SpecFill}).
 * @module
 */
import { LosscapeError } from "../../../errors.ts";
import type { NormalizationLayer, RescalingLayer, ReshapeLayer } from "../../spec_preprocess.ts";
import type { ActivationLayer } from "../../spec.ts";

/** A spec field to be filled from a stored weight (an adapted Normalization's statistics). */
export interface SpecFill {
  /** The spec layer to fill (filled in place). */
  target: NormalizationLayer;
  /** The field. */
  field: "mean" | "variance";
  /** The Keras layer holding the weight. */
  layer: string;
  /** The weight's name. */
  weight: string;
}

/**
 * Layers that are the identity at inference: random augmentation and noise, active only while
 * Keras trains. They are read as a linear activation (losscape's own `--augment` augments).
 */
export const KERAS_INFERENCE_IDENTITY: readonly string[] = [
  "RandomFlip",
  "RandomRotation",
  "RandomZoom",
  "RandomTranslation",
  "RandomContrast",
  "RandomBrightness",
  "RandomHeight",
  "RandomWidth",
  "GaussianNoise",
  "GaussianDropout",
  "AlphaDropout",
  "SpatialDropout2D",
];

/** The Keras classes read here. */
export const KERAS_PREPROCESS_LAYERS: readonly string[] = [
  "Reshape",
  "Rescaling",
  "Normalization",
  ...KERAS_INFERENCE_IDENTITY,
];

const numbers = (value: unknown): number | number[] | undefined => {
  if (typeof value === "number") return value;
  if (Array.isArray(value)) {
    const flat = value.flat(3);
    if (flat.every((v) => typeof v === "number")) return flat.length === 1 ? flat[0] : flat;
  }
  return undefined;
};

/**
 * Converts a Keras Reshape, Rescaling or Normalization layer.
 *
 * @param className The Keras class.
 * @param config Its config.
 * @param where `file: layer "name" (Class)`, for messages.
 * @returns Our layer, and for an adapted Normalization the fields its weights fill; undefined
 * for other classes.
 * @throws {LosscapeError} For settings we cannot represent (another axis, `invert: true`).
 * @example
 * ```ts
 * import { kerasPreprocessToSpec } from "./keras_preprocess.ts";
 * const converted = kerasPreprocessToSpec("Rescaling", { name: "r", scale: 0.5, offset: 0 }, "m.json");
 * console.log(converted?.layer); // { type: "rescaling", name: "r", scale: 0.5, offset: 0 }
 * ```
 */
export function kerasPreprocessToSpec(
  className: string,
  config: Record<string, unknown>,
  where: string,
): {
  layer: ReshapeLayer | RescalingLayer | NormalizationLayer | ActivationLayer;
  fills: SpecFill[];
} | undefined {
  const fail = (message: string): never => {
    throw new LosscapeError(`${where}: ${message}`);
  };
  const name = String(config.name);
  if (KERAS_INFERENCE_IDENTITY.includes(className)) {
    return { layer: { type: "activation", name, activation: "linear" }, fills: [] };
  }
  switch (className) {
    case "Reshape":
      return {
        layer: { type: "reshape", name, targetShape: (config.target_shape ?? []) as number[] },
        fills: [],
      };
    case "Rescaling": {
      const scale = numbers(config.scale ?? 1);
      const offset = numbers(config.offset ?? 0);
      if (scale === undefined || offset === undefined) {
        fail(`scale and offset must be numbers or lists of numbers: got ${config.scale}`);
      }
      return { layer: { type: "rescaling", name, scale: scale!, offset: offset! }, fills: [] };
    }
    case "Normalization": {
      const axis = Array.isArray(config.axis) ? config.axis : [config.axis ?? -1];
      if (axis.length !== 1 || axis[0] !== -1) {
        fail(`only normalization over the last axis (axis -1) is supported: got ${config.axis}`);
      }
      if (config.invert === true) fail("invert: true is not supported");
      const mean = numbers(config.mean), variance = numbers(config.variance);
      const layer: NormalizationLayer = {
        type: "normalization",
        name,
        mean: mean ?? 0,
        variance: variance ?? 1,
      };
      // Without statistics in the config they are the adapted weights.
      const fills: SpecFill[] = mean === undefined || variance === undefined
        ? (["mean", "variance"] as const).map((field) => ({
          target: layer,
          field,
          layer: name,
          weight: field,
        }))
        : [];
      return { layer, fills };
    }
  }
  return undefined;
}

/**
 * Our weightless input layer as a Keras layer (class and config, without a name).
 *
 * @param layer Our reshape, rescaling (offset filled, as the resolver does) or normalization layer.
 * @returns The Keras class and config.
 * @example
 * ```ts
 * import { preprocessToKeras } from "./keras_preprocess.ts";
 * console.log(preprocessToKeras({ type: "reshape", targetShape: [2, 2, 1] })); // { class_name: "Reshape", config: { target_shape: [2, 2, 1] } }
 * ```
 */
export function preprocessToKeras(
  layer: ReshapeLayer | (RescalingLayer & { offset: number | number[] }) | NormalizationLayer,
): { class_name: string; config: Record<string, unknown> } {
  switch (layer.type) {
    case "reshape":
      return { class_name: "Reshape", config: { target_shape: layer.targetShape } };
    case "rescaling":
      return { class_name: "Rescaling", config: { scale: layer.scale, offset: layer.offset } };
    case "normalization":
      return {
        class_name: "Normalization",
        config: { axis: -1, mean: layer.mean, variance: layer.variance, invert: false },
      };
  }
}
