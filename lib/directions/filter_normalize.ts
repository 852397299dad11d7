/**
 * Random directions with filter normalisation (Li et al. 2018, "Visualizing
 * the Loss Landscape of Neural Nets", sec. 4, eq. 1): each filter of the
 * direction is rescaled to the norm of the same filter of the weights, so that
 * the landscape does not depend on the scale invariance of ReLU networks.
 * @module
 */
import type { ParamLayout, TensorSlot } from "../model/layout.ts";
import { gaussianVector } from "../random.ts";

/** What a bias direction becomes. */
export type BiasMode = "zero" | "filter";

/** Options for {@linkcode filterNormalizedDirection}. */
export interface DirectionOptions {
  /** `"zero"` (default, Li et al.'s `biasbn` choice) leaves biases and batch-norm tensors unperturbed; `"filter"` scales each such direction tensor to the norm of its weights. */
  bias?: BiasMode;
}

const BIAS_MODES: readonly BiasMode[] = ["zero", "filter"];

/**
 * Visits each filter of a tensor: for a kernel whose last axis is the output
 * (dense `[in, out]`, conv `[kh, kw, in, out]`), filter j is the strided column of output j;
 * any other tensor is one filter.
 *
 * @param slot The tensor.
 * @param visit Called with the first index, the stride and the length of each filter.
 * @returns Nothing.
 * @example
 * ```ts
 * import { forEachFilter } from "./filter_normalize.ts";
 * const slot = { name: "w", shape: [3, 2], offset: 0, size: 6, role: "kernel" as const };
 * forEachFilter(slot, (start, stride, length) => console.log(start, stride, length)); // 0 2 3, then 1 2 3
 * ```
 */
export function forEachFilter(
  slot: TensorSlot,
  visit: (start: number, stride: number, length: number) => void,
): void {
  if (slot.role !== "kernel") {
    visit(slot.offset, 1, slot.size);
    return;
  }
  const outputs = slot.shape[slot.shape.length - 1];
  const length = slot.size / outputs;
  for (let j = 0; j < outputs; j++) visit(slot.offset + j, outputs, length);
}

/**
 * Rescales a direction in place, filter by filter, to the norms of the weights' filters.
 *
 * @param direction The direction (same layout as `weights`); modified in place.
 * @param weights The weights the direction perturbs.
 * @param layout Their layout.
 * @param options How biases are treated.
 * @returns `direction`, for chaining.
 * @throws {RangeError} On an unknown bias mode or mismatched lengths.
 * @example
 * ```ts
 * import { filterNormalize } from "./filter_normalize.ts";
 * import { buildLayout } from "../model/layout.ts";
 * const layout = buildLayout([{ name: "w", shape: [2, 1], role: "kernel" }]);
 * const d = filterNormalize(new Float32Array([3, 4]), new Float32Array([0, 10]), layout);
 * console.log(d); // Float32Array [6, 8]
 * ```
 */
export function filterNormalize(
  direction: Float32Array,
  weights: Float32Array,
  layout: ParamLayout,
  options: DirectionOptions = {},
): Float32Array {
  const { bias = "zero" } = options;
  if (!BIAS_MODES.includes(bias)) {
    throw new RangeError(`Bias mode must be one of ${BIAS_MODES.join(", ")}: got "${bias}"`);
  }
  if (direction.length !== layout.size || weights.length !== layout.size) {
    throw new RangeError(
      `Direction and weights must have ${layout.size} values: got ${direction.length} and ${weights.length}`,
    );
  }
  for (const slot of layout.tensors) {
    if (slot.role !== "kernel" && bias === "zero") {
      direction.fill(0, slot.offset, slot.offset + slot.size);
      continue;
    }
    forEachFilter(slot, (start, stride, length) => {
      let weightNorm = 0;
      let directionNorm = 0;
      for (let i = 0, k = start; i < length; i++, k += stride) {
        weightNorm += weights[k] * weights[k];
        directionNorm += direction[k] * direction[k];
      }
      // A zero filter of the weights gets a zero direction (the 1e-10 of the reference code).
      const scale = Math.sqrt(weightNorm) / (Math.sqrt(directionNorm) + 1e-10);
      for (let i = 0, k = start; i < length; i++, k += stride) direction[k] *= scale;
    });
  }
  return direction;
}

/**
 * Draws a Gaussian direction N(0, 1) and filter-normalises it against the weights.
 *
 * @param weights The weights at the centre of the plot.
 * @param layout Their layout.
 * @param seed Seed of the draw.
 * @param options How biases are treated.
 * @returns The direction, in the same layout.
 * @example
 * ```ts
 * import { filterNormalizedDirection } from "./filter_normalize.ts";
 * import { buildLayout } from "../model/layout.ts";
 * const layout = buildLayout([{ name: "w", shape: [3, 2], role: "kernel" }]);
 * const d = filterNormalizedDirection(new Float32Array(6).fill(1), layout, 7);
 * console.log(d.length); // 6
 * ```
 */
export function filterNormalizedDirection(
  weights: Float32Array,
  layout: ParamLayout,
  seed: number,
  options: DirectionOptions = {},
): Float32Array {
  return filterNormalize(gaussianVector(layout.size, seed), weights, layout, options);
}
