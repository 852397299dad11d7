/**
 * Fills our flat parameter vector from weights read from a file (a TF.js manifest or a Keras
 * `.h5`), tensor by tensor through the sources that the topology conversion found, checking
 * every shape against the layer.
 * @module
 */
import { LosscapeError } from "../../../errors.ts";
import type { Params } from "../../layout.ts";
import { modelLayout } from "../../model_layout.ts";
import type { ModelSpec } from "../../spec.ts";
import type { WeightSource } from "./keras_graph.ts";
import type { SpecFill } from "../keras/keras_preprocess.ts";
import type { StoredWeight } from "../parse/weights_manifest.ts";

/** Weights read from a file, by `layer/weight` name. */
export interface WeightStore {
  /** Float32 weights by name (without `:0`). */
  weights: Map<string, StoredWeight>;
  /** Names of weights present but not float32, with what they are (`of dtype int32`). */
  unreadable?: Map<string, string>;
}

const shapeText = (shape: number[]) => `[${shape.join(", ")}]`;

/** Finds `layer/weight`, or the one stored name that ends with `/layer/weight` (nested scopes). */
function lookup(names: Iterable<string>, key: string): string | undefined {
  const all = [...names];
  if (all.includes(key)) return key;
  const nested = all.filter((name) => name.endsWith(`/${key}`));
  return nested.length === 1 ? nested[0] : undefined;
}

/**
 * Builds the parameters of a spec from stored weights.
 *
 * @param spec The model spec (its layout decides the order).
 * @param sources Our tensor name to its Keras layer and weight, or a constant fill.
 * @param store The weights read from the file.
 * @param file The weights file, for messages.
 * @param fills Spec fields read from the store first (an adapted Normalization's statistics).
 * @returns The parameters in our layout.
 * @throws {LosscapeError} Naming the file, layer and weight when a weight is missing, not
 * float32, or of the wrong shape.
 * @example
 * ```ts
 * import { fillParams } from "./fill_params.ts";
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, name: "d", units: 1, useBias: false }] };
 * const sources = new Map([["d/kernel", { layer: "d", weight: "kernel" }]]);
 * const weights = new Map([["d/kernel", { shape: [2, 1], values: new Float32Array([1, 2]) }]]);
 * console.log(fillParams(spec, sources, { weights }, "w.bin").values); // Float32Array [1, 2]
 * ```
 */
export function fillParams(
  spec: ModelSpec,
  sources: Map<string, WeightSource>,
  store: WeightStore,
  file: string,
  fills: SpecFill[] = [],
): Params {
  for (const fill of fills) {
    const key = `${fill.layer}/${fill.weight}`;
    const found = lookup(store.weights.keys(), key);
    if (found === undefined) {
      throw new LosscapeError(
        `${file}: layer "${fill.layer}": expected a weight named "${key}" (its adapted ${fill.field}), found none`,
      );
    }
    const values = Array.from(store.weights.get(found)!.values);
    fill.target[fill.field] = values.length === 1 ? values[0] : values;
  }
  let layout;
  try {
    layout = modelLayout(spec);
  } catch (error) {
    if (error instanceof LosscapeError) throw new LosscapeError(`${file}: ${error.message}`);
    throw error;
  }
  const values = new Float32Array(layout.size);
  const names = [...store.weights.keys(), ...(store.unreadable?.keys() ?? [])];
  for (const slot of layout.tensors) {
    const source = sources.get(slot.name);
    if (!source) throw new Error(`No weight source for tensor "${slot.name}"`);
    if ("fill" in source) {
      values.fill(source.fill, slot.offset, slot.offset + slot.size);
      continue;
    }
    const where = `${file}: layer "${source.layer}", weight "${source.weight}"`;
    const key = `${source.layer}/${source.weight}`;
    const found = lookup(names, key);
    if (found === undefined) {
      const have = names.length > 12 ? [...names.slice(0, 12), "..."] : names;
      throw new LosscapeError(
        `${where}: expected a weight named "${key}" of shape ${
          shapeText(slot.shape)
        }, found none (have: ${have.join(", ") || "nothing"})`,
      );
    }
    const weight = store.weights.get(found);
    if (!weight) {
      throw new LosscapeError(
        `${where}: "${found}" is ${
          store.unreadable?.get(found)
        }: only float32 weights are supported (save or convert without quantization)`,
      );
    }
    if (shapeText(weight.shape) !== shapeText(slot.shape)) {
      throw new LosscapeError(
        `${where}: "${found}" has shape ${shapeText(weight.shape)}, but the layer needs ${
          shapeText(slot.shape)
        }`,
      );
    }
    values.set(weight.values, slot.offset);
  }
  return { layout, values };
}
