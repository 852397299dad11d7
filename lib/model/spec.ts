/**
 * The model spec: a small JSON description of a network (the `--model spec.json` format).
 * A model is a list of layers applied in order; a `residual` layer holds its own list and adds
 * a skip path, which is enough for ResNet-style networks. Tensors are channels-last.
 * @module
 */
import type { InitName } from "./init.ts";
import type {
  ActivationLayer,
  BatchNormLayer,
  Conv2dLayer,
  DenseLayer,
  DropoutLayer,
  FlattenLayer,
  GlobalAvgPoolLayer,
  Pool2dLayer,
  ResidualLayer,
} from "./spec_layers.ts";
import type { NormalizationLayer, RescalingLayer, ReshapeLayer } from "./spec_preprocess.ts";

export type * from "./spec_layers.ts";
export type { NormalizationLayer, RescalingLayer, ReshapeLayer } from "./spec_preprocess.ts";

/** Activations, applied element-wise (softmax over the last axis). */
export type ActivationName =
  | "linear"
  | "relu"
  | "leaky-relu"
  | "elu"
  | "tanh"
  | "sigmoid"
  | "gelu"
  | "softmax";

/** The activations a layer may name. */
export const ACTIVATIONS: readonly ActivationName[] = [
  "linear",
  "relu",
  "leaky-relu",
  "elu",
  "tanh",
  "sigmoid",
  "gelu",
  "softmax",
];

/**
 * Losses on the model's outputs.
 * - `softmax-cross-entropy`: outputs are logits over `classes` (a final `softmax` activation is
 *   fused into the loss, so both conventions give the same numbers);
 * - `binary-cross-entropy`: one output, a logit (a final `sigmoid` is fused likewise), labels 0/1;
 * - `mse`: mean over outputs of the squared error against the one-hot label;
 * - `probability-cross-entropy`: Keras's `categorical_crossentropy` on outputs that are already
 *   probabilities (a final sigmoid, say): each output divided by their sum, clipped to
 *   [1e-7, 1 - 1e-7], then -log of the label's (nothing is fused).
 */
export type LossName =
  | "softmax-cross-entropy"
  | "binary-cross-entropy"
  | "mse"
  | "probability-cross-entropy";

/** The losses a model may name. */
export const LOSSES: readonly LossName[] = [
  "softmax-cross-entropy",
  "binary-cross-entropy",
  "mse",
  "probability-cross-entropy",
];

/** Any layer. */
export type LayerSpec =
  | DenseLayer
  | Conv2dLayer
  | Pool2dLayer
  | GlobalAvgPoolLayer
  | FlattenLayer
  | BatchNormLayer
  | DropoutLayer
  | ActivationLayer
  | ResidualLayer
  | ReshapeLayer
  | RescalingLayer
  | NormalizationLayer;

/** The layer types a spec may use; every table keyed by layer type is checked against it. */
export const LAYER_TYPES = [
  "dense",
  "conv2d",
  "max-pool2d",
  "avg-pool2d",
  "global-avg-pool2d",
  "flatten",
  "batch-norm",
  "dropout",
  "activation",
  "residual",
  "reshape",
  "rescaling",
  "normalization",
] as const;

/** A layer type, e.g. `"conv2d"`. */
export type LayerType = typeof LAYER_TYPES[number];

/**
 * The members of a union whose `type` can be every one of `T` (`Pool2dLayer` serves both
 * `"max-pool2d"` and `"avg-pool2d"`, where `Extract` would find neither).
 */
export type OfType<Union, T> = Union extends { type: infer U } ? ([T] extends [U] ? Union : never)
  : never;

/** The spec of the layers of one type, e.g. `LayerOf<"conv2d">` is {@linkcode Conv2dLayer}. */
export type LayerOf<T extends LayerType> = OfType<LayerSpec, T>;

/** A network: input shape per sample, layers in order, and the loss on its outputs. */
export interface ModelSpec {
  /** Always `"sequential"`. */
  kind: "sequential";
  /** Shape of one sample: `[features]` or `[height, width, channels]`. */
  inputShape: number[];
  /** Layers applied in order. */
  layers: LayerSpec[];
  /** Loss on the outputs. Default `"softmax-cross-entropy"`. */
  loss?: LossName;
  /** Default kernel initialiser. Default `"he-normal"`. */
  init?: InitName;
}
