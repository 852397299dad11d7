/**
 * Initial weights of a model spec: each kernel with its layer's scheme (or the model's),
 * biases and betas zero, batch-norm gammas and moving variances one, moving means zero.
 * @module
 */
import type { ParamLayout } from "./layout.ts";
import type { ResolvedLayer, ResolvedModel } from "./resolve.ts";
import { initialize, type InitName } from "./init.ts";

/**
 * Initialises a resolved model's weights from a seed.
 *
 * @param model The resolved model.
 * @param layout Its layout (`modelLayout(model)`).
 * @param seed Seed of the draw.
 * @returns The flat initial weights.
 * @example
 * ```ts
 * import { resolveModel } from "./resolve.ts";
 * import { modelLayout } from "./model_layout.ts";
 * import { initializeModel } from "./init_model.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [4], layers: [{ type: "batch-norm" }, { type: "dense", units: 2, init: "glorot-uniform" }] });
 * console.log(initializeModel(model, modelLayout(model), 0).subarray(0, 4)); // Float32Array [1, 1, 1, 1] (gamma)
 * ```
 */
export function initializeModel(
  model: ResolvedModel,
  layout: ParamLayout,
  seed: number,
): Float32Array {
  const perTensor: Record<string, InitName> = {};
  const visit = (layers: ResolvedLayer[]) => {
    for (const layer of layers) {
      // The resolver filled each kernel's scheme: the layer's, or the model's.
      if (layer.type === "dense" || layer.type === "conv2d") {
        perTensor[`${layer.name}/kernel`] = layer.init;
      }
      if (layer.body) visit(layer.body);
    }
  };
  visit(model.layers);
  const values = initialize(layout, { default: model.spec.init, perTensor }, seed);
  for (const slot of layout.tensors) {
    if (slot.role === "gamma" || slot.role === "moving-variance") {
      values.fill(1, slot.offset, slot.offset + slot.size);
    }
  }
  return values;
}
