/**
 * Keras layers to our layer specs: one Keras layer (class and config) becomes one `LayerSpec`,
 * with the Keras weight each of our tensors is read from. Activation names are mapped too.
 * @module
 */
import { LosscapeError } from "../../../errors.ts";
import type { LayerSpec, LayerType } from "../../spec.ts";
import { kerasActivation } from "../keras/keras_activation.ts";
import { LAYER_DEFAULTS } from "../../layer_defaults.ts";
import {
  KERAS_INFERENCE_IDENTITY,
  kerasPreprocessToSpec,
  type SpecFill,
} from "../keras/keras_preprocess.ts";

/**
 * The Keras classes read as each of our layer types. A residual block has none of its own: it
 * is an `Add` of its body and shortcut, found in the graph (`keras_graph.ts`).
 */
export const KERAS_CLASSES = {
  dense: ["Dense"],
  conv2d: ["Conv2D"],
  "max-pool2d": ["MaxPooling2D"],
  "avg-pool2d": ["AveragePooling2D"],
  "global-avg-pool2d": ["GlobalAveragePooling2D"],
  flatten: ["Flatten"],
  "batch-norm": ["BatchNormalization"],
  dropout: ["Dropout"],
  activation: ["Activation", "ReLU", "LeakyReLU", "ELU", "Softmax"],
  residual: [],
  reshape: ["Reshape"],
  rescaling: ["Rescaling"],
  normalization: ["Normalization"],
} as const satisfies Record<LayerType, readonly string[]>;

/** Keras layer classes that {@linkcode kerasLayerToSpec} reads (plus `InputLayer` and `Add`). */
export const KERAS_LAYERS: readonly string[] = [
  ...Object.values(KERAS_CLASSES).flat(),
  // The identity at inference, read as a linear activation.
  ...KERAS_INFERENCE_IDENTITY,
];

const ALIASES: Record<string, string> = {
  MaxPool2D: "MaxPooling2D",
  AvgPool2D: "AveragePooling2D",
  GlobalAvgPool2D: "GlobalAveragePooling2D",
};

/** What a Keras layer becomes: our layer, and where its tensors come from. */
export interface ConvertedLayer {
  /** Our layer (named after the Keras layer). */
  layer: LayerSpec;
  /** Keras weight name (`kernel`, `moving_mean`, ...) or a constant fill, per tensor role. */
  weights: Record<string, string | number>;
  /** Spec fields read from stored weights (an adapted Normalization's statistics). */
  fills?: SpecFill[];
}

const pairOf = (value: unknown): number | [number, number] | undefined =>
  Array.isArray(value) ? [value[0], value[1]] : (value as number | undefined) ?? undefined;

/**
 * Converts one Keras layer to our layer spec.
 *
 * @param className The Keras class (`Conv2D`, ...).
 * @param config The layer's config.
 * @param where `file: layer "name" (Class)`, for messages.
 * @returns Our layer and the Keras weight behind each tensor role.
 * @throws {LosscapeError} For an unsupported class or setting.
 * @example
 * ```ts
 * import { kerasLayerToSpec } from "./keras_layers.ts";
 * const { layer } = kerasLayerToSpec("Dense", { name: "d", units: 3, activation: "relu" }, "m.json");
 * console.log(layer); // { type: "dense", name: "d", units: 3, activation: "relu", useBias: true }
 * ```
 */
