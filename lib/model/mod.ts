/**
 * Networks: model specs and presets, the resolver (every default filled in once), flat
 * parameter layouts and initialisers (He, Glorot, LeCun). Files in and out: `./model-io`.
 * @module
 */
export {
  buildLayout,
  type ParamLayout,
  type Params,
  slotOf,
  type TensorRole,
  type TensorSlot,
  tensorView,
} from "./layout.ts";
export { heNormal, INIT_NAMES, initialize, type InitName, type InitOptions } from "./init.ts";
export {
  type ActivationLayer,
  type ActivationName,
  ACTIVATIONS,
  type BatchNormLayer,
  type Conv2dLayer,
  type DenseLayer,
  type DropoutLayer,
  type FlattenLayer,
  type GlobalAvgPoolLayer,
  LAYER_TYPES,
  type LayerBase,
  type LayerOf,
  type LayerSpec,
  type LayerType,
  LOSSES,
  type LossName,
  type ModelSpec,
  type NormalizationLayer,
  type OfType,
  type Pair,
  type Pool2dLayer,
  type RescalingLayer,
  type ReshapeLayer,
  type ResidualLayer,
} from "./spec.ts";
export { NORMALIZATION_EPSILON } from "./spec_preprocess.ts";
export { type ResolvedModel, resolveModel } from "./resolve.ts";
export type {
  Pads,
  ResolvedActivation,
  ResolvedActivationFields,
  ResolvedBase,
  ResolvedBatchNorm,
  ResolvedConv2d,
  ResolvedDense,
  ResolvedDropout,
  ResolvedFlatten,
  ResolvedGlobalAvgPool,
  ResolvedLayer,
  ResolvedNormalization,
  ResolvedOf,
  ResolvedPool2d,
  ResolvedRescaling,
  ResolvedReshape,
  ResolvedResidual,
  ResolvedTensor,
  ResolvedWindow,
} from "./resolved_layer.ts";
export { ACTIVATION_ALPHA, activationAlpha, LAYER_DEFAULTS } from "./layer_defaults.ts";
export { windowPads } from "./resolve_window.ts";
export { modelLayout } from "./model_layout.ts";
export { preset, type PresetName, PRESETS } from "./presets.ts";
export { initializeModel } from "./init_model.ts";
