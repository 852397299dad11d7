/**
 * Matching a weights file's layers to a model's the way Keras's `load_weights` does for `.h5`
 * files: by layer order. The layers that have weights are taken in order on both sides; layer
 * names are then only labels. Used when a file's names do not all match the architecture's
 * (a model rebuilt in a fresh session counts its layers on: `dense_12`, not `dense`).
 * @module
 */
import { LosscapeError } from "../../../errors.ts";
import type { KerasH5 } from "../parse/h5_weights.ts";
import type { WeightSource } from "./keras_graph.ts";

/**
 * The architecture's weighted layer names in order: each source's layer, first appearance first.
 *
 * @param sources Our tensors' sources, in layout order.
 * @returns The Keras layer names that weights are read from.
 * @example
 * ```ts
 * import { weightedLayerNames } from "./weights_by_order.ts";
 * const sources = new Map([["a/kernel", { layer: "a", weight: "kernel" }], ["a/bias", { layer: "a", weight: "bias" }]]);
 * console.log(weightedLayerNames(sources)); // ["a"]
 * ```
 */
export function weightedLayerNames(sources: Map<string, WeightSource>): string[] {
  const names: string[] = [];
  for (const source of sources.values()) {
    if ("layer" in source && !names.includes(source.layer)) names.push(source.layer);
  }
  return names;
}

/**
 * The weights of a file renamed after the architecture's layers: by name when every weighted
 * layer of the architecture is in the file, otherwise by the order of the layers with weights.
 *
 * @param h5 The file's weights (Keras 2 layout: layers in `layer_names` order).
 * @param ours The architecture's weighted layer names, in model order.
 * @param path The file, for messages.
 * @returns The store to fill from (the file's own when the names match), and how it matched.
 * @throws {LosscapeError} When the names do not match and the numbers of weighted layers differ.
 * @example
 * ```ts
 * import { matchByOrder } from "./weights_by_order.ts";
 * const weight = { shape: [1], values: new Float32Array([1]) };
 * const h5 = { weights: new Map([["dense_7/kernel", weight]]), unreadable: new Map(), layers: [{ name: "dense_7", weights: ["dense_7/kernel"] }] };
 * console.log([...matchByOrder(h5, ["dense"], "w.h5").store.weights.keys()]); // ["dense/kernel"]
 * ```
 */
export function matchByOrder(
  h5: KerasH5,
  ours: string[],
  path: string,
): { store: Pick<KerasH5, "weights" | "unreadable">; byOrder: boolean } {
  const theirs = h5.layers.filter((layer) => layer.weights.length > 0);
  const names = new Set(theirs.map((layer) => layer.name));
  if (ours.every((name) => names.has(name))) return { store: h5, byOrder: false };
  if (ours.length !== theirs.length) {
    const missing = ours.filter((name) => !names.has(name));
    throw new LosscapeError(
      `${path}: the architecture's layers ${
        missing.join(", ")
      } are not in the file, and matching by order needs as many layers with weights on both sides: the architecture has ${ours.length} (${
        ours.join(", ")
      }), the file ${theirs.length} (${theirs.map((layer) => layer.name).join(", ")})`,
    );
  }
  const weights = new Map(), unreadable = new Map<string, string>();
  theirs.forEach((layer, index) => {
    for (const key of layer.weights) {
      const renamed = `${ours[index]}/${key.slice(layer.name.length + 1)}`;
      const weight = h5.weights.get(key);
      if (weight) weights.set(renamed, weight);
      else unreadable.set(renamed, h5.unreadable.get(key) ?? "unreadable");
    }
  });
  return { store: { weights, unreadable }, byOrder: true };
}