export function kerasLayerToSpec(
  className: string,
  config: Record<string, unknown>,
  where: string,
): ConvertedLayer {
  const fail = (message: string): never => {
    throw new LosscapeError(`${where}: ${message}`);
  };
  const name = String(config.name);
  const kind = ALIASES[className] ?? className;
  if (config.data_format !== undefined && config.data_format !== null) {
    if (config.data_format !== "channels_last") {
      fail(`data_format must be "channels_last": got ${JSON.stringify(config.data_format)}`);
    }
  }
  const padding = (): "same" | "valid" => {
    const value = config.padding ?? "valid";
    return value === "same" || value === "valid"
      ? value
      : fail(`padding must be "same" or "valid": got ${JSON.stringify(value)}`);
  };
  const activation = () => kerasActivation(config.activation, where);
  const useBias = config.use_bias !== false;
  const linear = { kernel: "kernel", ...(useBias ? { bias: "bias" } : {}) };
  switch (kind) {
    case "Dense":
      return {
        layer: {
          type: "dense",
          name,
          units: Number(config.units),
          activation: activation(),
          useBias,
        },
        weights: linear,
      };
    case "Conv2D": {
      const dilation = pairOf(config.dilation_rate) ?? 1;
      if ([dilation].flat().some((d) => d !== 1)) {
        fail("dilation_rate other than 1 is not supported");
      }
      if ((config.groups ?? 1) !== 1) fail("grouped convolutions (groups > 1) are not supported");
      return {
        layer: {
          type: "conv2d",
          name,
          filters: Number(config.filters),
          kernelSize: pairOf(config.kernel_size)!,
          strides: pairOf(config.strides) ?? 1,
          padding: padding(),
          activation: activation(),
          useBias,
        },
        weights: linear,
      };
    }
    case "MaxPooling2D":
    case "AveragePooling2D": {
      const poolSize = pairOf(config.pool_size) ?? 2;
      return {
        layer: {
          type: kind === "MaxPooling2D" ? "max-pool2d" : "avg-pool2d",
          name,
          poolSize,
          strides: pairOf(config.strides) ?? poolSize,
          padding: padding(),
        },
        weights: {},
      };
    }
    case "GlobalAveragePooling2D":
      if (config.keepdims === true) fail("keepdims: true is not supported (use keepdims: false)");
      return { layer: { type: "global-avg-pool2d", name }, weights: {} };
    case "Flatten":
      return { layer: { type: "flatten", name }, weights: {} };
    case "BatchNormalization": {
      const axis = Array.isArray(config.axis) ? config.axis : [config.axis ?? -1];
      if (axis.length !== 1 || !(axis[0] === -1 || Number(axis[0]) >= 1)) {
        fail(`only batch normalisation over the last axis is supported: got axis ${config.axis}`);
      }
      return {
        layer: {
          type: "batch-norm",
          name,
          // Our batch-norm defaults are Keras's.
          epsilon: Number(config.epsilon ?? LAYER_DEFAULTS.batchNormEpsilon),
          momentum: Number(config.momentum ?? LAYER_DEFAULTS.batchNormMomentum),
        },
        // center/scale false: Keras stores no beta/gamma, which act as 0 and 1.
        weights: {
          gamma: config.scale === false ? 1 : "gamma",
          beta: config.center === false ? 0 : "beta",
          "moving-mean": "moving_mean",
          "moving-variance": "moving_variance",
        },
      };
    }
    case "Dropout":
      return { layer: { type: "dropout", name, rate: Number(config.rate ?? 0) }, weights: {} };
    case "Activation":
      return { layer: { type: "activation", name, activation: activation() }, weights: {} };
    case "Softmax":
      if ((config.axis ?? -1) !== -1) fail(`Softmax must be over axis -1: got ${config.axis}`);
      return { layer: { type: "activation", name, activation: "softmax" }, weights: {} };
    case "ReLU": {
      if (config.max_value !== undefined && config.max_value !== null) {
        fail(`max_value is not supported: got ${config.max_value}`);
      }
      if (Number(config.threshold ?? 0) !== 0) fail(`threshold must be 0: got ${config.threshold}`);
      const slope = Number(config.negative_slope ?? 0);
      return {
        layer: slope === 0
          ? { type: "activation", name, activation: "relu" }
          : { type: "activation", name, activation: "leaky-relu", alpha: slope },
        weights: {},
      };
    }
    case "LeakyReLU": // Keras 2 and TF.js say alpha, Keras 3 negative_slope; both default to 0.3
      return {
        layer: {
          type: "activation",
          name,
          activation: "leaky-relu",
          alpha: Number(config.alpha ?? config.negative_slope ?? 0.3),
        },
        weights: {},
      };
    case "ELU": {
      const alpha = Number(config.alpha ?? 1);
      return {
        layer: alpha === 1
          ? { type: "activation", name, activation: "elu" }
          : { type: "activation", name, activation: "elu", alpha },
        weights: {},
      };
    }
  }
  const preprocess = kerasPreprocessToSpec(kind, config, where);
  if (preprocess) return { layer: preprocess.layer, weights: {}, fills: preprocess.fills };
  return fail(
    `unsupported layer class "${className}": supported are InputLayer, ${
      KERAS_LAYERS.join(", ")
    } and Add (residual blocks)`,
  );
}
