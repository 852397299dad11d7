/**
 * Layers without trainable weights that reshape or rescale the data on its way in, as Keras
 * models use them: `Reshape` (e.g. `[784]` to `[28, 28, 1]`), `Rescaling` (`x * scale +
 * offset`) and `Normalization` (adapted mean and variance). Their numbers live in the spec, not
 * in the parameters, so they never move across a landscape.
 * @module
 */
import type { LayerBase } from "./spec_layers.ts";

/** A pure change of shape on channels-last, row-major data (no values move). */
export interface ReshapeLayer extends LayerBase {
  /** Layer type. */
  type: "reshape";
  /** The per-sample output shape, `[features]`, `[width, channels]` or `[h, w, c]`; one -1 allowed. */
  targetShape: number[];
}

/** `x * scale + offset`, element-wise; per-channel values are lists over the last axis. */
export interface RescalingLayer extends LayerBase {
  /** Layer type. */
  type: "rescaling";
  /** The factor, one number or one per channel. */
  scale: number | number[];
  /** Added after scaling. Default 0. */
  offset?: number | number[];
}

/**
 * `(x - mean) / max(sqrt(variance), 1e-7)` per channel of the last axis (Keras
 * `Normalization`, with the statistics `adapt()` found).
 */
export interface NormalizationLayer extends LayerBase {
  /** Layer type. */
  type: "normalization";
  /** The mean, one number or one per channel. */
  mean: number | number[];
  /** The variance, one number or one per channel (>= 0). */
  variance: number | number[];
}

/** Keras divides by `max(sqrt(variance), epsilon)` with this epsilon. */
export const NORMALIZATION_EPSILON = 1e-7;

/**
 * The per-channel affine map `x * scale + offset` of a rescaling or normalization layer.
 *
 * @param layer The layer.
 * @param channels Channels of its input (the last axis).
 * @returns `scale` and `offset`, one value per channel.
 * @example
 * ```ts
 * import { channelAffine } from "./spec_preprocess.ts";
 * const { scale, offset } = channelAffine({ type: "normalization", mean: 2, variance: 4 }, 1);
 * console.log(scale, offset); // [0.5] [-1]
 * ```
 */
export function channelAffine(
  layer: RescalingLayer | NormalizationLayer,
  channels: number,
): { scale: number[]; offset: number[] } {
  const perChannel = (value: number | number[] | undefined, fallback: number) =>
    Array.from(
      { length: channels },
      (_, c) => Array.isArray(value) ? value[c] : value ?? fallback,
    );
  if (layer.type === "rescaling") {
    return { scale: perChannel(layer.scale, 1), offset: perChannel(layer.offset, 0) };
  }
  const mean = perChannel(layer.mean, 0);
  const scale = perChannel(layer.variance, 1).map((v) =>
    1 / Math.max(Math.sqrt(v), NORMALIZATION_EPSILON)
  );
  return { scale, offset: mean.map((m, c) => -m * scale[c]) };
}
