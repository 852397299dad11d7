/**
 * The flat parameter layout of a model spec (and the older MLP-only spec as a model spec).
 * @module
 */
import { buildLayout, type ParamLayout } from "./layout.ts";
import type { MlpSpec } from "./mlp.ts";
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

/**
 * The same network as a model spec: dense layers with the MLP's activation between them (names
 * `dense0/kernel`, `dense0/bias`, ...).
 *
 * @param spec The MLP.
 * @returns The model spec.
 * @example
 * ```ts
 * import { mlpToModel } from "./model_layout.ts";
 * const spec = mlpToModel({ kind: "mlp", inputSize: 784, hidden: [128], classes: 10, activation: "relu" });
 * console.log(spec.layers.length); // 2
 * ```
 */
export function mlpToModel(spec: MlpSpec): ModelSpec {
  return {
    kind: "sequential",
    inputShape: [spec.inputSize],
    layers: [
      ...spec.hidden.map((units) => ({
        type: "dense" as const,
        units,
        activation: spec.activation,
      })),
      { type: "dense", units: spec.classes },
    ],
    loss: spec.loss ?? "softmax-cross-entropy",
  };
}
