/**
 * The spec of the network's own layers (dense, convolution, pooling, flatten, batch norm,
 * dropout, activation, residual): the fields a model file may give each, with their defaults.
 * The input layers that only reshape or rescale are in `spec_preprocess.ts`; the union of all
 * layers and the model around them in `spec.ts`.
 * @module
 */
import type { InitName } from "./init.ts";
import type { ActivationName, LayerSpec } from "./spec.ts";

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
