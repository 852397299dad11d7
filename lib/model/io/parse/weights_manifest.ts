/**
 * The weights of a TF.js `model.json`: its `weightsManifest` groups and their binary shards,
 * read into one float32 array per weight. Shards of a group are concatenated, and the group's
 * weights lie back to back in that buffer (little-endian), as TF.js writes them.
 * @module
 */
import { LosscapeError } from "../../../errors.ts";
import { userFileError } from "../../../io/read_user_file.ts";

/** A weight read from a file: its shape and float32 values. */
export interface StoredWeight {
  /** Shape as stored. */
  shape: number[];
  /** Values, row-major. */
  values: Float32Array;
}

/** One entry of a manifest group's `weights`. */
export interface WeightEntry {
  /** `layer/weight`, e.g. `dense/kernel` (a `:0` suffix is tolerated). */
  name: string;
  /** Shape. */
  shape: number[];
  /** Stored type; we read `float32`. Default `float32`. */
  dtype?: string;
  /** Present when the converter quantised the weight (then rejected). */
  quantization?: { dtype: string; scale?: number; min?: number };
  /** TF.js marks optimizer weights with `group: "optimizer"`. */
  group?: string;
}

/** One group of a `weightsManifest`: shard file names and the weights they hold. */
export interface ManifestGroup {
  /** Shard files, relative to the model.json, concatenated in order. */
  paths: string[];
  /** Weights lying back to back in the concatenated shards. */
  weights: WeightEntry[];
}

const BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  float16: 2,
  uint16: 2,
  uint8: 1,
  bool: 1,
  complex64: 8,
};

/**
 * Reads every float32 weight of a manifest from its shards. Weights of other dtypes are
 * skipped when unused (e.g. an optimizer's int32 `iter`) and rejected by name when asked for.
 *
 * @param manifest The `weightsManifest` array.
 * @param file The model.json path; shard paths are relative to its folder.
 * @returns Weights by name (a `:0` suffix is dropped), and the names of non-float32 weights.
 * @throws {LosscapeError} For a missing shard, a shard of the wrong size, or a malformed manifest.
 * @example
 * ```ts ignore
 * import { readWeightsManifest } from "./weights_manifest.ts";
 * const json = JSON.parse(await Deno.readTextFile("model/model.json"));
 * const { weights } = await readWeightsManifest(json.weightsManifest, "model/model.json");
 * console.log([...weights.keys()]);
 * ```
 */
export async function readWeightsManifest(
  manifest: unknown,
  file: string,
): Promise<{ weights: Map<string, StoredWeight>; unreadable: Map<string, string> }> {
  if (!Array.isArray(manifest)) {
    throw new LosscapeError(`${file}: weightsManifest must be an array of { paths, weights }`);
  }
  const folder = file.includes("/") ? file.slice(0, file.lastIndexOf("/") + 1) : "";
  const weights = new Map<string, StoredWeight>();
  const unreadable = new Map<string, string>();
  for (const [index, group] of (manifest as ManifestGroup[]).entries()) {
    const where = `${file}: weightsManifest[${index}]`;
    if (!Array.isArray(group?.paths) || !Array.isArray(group?.weights)) {
      throw new LosscapeError(`${where}: expected { paths: [...], weights: [...] }`);
    }
    const badPath = group.paths.find((path) =>
      typeof path !== "string" || path === "" || path.startsWith("/") ||
      path.split("/").includes("..")
    );
    if (badPath !== undefined) {
      throw new LosscapeError(
        `${where}: expected shard paths relative to the model.json's folder, got ${
          JSON.stringify(badPath)
        }`,
      );
    }
    let expected = 0;
    const placed = group.weights.map((entry, i) => {
      const shape = entry?.shape ?? [];
      if (
        typeof entry?.name !== "string" || !Array.isArray(shape) ||
        !shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)
      ) {
        throw new LosscapeError(
          `${where}: weights[${i}]: expected a name and a shape of non-negative integers`,
        );
      }
      const count = shape.reduce((a, b) => a * b, 1);
      const dtype = entry.quantization?.dtype ?? entry.dtype ?? "float32";
      const size = typeof dtype === "string" && Object.hasOwn(BYTES, dtype)
        ? BYTES[dtype]
        : undefined;
      if (size === undefined) {
        throw new LosscapeError(`${where}: weight "${entry.name}" has unknown dtype "${dtype}"`);
      }
      const offset = expected;
      expected += count * size;
      return { entry, offset, count, dtype };
    });
    const shards = await Promise.all(group.paths.map(async (path) => {
      try {
        return await Deno.readFile(`${folder}${path}`);
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) {
          throw new LosscapeError(`${where}: weight shard "${folder}${path}" is missing`);
        }
        throw userFileError(`${folder}${path}`, error);
      }
    }));
    const got = shards.reduce((sum, shard) => sum + shard.byteLength, 0);
    if (got !== expected) {
      throw new LosscapeError(
        `${where}: weight shard${shards.length > 1 ? "s" : ""} "${
          group.paths.map((p) => folder + p).join('", "')
        }" hold ${got} bytes, but the weights listed need ${expected} bytes`,
      );
    }
    const buffer = new Uint8Array(got);
    let at = 0;
    for (const shard of shards) {
      buffer.set(shard, at);
      at += shard.byteLength;
    }
    const view = new DataView(buffer.buffer);
    for (const { entry, offset, count, dtype } of placed) {
      const name = entry.name.replace(/:\d+$/, "");
      if (dtype !== "float32" || entry.quantization) {
        const what = entry.quantization ? `quantized to ${dtype}` : `of dtype ${dtype}`;
        unreadable.set(name, what);
        continue;
      }
      const values = new Float32Array(count);
      for (let i = 0; i < count; i++) values[i] = view.getFloat32(offset + 4 * i, true);
      weights.set(name, { shape: [...(entry.shape ?? [])], values });
    }
  }
  return { weights, unreadable };
}
