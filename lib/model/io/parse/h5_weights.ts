/**
 * Keras weights from an HDF5 `.h5` file (`model.save("m.h5")` or `save_weights`), read with
 * h5wasm: layer groups listed by the `layer_names` attribute (under `model_weights/` or at the
 * root), each with a `weight_names` attribute naming datasets such as
 * `model_weights/dense/dense/kernel:0`. The file is copied into h5wasm's in-memory file system,
 * so only read permission on the file is needed.
 * @module
 */
import h5wasm from "npm:h5wasm@0.10.3";
import { LosscapeError } from "../../../errors.ts";
import { readUserFile } from "../../../io/read_user_file.ts";
import type { StoredWeight } from "./weights_manifest.ts";
import { type Keras3Vars, readKeras3Vars } from "./keras3_weights.ts";
import { isZip } from "./zip_archive.ts";
import { parseInSandbox } from "./h5_sandbox.ts";

/** What a Keras `.h5` file holds. */
export interface KerasH5 {
  /** Float32 weights by `layer/weight` name (`dense/kernel`), a `:0` suffix dropped. */
  weights: Map<string, StoredWeight>;
  /** Weights of other types, with what they are (`of dtype <d`). */
  unreadable: Map<string, string>;
  /** Layers in file order with the names of their weights (empty for layers without). */
  layers: { name: string; weights: string[] }[];
  /** The `model_config` attribute (a Keras topology), when the whole model was saved. */
  modelConfig?: unknown;
  /** The `training_config` attribute, when present. */
  trainingConfig?: unknown;
  /**
   * Keras 3 layout only (`layers/<group>/vars/<i>`): the variables by group; `weights` and
   * `layers` are then empty until they are named after a model (`nameKeras3Vars`).
   */
  keras3?: Keras3Vars;
}

type Group = InstanceType<typeof h5wasm.Group>;
type Dataset = InstanceType<typeof h5wasm.Dataset>;

let counter = 0;

// Keras writes an empty (zero-length) list for layers without weights.
const stringList = (value: unknown): string[] => {
  if (value === null || value === undefined) return [];
  const items = typeof value === "string" ? [value] : Array.from(value as ArrayLike<unknown>);
  return items.map(String).filter((item) => item.length > 0);
};

const jsonAttribute = (group: Group, name: string): unknown => {
  const value = group.attrs[name]?.value;
  if (typeof value !== "string") return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
};

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** HDF5's signature sits at 0, 512, 1024, 2048, ... (after an optional user block). */
function isHdf5(bytes: Uint8Array): boolean {
  for (let at = 0; at + 8 <= bytes.length; at = at === 0 ? 512 : at * 2) {
    if (SIGNATURE.every((byte, i) => bytes[at + i] === byte)) return true;
  }
  return false;
}

/** Every dataset under a group, by path relative to it. */
function datasets(group: Group, prefix = ""): string[] {
  return group.keys().flatMap((key) => {
    const item = group.get(key);
    if (item instanceof h5wasm.Group) return datasets(item, `${prefix}${key}/`);
    return item instanceof h5wasm.Dataset ? [`${prefix}${key}`] : [];
  });
}

/**
 * Reads the weights of a Keras `.h5` file. HDF5 is parsed in a Worker with a time limit (see
 * `h5_sandbox.ts`): a damaged file can send the HDF5 library into an endless loop.
 *
 * @param path The `.h5` file.
 * @returns Weights by `layer/weight`, layer order, and the saved model and training configs.
 * @throws {LosscapeError} When the file is missing, damaged or is not a Keras weights file.
 * @example
 * ```ts ignore
 * import { readKerasH5 } from "./h5_weights.ts";
 * const h5 = await readKerasH5("model.h5");
 * console.log(h5.layers.map((layer) => layer.name));
 * ```
 */
export async function readKerasH5(path: string): Promise<KerasH5> {
  return readKerasH5Bytes(await readUserFile(path), path);
}

/**
 * Reads Keras weights from the bytes of an HDF5 file: the Keras 2 layout (`layer_names`) or
 * the Keras 3 one (`layers/<group>/vars/<i>`).
 *
 * @param bytes The file's bytes.
 * @param path Its name, for messages.
 * @returns What the file holds.
 * @throws {LosscapeError} Naming what the file is when it is not Keras weights in HDF5.
 * @example
 * ```ts ignore
 * const h5 = await readKerasH5Bytes(await Deno.readFile("w.weights.h5"), "w.weights.h5");
 * ```
 */
