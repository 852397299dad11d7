/**
 * Direction normalisations of Li et al. 2018 ("Visualizing the Loss Landscape of Neural Nets",
 * sec. 4 and their `net_plotter.normalize_direction`): `filter` rescales each filter of the
 * direction to the norm of the same filter of the weights (eq. 1), `layer` each tensor to the
 * tensor's norm, `weight` multiplies the direction elementwise by the weights, `none` keeps the raw
 * Gaussian. Biases and batch-norm scales and shifts are either zeroed (`bias: "zero"`, their
 * `biasbn`) or normalised like every other tensor (`bias: "include"`). Batch-norm moving
 * statistics are not parameters of the loss and always get a zero direction.
 * @module
 */
import type { ParamLayout } from "../model/layout.ts";
import { gaussianVector } from "../random.ts";
import { forEachFilter } from "./filter_normalize.ts";

/** How a direction is scaled against the weights. */
export type Normalization = "filter" | "layer" | "weight" | "none";

/** What biases and batch-norm scales/shifts get: a zero direction, or the same treatment. */
export type BiasTreatment = "zero" | "include";

/** The allowed words for {@linkcode Normalization}. */
export const NORMALIZATIONS: readonly Normalization[] = ["filter", "layer", "weight", "none"];

/** The allowed words for {@linkcode BiasTreatment}. */
export const BIAS_TREATMENTS: readonly BiasTreatment[] = ["zero", "include"];

/** Options of {@linkcode normalizeDirection} and {@linkcode randomDirection}. */
export interface NormalizeOptions {
  /** Default `"filter"`. */
  norm?: Normalization;
  /** Default `"zero"`. */
  bias?: BiasTreatment;
}

/** Scales `direction[start + i*stride]` (i < length) to the norm of the same weights. */
function matchNorm(
  direction: Float32Array,
  weights: Float32Array,
  start: number,
  stride: number,
  length: number,
): void {
  let weightNorm = 0;
  let directionNorm = 0;
  for (let i = 0, k = start; i < length; i++, k += stride) {
    weightNorm += weights[k] * weights[k];
    directionNorm += direction[k] * direction[k];
  }
  // A zero block of the weights gets a zero direction (the 1e-10 of the reference code).
  const scale = Math.sqrt(weightNorm) / (Math.sqrt(directionNorm) + 1e-10);
  for (let i = 0, k = start; i < length; i++, k += stride) direction[k] *= scale;
}

/**
 * Normalises a direction in place against the weights.
 *
 * @param direction The direction (same layout as `weights`); modified in place.
 * @param weights The weights the direction perturbs.
 * @param layout Their layout.
 * @param options The normalisation and what biases get.
 * @returns `direction`, for chaining.
 * @throws {RangeError} On an unknown word or mismatched lengths.
 * @example
 * ```ts
 * import { normalizeDirection } from "./normalize.ts";
 * import { buildLayout } from "../model/layout.ts";
 * const layout = buildLayout([{ name: "w", shape: [2, 1], role: "kernel" }]);
 * const d = normalizeDirection(new Float32Array([3, 4]), new Float32Array([2, 10]), layout, { norm: "weight" });
 * console.log(d); // Float32Array [6, 40]
 * ```
 */
export function normalizeDirection(
  direction: Float32Array,
  weights: Float32Array,
  layout: ParamLayout,
  options: NormalizeOptions = {},
): Float32Array {
  const { norm = "filter", bias = "zero" } = options;
  if (!NORMALIZATIONS.includes(norm)) {
    throw new RangeError(
      `Normalization must be one of ${NORMALIZATIONS.join(", ")}: got "${norm}"`,
    );
  }
  if (!BIAS_TREATMENTS.includes(bias)) {
    throw new RangeError(`Bias must be one of ${BIAS_TREATMENTS.join(", ")}: got "${bias}"`);
  }
  if (direction.length !== layout.size || weights.length !== layout.size) {
    throw new RangeError(
      `Direction and weights must have ${layout.size} values: got ${direction.length} and ${weights.length}`,
    );
  }
  for (const slot of layout.tensors) {
    const end = slot.offset + slot.size;
    const statistic = slot.role === "moving-mean" || slot.role === "moving-variance";
    if (statistic || (slot.role !== "kernel" && bias === "zero")) {
      direction.fill(0, slot.offset, end);
      continue;
    }
    if (norm === "filter") {
      forEachFilter(
        slot,
        (start, stride, length) => matchNorm(direction, weights, start, stride, length),
      );
    } else if (norm === "layer") {
      matchNorm(direction, weights, slot.offset, 1, slot.size);
    } else if (norm === "weight") {
      for (let k = slot.offset; k < end; k++) direction[k] *= weights[k];
    }
  }
  return direction;
}

/**
 * Draws a Gaussian direction N(0, 1) and normalises it. With the defaults (`filter`, biases
 * zero) it equals `filterNormalizedDirection` for the same seed.
 *
 * @param weights The weights at the centre of the plot.
 * @param layout Their layout.
 * @param seed Seed of the draw.
 * @param options The normalisation and what biases get.
 * @returns The direction, in the same layout.
 * @example
 * ```ts
 * import { randomDirection } from "./normalize.ts";
 * import { buildLayout } from "../model/layout.ts";
 * const layout = buildLayout([{ name: "w", shape: [3, 2], role: "kernel" }]);
 * console.log(randomDirection(new Float32Array(6).fill(1), layout, 7, { norm: "layer" }).length); // 6
 * ```
 */
export function randomDirection(
  weights: Float32Array,
  layout: ParamLayout,
  seed: number,
  options: NormalizeOptions = {},
): Float32Array {
  return normalizeDirection(gaussianVector(layout.size, seed), weights, layout, options);
}
