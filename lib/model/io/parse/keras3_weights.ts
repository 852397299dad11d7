/**
 * Keras 3 weights (`save_weights("w.weights.h5")`, and the `model.weights.h5` inside a
 * `.keras` archive): `layers/<group>/vars/<i>`, where a group is named after the layer's class
 * in snake case with a counter in layer order (`dense`, `dense_1`, `conv2d`), not after the
 * layer, and the variables are numbered in the layer's own order (Dense and Conv2D: kernel,
 * bias; BatchNormalization: gamma, beta, moving mean, moving variance, each only when present).
 * Keras 2.13-2.15 wrote `_layer_checkpoint_dependencies/` instead of `layers/`.
 * @module
 */
import h5wasm from "npm:h5wasm@0.10.3";
import { LosscapeError } from "../../../errors.ts";
import type { StoredWeight } from "./weights_manifest.ts";

/** One stored variable: float32 values, or the dtype of one we cannot read. */
export type StoredVar = { weight: StoredWeight } | { dtype: string };

/** A Keras 3 weights file: each group's variables, in index order, by group name. */
export type Keras3Vars = Map<string, StoredVar[]>;

/** A layer in model order, as the Keras 3 weights name it. */
export interface Keras3Layer {
  /** The layer's name in the model (the weight store's keys use it). */
  name: string;
  /** Its Keras class. */
  className: string;
  /** Its config (`use_bias`, `center`, `scale`). */
  config: Record<string, unknown>;
}

type Group = InstanceType<typeof h5wasm.Group>;

/** What {@linkcode readKeras3Vars} needs of an HDF5 group (h5wasm's `File` and `Group` fit). */
export interface H5GroupLike {
  /** The child at a path, or null. */
  get(name: string): unknown;
  /** The children's names. */
  keys(): string[];
}

/** The top groups under which Keras 3 (and Keras 2.13-2.15) keep a model's layers. */
export const KERAS3_LAYER_GROUPS = ["layers", "_layer_checkpoint_dependencies"];

/**
 * Reads every layer group's variables.
 *
 * @param root The file's root group.
 * @returns The variables by group name, or undefined when the file is not in this layout.
 * @example
 * ```ts ignore
 * const vars = readKeras3Vars(file);
 * console.log([...vars!.keys()]); // ["conv2d", "dense", "dense_1", ...]
 * ```
 */
export function readKeras3Vars(root: H5GroupLike): Keras3Vars | undefined {
  const top = KERAS3_LAYER_GROUPS.map((name) => root.get(name)).find((g) =>
    g instanceof h5wasm.Group
  ) as Group | undefined;
  if (!top) return undefined;
  const result: Keras3Vars = new Map();
  for (const key of top.keys()) {
    const vars = (top.get(key) as Group | null)?.get?.("vars");
    if (!(vars instanceof h5wasm.Group)) continue;
    const indices = vars.keys().filter((k) => /^\d+$/.test(k)).sort((a, b) => +a - +b);
    result.set(
      key,
      indices.map((index) => {
        const dataset = vars.get(index) as InstanceType<typeof h5wasm.Dataset>;
        const value = dataset.value;
        return value instanceof Float32Array
          ? { weight: { shape: dataset.shape ?? [], values: value } }
          : { dtype: JSON.stringify(dataset.dtype) };
      }),
    );
  }
  return result;
}

/**
 * A class name in snake case, as Keras names weight groups (`Conv2D` is `conv2d`,
 * `BatchNormalization` is `batch_normalization`).
 *
 * @param className The class.
 * @returns Its snake-case name.
 * @example
 * ```ts
 * import { snakeCase } from "./keras3_weights.ts";
 * console.log(snakeCase("BatchNormalization"), snakeCase("Conv2D")); // "batch_normalization" "conv2d"
 * ```
 */
export function snakeCase(className: string): string {
  return className.replace(/\W+/g, "")
    .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/** The names of a layer's variables, in the order Keras 3 numbers them. */
function varNames(layer: Keras3Layer): string[] {
  const { className, config } = layer;
  switch (className) {
    case "Dense":
    case "Conv2D":
      return config.use_bias === false ? ["kernel"] : ["kernel", "bias"];
    case "BatchNormalization":
      return [
        ...(config.scale === false ? [] : ["gamma"]),
        ...(config.center === false ? [] : ["beta"]),
        "moving_mean",
        "moving_variance",
      ];
    case "Normalization":
      return ["mean", "variance", "count"];
  }
  return [];
}

/**
 * Names a Keras 3 file's variables after the model's layers: `layer/kernel`, `layer/bias`, ...
 *
 * @param vars The file's variables by group.
 * @param layers The model's layers in order (InputLayer is skipped).
 * @param file The file, for messages.
 * @returns Float32 weights and the others (with their dtype) by `layer/weight`, and the layers
 * with their weight names.
 * @throws {LosscapeError} When a layer's group is missing or holds another number of variables.
 * @example
 * ```ts
 * import { nameKeras3Vars } from "./keras3_weights.ts";
 * const vars = new Map([["dense", [{ weight: { shape: [1], values: new Float32Array([2]) } }]]]);
 * const named = nameKeras3Vars(vars, [{ name: "out", className: "Dense", config: { use_bias: false } }], "w.weights.h5");
 * console.log([...named.weights.keys()]); // ["out/kernel"]
 * ```
 */
export function nameKeras3Vars(
  vars: Keras3Vars,
  layers: Keras3Layer[],
  file: string,
): {
  weights: Map<string, StoredWeight>;
  unreadable: Map<string, string>;
  layers: { name: string; weights: string[] }[];
} {
  const weights = new Map<string, StoredWeight>(), unreadable = new Map<string, string>();
  const counters = new Map<string, number>();
  const named = layers.filter((layer) => layer.className !== "InputLayer").map((layer) => {
    const base = snakeCase(layer.className);
    const count = counters.get(base) ?? 0;
    counters.set(base, count + 1);
    const group = count === 0 ? base : `${base}_${count}`;
    const names = varNames(layer);
    const stored = vars.get(group) ?? [];
    if (names.length === 0) return { name: layer.name, weights: [] };
    if (stored.length < names.length) {
      throw new LosscapeError(
        `${file}: layer "${layer.name}" (${layer.className}) is stored as "layers/${group}/vars": expected ${names.length} variables (${
          names.join(", ")
        }), found ${stored.length} (have groups: ${[...vars.keys()].join(", ") || "none"})`,
      );
    }
    const keys = names.map((weight, i) => {
      const key = `${layer.name}/${weight}`;
      const entry = stored[i];
      if ("weight" in entry) weights.set(key, entry.weight);
      else unreadable.set(key, `of dtype ${entry.dtype}`);
      return key;
    });
    return { name: layer.name, weights: keys };
  });
  return { weights, unreadable, layers: named };
}
