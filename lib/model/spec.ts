/**
 * The model spec: a small JSON description of a network (the `--model spec.json` format).
 * A model is a list of layers applied in order; a `residual` layer holds its own list and adds
 * a skip path, which is enough for ResNet-style networks. Tensors are channels-last.
 * @module
 */
import type { InitName } from "./init.ts";
import type { NormalizationLayer, RescalingLayer, ReshapeLayer } from "./spec_preprocess.ts";

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

/** A size per spatial axis, or one number for both. */
export type Pair = number | [number, number];

/** Fields every layer may have. */
export interface LayerBase {
  /** Overrides the generated name (`dense0`, `conv1`, `bn0`, `res0`, ...). */
  name?: string;
}

/** A fully connected layer on the last axis. */
export interface DenseLayer extends LayerBase {
  /** Layer type. */
  type: "dense";
  /** Output width. */
  units: number;
  /** Activation after the layer. Default `"linear"`. */
  activation?: ActivationName;
  /** Slope for `leaky-relu` (default 0.2) or scale for `elu` (default 1). */
  alpha?: number;
  /** Whether the layer has a bias. Default true. */
  useBias?: boolean;
  /** Kernel initialiser; default: the model's. */
  init?: InitName;
}

/** A 2D convolution, channels-last, kernel `[kh, kw, cin, cout]`. */
export interface Conv2dLayer extends LayerBase {
  /** Layer type. */
  type: "conv2d";
  /** Output channels. */
  filters: number;
  /** Kernel height and width. */
  kernelSize: Pair;
  /** 1 or 2 per axis. Default 1. */
  strides?: Pair;
  /** Default `"valid"`. */
  padding?: "same" | "valid";
  /** Activation after the layer. Default `"linear"`. */
  activation?: ActivationName;
  /** Slope for `leaky-relu` (default 0.2) or scale for `elu` (default 1). */
  alpha?: number;
  /** Whether the layer has a bias. Default true. */
  useBias?: boolean;
  /** Kernel initialiser; default: the model's. */
  init?: InitName;
}

/** Max or average pooling over spatial windows. */
export interface Pool2dLayer extends LayerBase {
  /** Layer type. */
  type: "max-pool2d" | "avg-pool2d";
  /** Window height and width. */
  poolSize: Pair;
  /** Default: the pool size. */
  strides?: Pair;
  /** Default `"valid"`. */
  padding?: "same" | "valid";
}

/** Mean over the spatial axes: `[h, w, c]` to `[c]`. */
export interface GlobalAvgPoolLayer extends LayerBase {
  /** Layer type. */
  type: "global-avg-pool2d";
}

/** Reshapes a sample to one axis. */
export interface FlattenLayer extends LayerBase {
  /** Layer type. */
  type: "flatten";
}

/** Batch normalisation over the last axis; at evaluation it uses the moving statistics. */
export interface BatchNormLayer extends LayerBase {
  /** Layer type. */
  type: "batch-norm";
  /** Default 1e-3 (Keras). */
  epsilon?: number;
  /** Moving-average momentum in training. Default 0.99 (Keras). */
  momentum?: number;
}

/** Dropout: identity at evaluation, drops `rate` of the units in training. */
export interface DropoutLayer extends LayerBase {
  /** Layer type. */
  type: "dropout";
  /** Fraction of units dropped in training, in [0, 1). */
  rate: number;
}

/** A stand-alone activation. */
export interface ActivationLayer extends LayerBase {
  /** Layer type. */
  type: "activation";
  /** The activation. */
  activation: ActivationName;
  /** Slope for `leaky-relu` (default 0.2) or scale for `elu` (default 1). */
  alpha?: number;
}

/**
 * `activation(body(x) + shortcut(x))`. The shortcut is the identity, or a 1x1 convolution
 * (`"projection"`) with the body's total stride and output channels.
 */
export interface ResidualLayer extends LayerBase {
  /** Layer type. */
  type: "residual";
  /** The body, applied in order. */
  layers: LayerSpec[];
  /** Default `"identity"`. */
  shortcut?: "identity" | "projection";
  /** Applied after the sum. Default `"relu"`. */
  activation?: ActivationName;
  /** Slope for `leaky-relu` (default 0.2) or scale for `elu` (default 1). */
  alpha?: number;
}

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
