/**
 * The resolved layers: one type per layer type, every default filled (pairs for windows and
 * strides, pad amounts, activation and alpha, epsilon, momentum), so that whoever runs or
 * exports a model reads numbers instead of re-deriving them. `type` is the discriminant.
 * @module
 */
import type { InitName } from "./init.ts";
import type { TensorRole } from "./layout.ts";
import type {
  ActivationName,
  LayerSpec,
  LayerType,
  NormalizationLayer,
  OfType,
  RescalingLayer,
} from "./spec.ts";

/** One parameter tensor of a layer. */
export interface ResolvedTensor {
  /** Full name, e.g. `res0/conv1/kernel`. */
  name: string;
  /** Shape. */
  shape: number[];
  /** Role (kernel, bias, gamma, ...). */
  role: TensorRole;
}

/** Rows then columns of zeros added around an image: `[[top, bottom], [left, right]]`. */
export type Pads = [[number, number], [number, number]];

/** What every resolved layer has. */
export interface ResolvedBase {
  /** The layer as written. */
  spec: LayerSpec;
  /** Full name, e.g. `conv0` or `res1/bn0`. */
  name: string;
  /** Where it is in the spec, e.g. `layers[3].layers[1]`, for messages. */
  path: string;
  /** Per-sample input shape. */
  inputShape: number[];
  /** Per-sample output shape. */
  outputShape: number[];
  /** Parameter tensors in storage order; a residual's include its body's and its shortcut's. */
  tensors: ResolvedTensor[];
  /** Residual only: the body. */
  body?: ResolvedLayer[];
  /** Residual with a projection: the projection's tensors (kernel, bias). */
  shortcut?: ResolvedTensor[];
  /** Residual with a projection on images: the 1x1 convolution's stride. */
  shortcutStride?: [number, number];
}

/** An activation with its alpha (leaky-ReLU slope, ELU scale; 1 for the others). */
export interface ResolvedActivationFields {
  /** The activation. */
  activation: ActivationName;
  /** Its alpha. */
  alpha: number;
}

/** A resolved fully connected layer. */
export interface ResolvedDense extends ResolvedBase, ResolvedActivationFields {
  /** Layer type. */
  type: "dense";
  /** Output width. */
  units: number;
  /** Whether it has a bias. */
  useBias: boolean;
  /** Kernel initialiser (the layer's, or the model's). */
  init: InitName;
}

/** A window over an image: size, stride and padding per axis. */
export interface ResolvedWindow {
  /** Stride `[h, w]`. */
  strides: [number, number];
  /** TF's padding rule. */
  padding: "same" | "valid";
  /** The zeros that rule adds (all 0 for `"valid"`; `"same"` puts the smaller half first). */
  pads: Pads;
}

/** A resolved 2D convolution. */
export interface ResolvedConv2d extends ResolvedBase, ResolvedActivationFields, ResolvedWindow {
  /** Layer type. */
  type: "conv2d";
  /** Output channels. */
  filters: number;
  /** Kernel `[h, w]`. */
  kernelSize: [number, number];
  /** Whether it has a bias. */
  useBias: boolean;
  /** Kernel initialiser (the layer's, or the model's). */
  init: InitName;
}

/** A resolved max or average pooling. */
export interface ResolvedPool2d extends ResolvedBase, ResolvedWindow {
  /** Layer type. */
  type: "max-pool2d" | "avg-pool2d";
  /** Window `[h, w]`. */
  poolSize: [number, number];
}

/** A resolved global average pooling. */
export interface ResolvedGlobalAvgPool extends ResolvedBase {
  /** Layer type. */
  type: "global-avg-pool2d";
}

/** A resolved flatten. */
export interface ResolvedFlatten extends ResolvedBase {
  /** Layer type. */
  type: "flatten";
}

/** A resolved batch normalisation. */
export interface ResolvedBatchNorm extends ResolvedBase {
  /** Layer type. */
  type: "batch-norm";
  /** Added to the variance. */
  epsilon: number;
  /** Moving-average momentum in training. */
  momentum: number;
}

/** A resolved dropout. */
export interface ResolvedDropout extends ResolvedBase {
  /** Layer type. */
  type: "dropout";
  /** Fraction of units dropped in training. */
  rate: number;
}

/** A resolved stand-alone activation. */
export interface ResolvedActivation extends ResolvedBase, ResolvedActivationFields {
  /** Layer type. */
  type: "activation";
}

/** A resolved residual block: `activation(body(x) + shortcut(x))`. */
export interface ResolvedResidual extends ResolvedBase, ResolvedActivationFields {
  /** Layer type. */
  type: "residual";
  /** The body. */
  body: ResolvedLayer[];
  /** The projection on the skip path (a 1x1 convolution, or dense on flat inputs), if any. */
  projection?: ResolvedConv2d | ResolvedDense;
}

/** A resolved reshape. */
export interface ResolvedReshape extends ResolvedBase {
  /** Layer type. */
  type: "reshape";
  /** The target shape as written (may hold one -1; `outputShape` has the sizes). */
  targetShape: number[];
}

/** A resolved rescaling, `x * scale + offset`. */
export interface ResolvedRescaling extends ResolvedBase, Omit<RescalingLayer, "name"> {
  /** Layer type. */
  type: "rescaling";
  /** Added after scaling. */
  offset: number | number[];
}

/** A resolved normalization, `(x - mean) / max(sqrt(variance), 1e-7)`. */
export interface ResolvedNormalization extends ResolvedBase, Omit<NormalizationLayer, "name"> {
  /** Layer type. */
  type: "normalization";
}

/** Any resolved layer; `type` tells which. */
export type ResolvedLayer =
  | ResolvedDense
  | ResolvedConv2d
  | ResolvedPool2d
  | ResolvedGlobalAvgPool
  | ResolvedFlatten
  | ResolvedBatchNorm
  | ResolvedDropout
  | ResolvedActivation
  | ResolvedResidual
  | ResolvedReshape
  | ResolvedRescaling
  | ResolvedNormalization;

/** The resolved layers of one type, e.g. `ResolvedOf<"conv2d">` is {@linkcode ResolvedConv2d}. */
export type ResolvedOf<T extends LayerType> = OfType<ResolvedLayer, T>;