export async function readKerasH5Bytes(bytes: Uint8Array, path: string): Promise<KerasH5> {
  // h5wasm does not throw on a file that is not HDF5 (it prints diagnostics): check first.
  if (isZip(bytes)) {
    throw new LosscapeError(
      `${path}: a zip archive (a Keras 3 .keras model?), not HDF5: load it as a whole model (--model ${path})`,
    );
  }
  if (!isHdf5(bytes)) {
    const text = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
    const what = text.startsWith("{") ? "a JSON file" : "not an HDF5 file (no HDF5 signature)";
    throw new LosscapeError(
      `${path}: ${what}: expected Keras weights in HDF5 (.h5, .hdf5, .weights.h5)`,
    );
  }
  return await parseInSandbox(bytes, path);
}

/**
 * Parses the bytes of a Keras `.h5` file with h5wasm, on the calling thread.
 *
 * @param bytes The file's bytes (with an HDF5 signature).
 * @param path The file's name, for messages.
 * @returns What the file holds.
 * @throws {LosscapeError} When the file is damaged or is not a Keras weights file.
 * @example
 * ```ts ignore
 * import { parseKerasH5 } from "./h5_weights.ts";
 * const h5 = await parseKerasH5(await Deno.readFile("model.h5"), "model.h5");
 * ```
 */
export async function parseKerasH5(bytes: Uint8Array, path: string): Promise<KerasH5> {
  const { FS } = await h5wasm.ready;
  const memoryPath = `/losscape-${++counter}.h5`;
  FS!.writeFile(memoryPath, bytes);
  let file: InstanceType<typeof h5wasm.File> | undefined;
  try {
    file = new h5wasm.File(memoryPath, "r");
    const nested = file.get("model_weights");
    const root = nested instanceof h5wasm.Group ? nested : file;
    const names = stringList(root.attrs["layer_names"]?.value);
    if (names.length === 0 && !("layer_names" in root.attrs)) {
      const keras3 = readKeras3Vars(file);
      if (keras3) return { weights: new Map(), unreadable: new Map(), layers: [], keras3 };
      if ("nb_layers" in file.attrs) {
        throw new LosscapeError(
          `${path}: Keras 1.0 (or older) weights (layer_<i>/param_<j> groups, "nb_layers"): not supported; load them in Keras 2 or 3 and save again`,
        );
      }
      throw new LosscapeError(
        `${path}: an HDF5 file, but not Keras weights: expected a "layer_names" attribute (Keras 2 .h5) or a "layers" group (Keras 3 .weights.h5); top-level entries: ${
          file.keys().join(", ") || "none"
        }`,
      );
    }
    const result: KerasH5 = {
      weights: new Map(),
      unreadable: new Map(),
      layers: [],
      modelConfig: jsonAttribute(file, "model_config"),
      trainingConfig: jsonAttribute(file, "training_config"),
    };
    for (const name of names) {
      const group = root.get(name);
      if (!(group instanceof h5wasm.Group)) {
        throw new LosscapeError(
          `${path}: layer "${name}" is listed in layer_names but has no group`,
        );
      }
      const listed = stringList(group.attrs["weight_names"]?.value);
      const paths = listed.length > 0 || "weight_names" in group.attrs ? listed : datasets(group);
      const keys = paths.map((weightPath) => {
        const dataset = group.get(weightPath) as Dataset | null;
        const key = `${name}/${weightPath.split("/").at(-1)!.replace(/:\d+$/, "")}`;
        if (!(dataset instanceof h5wasm.Dataset)) {
          throw new LosscapeError(
            `${path}: layer "${name}": weight "${weightPath}" is listed but missing`,
          );
        }
        // Sizes against the file before h5wasm allocates: contiguous data must fit in the file,
        // chunked (perhaps deflated) data within deflate's largest ratio, 1032:1.
        const claimed = (dataset.metadata.total_size ?? 0) * (dataset.metadata.size ?? 1);
        if (claimed > bytes.length * (dataset.metadata.chunks ? 1032 : 1)) {
          throw new LosscapeError(
            `${path}: layer "${name}": weight "${weightPath}" claims ${claimed} bytes, more than the file can hold (${bytes.length} bytes)`,
          );
        }
        const value = dataset.value;
        if (value instanceof Float32Array) {
          result.weights.set(key, { shape: dataset.shape ?? [], values: value });
        } else {
          result.unreadable.set(key, `of dtype ${JSON.stringify(dataset.dtype)}`);
        }
        return key;
      });
      result.layers.push({ name, weights: keys });
    }
    return result;
  } catch (error) {
    if (error instanceof LosscapeError) throw error;
    // h5wasm throws plain errors ("name not defined!") on damaged structures.
    throw new LosscapeError(
      `${path}: not a readable Keras HDF5 file: ${
        String((error as Error)?.message ?? error).split("\n")[0]
      }`,
    );
  } finally {
    file?.close();
    FS!.unlink(memoryPath);
  }
}
