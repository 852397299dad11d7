/**
 * The one place that says what a layer field means when a spec leaves it out. The resolver
 * fills every default from here; the TF.js forward pass, the Keras export, the moving
 * statistics and the analyses read the resolved layer and know none of these numbers.
 * @module
 */
import type { ActivationName } from "./spec.ts";

/** Defaults of the layer fields a spec may omit (Keras's, where Keras has the layer). */
export const LAYER_DEFAULTS = {
  /** Activation of dense and conv2d layers. */
  activation: "linear",
  /** Activation after a residual block's sum. */
  residualActivation: "relu",
  /** Shortcut of a residual block. */
  shortcut: "identity",
  /** Padding of convolutions and pooling. */
  padding: "valid",
  /** Padding of a residual block's 1x1 projection (it keeps the body's strided size). */
  projectionPadding: "same",
  /** Convolution stride per axis. */
  convStride: 1,
  /** Pooling window per axis (the stride defaults to the window). */
  poolSize: 2,
  /** Whether dense and conv2d layers have a bias. */
  useBias: true,
  /** Batch-norm epsilon (Keras). */
  batchNormEpsilon: 1e-3,
  /** Batch-norm moving-average momentum (Keras). */
  batchNormMomentum: 0.99,
  /** Rescaling offset. */
  rescalingOffset: 0,
} as const;

/**
 * The `alpha` of each activation when a spec gives none: the leaky-ReLU slope, the ELU scale;
 * the other activations ignore it and carry 1.
 */
export const ACTIVATION_ALPHA = {
  linear: 1,
  relu: 1,
  "leaky-relu": 0.2,
  elu: 1,
  tanh: 1,
  sigmoid: 1,
  gelu: 1,
  softmax: 1,
} as const satisfies Record<ActivationName, number>;

/**
 * An activation's `alpha`: the one given, or its default.
 *
 * @param activation The activation.
 * @param alpha The spec's alpha, if any.
 * @returns The alpha to use (leaky-ReLU slope 0.2, ELU scale 1 unless given).
 * @example
 * ```ts
 * import { activationAlpha } from "./layer_defaults.ts";
 * console.log(activationAlpha("leaky-relu"), activationAlpha("elu", 0.5)); // 0.2 0.5
 * ```
 */
export function activationAlpha(activation: ActivationName, alpha?: number): number {
  return alpha ?? ACTIVATION_ALPHA[activation];
}
