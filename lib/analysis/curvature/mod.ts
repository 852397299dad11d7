/**
 * Curvature of the loss: exact Hessian-vector products, top and smallest eigenvalues (Lanczos),
 * trace (Hutchinson), spectral density (SLQ), per layer; epsilon-sharpness; the convexity map;
 * local minima of scanned grids; curvature over training. (The TF.js-level pieces behind the
 * Hessian-vector product, forward-mode tangents of layers and losses, stay internal.)
 * @module
 */
export {
  type CheckpointCurvature,
  checkpointCurvature,
  type CheckpointCurvatureOptions,
} from "./checkpoint_curvature.ts";
export { type ConvexityMap, convexityMap, type ConvexityOptions } from "./convexity_map.ts";
export {
  epsilonSharpness,
  type Objective,
  type SharpnessOptions,
  type SharpnessResult,
} from "./epsilon_sharpness.ts";
export {
  createHessianOperator,
  type HessianOperator,
  type HessianOperatorOptions,
} from "./hessian_operator.ts";
export {
  type BlockSpectrum,
  type HessianSpectrum,
  hessianSpectrum,
  type Reported,
  type SpectrumOptions,
} from "./hessian_spectrum.ts";
export { hutchinsonTrace, type TraceOptions, type TraceResult } from "./hutchinson_trace.ts";
export {
  lanczos,
  type LanczosOptions,
  type LanczosState,
  type RitzPairs,
  ritzPairs,
  ritzVector,
} from "./lanczos.ts";
export { type LayerBlock, layerBlocks, selectLayerBlocks } from "./layer_blocks.ts";
export { type LinearOperator, matrixOperator } from "./linear_operator.ts";
export { findLocalMinima, type LocalMinimum } from "./local_minima.ts";
export { compareQuadraticModel, type QuadraticComparison } from "./quadratic_model.ts";
export { type DensityOptions, type DensityResult, spectralDensity } from "./spectral_density.ts";
export {
  type EigenOptions,
  type EigenResult,
  smallestEigen,
  type SmallestEigenOptions,
  topEigen,
} from "./top_eigen.ts";
export { writeSpectrumFiles } from "./spectrum_files.ts";

// Types of other entries that this entry's functions take or return (type-only: nothing loads).
export type { Dataset } from "../../data/dataset.ts";
export type { ModelSpec } from "../../model/spec.ts";
export type { ParamLayout } from "../../model/layout.ts";
export type { ResolvedModel } from "../../model/resolve.ts";
export type { TensorSlot } from "../../model/layout.ts";
export type { InitName } from "../../model/init.ts";
export type { LayerSpec } from "../../model/spec.ts";
export type { LossName } from "../../model/spec.ts";
export type { ResolvedLayer } from "../../model/resolve.ts";
export type { TensorRole } from "../../model/layout.ts";
export type { ActivationLayer } from "../../model/spec.ts";
export type { BatchNormLayer } from "../../model/spec.ts";
export type { Conv2dLayer } from "../../model/spec.ts";
export type { DenseLayer } from "../../model/spec.ts";
export type { DropoutLayer } from "../../model/spec.ts";
export type { FlattenLayer } from "../../model/spec.ts";
export type { GlobalAvgPoolLayer } from "../../model/spec.ts";
export type { NormalizationLayer } from "../../model/spec_preprocess.ts";
export type { Pool2dLayer } from "../../model/spec.ts";
export type { RescalingLayer } from "../../model/spec_preprocess.ts";
export type { ReshapeLayer } from "../../model/spec_preprocess.ts";
export type { ResidualLayer } from "../../model/spec.ts";
export type { ResolvedTensor } from "../../model/resolved_layer.ts";
export type { ActivationName } from "../../model/spec.ts";
export type { LayerBase } from "../../model/spec.ts";
export type { Pair } from "../../model/spec.ts";
