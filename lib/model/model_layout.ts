/**
 * The flat parameter layout of a model spec.
 * @module
 */
import { buildLayout, type ParamLayout } from "./layout.ts";
import { type ResolvedModel, resolveModel } from "./resolve.ts";
import type { ModelSpec } from "./spec.ts";

/**
 * The layout of a model: every layer's tensors in spec order (a residual block's body, then
 * its shortcut).
 *
 * @param model A spec or an already resolved model.
 * @returns The layout.
 * @throws {LosscapeError} When the spec is invalid.
 * @example
 * ```ts
 * import { modelLayout } from "./model_layout.ts";
 * const layout = modelLayout({ kind: "sequential", inputShape: [784], layers: [{ type: "dense", units: 10 }] });
 * console.log(layout.size); // 7850
 * ```
 */
export function modelLayout(model: ModelSpec | ResolvedModel): ParamLayout {
  const resolved = "layers" in model && "outputShape" in model
    ? model as ResolvedModel
    : resolveModel(model as ModelSpec);
  return buildLayout(resolved.layers.flatMap((layer) => layer.tensors));
}
