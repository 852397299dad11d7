/**
 * The layers the analyses report on: the model's top-level layers that own trainable tensors
 * (a residual block counts as one layer, with its body's and shortcut's tensors).
 * @module
 */
import type { ParamLayout, TensorSlot } from "../model/layout.ts";
import type { ResolvedLayer, ResolvedModel } from "../model/resolve.ts";

/** A layer and its trainable tensors. */
export interface ParameterLayer {
  /** The layer's name, e.g. `dense0` or `res1`. */
  name: string;
  /** The resolved layer. */
  layer: ResolvedLayer;
  /** Its trainable tensors (kernels, biases, gamma, beta), in layout order. */
  slots: TensorSlot[];
  /** Number of trainable weights. */
  size: number;
}

/**
 * The top-level layers that own trainable tensors, in model order.
 *
 * @param model The resolved model.
 * @param layout Its layout.
 * @returns One entry per such layer.
 * @example
 * ```ts
 * import { resolveModel } from "../model/resolve.ts";
 * import { modelLayout } from "../model/model_layout.ts";
 * import { parameterLayers } from "./layers.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [4], layers: [{ type: "dense", units: 3 }, { type: "dropout", rate: 0.5 }, { type: "dense", units: 2 }] });
 * console.log(parameterLayers(model, modelLayout(model)).map((l) => `${l.name}:${l.size}`)); // ["dense0:15", "dense1:8"]
 * ```
 */
export function parameterLayers(model: ResolvedModel, layout: ParamLayout): ParameterLayer[] {
  const trainable = layout.tensors.filter((slot) => !slot.role.startsWith("moving-"));
  return model.layers.flatMap((layer) => {
    const own = new Set(layer.tensors.map((tensor) => tensor.name));
    const slots = trainable.filter((slot) => own.has(slot.name));
    if (slots.length === 0) return [];
    return [{ name: layer.name, layer, slots, size: slots.reduce((n, slot) => n + slot.size, 0) }];
  });
}

/**
 * Gathers a layer's entries of a flat vector (weights, gradient, importance) into one array.
 *
 * @param layer The layer.
 * @param flat A vector in the layout's order.
 * @returns The layer's entries, tensor after tensor.
 * @example
 * ```ts
 * import { buildLayout } from "../model/layout.ts";
 * import { layerValues } from "./layers.ts";
 * const slots = buildLayout([{ name: "a", shape: [2], role: "bias" }, { name: "b", shape: [1], role: "bias" }]).tensors;
 * console.log(layerValues({ slots: [slots[1]] }, new Float32Array([1, 2, 3]))); // [3]
 * ```
 */
export function layerValues(
  layer: Pick<ParameterLayer, "slots">,
  flat: ArrayLike<number>,
): Float32Array {
  const size = layer.slots.reduce((n, slot) => n + slot.size, 0);
  const out = new Float32Array(size);
  let at = 0;
  for (const slot of layer.slots) {
    for (let i = 0; i < slot.size; i++) out[at++] = flat[slot.offset + i];
  }
  return out;
}
