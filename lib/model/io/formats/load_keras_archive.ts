/**
 * Loads a Keras 3 `.keras` archive (`model.save("m.keras")`, also written by Keras 2.13+): a
 * zip of `config.json` (the model's topology with its `compile_config`), `metadata.json`
 * (`keras_version`) and `model.weights.h5` (the Keras 3 weights layout).
 * @module
 */
import { LosscapeError } from "../../../errors.ts";
import type { LossName } from "../../spec.ts";
import { fillParams } from "../to_spec/fill_params.ts";
import { kerasTopologyToSpec } from "../to_spec/keras_model.ts";
import { readKerasH5Bytes } from "../parse/h5_weights.ts";
import { readUserFile } from "../../../io/read_user_file.ts";
import type { LoadedModel } from "./load_layers_model.ts";
import { nameKeras3Vars } from "../parse/keras3_weights.ts";
import { readKerasGraph } from "../parse/keras_topology.ts";
import { isZip, readZip } from "../parse/zip_archive.ts";

/** Options for {@linkcode loadKerasArchive}. */
export interface LoadKerasArchiveOptions {
  /** The loss, overriding the `compile_config`'s and the default. */
  loss?: LossName;
  /** The archive's bytes, when already read. */
  bytes?: Uint8Array;
}

/** A loaded `.keras` model, with the Keras version that saved it. */
export interface LoadedKerasArchive extends LoadedModel {
  /** `metadata.json`'s `keras_version`, when present. */
  kerasVersion?: string;
}

function parseJson(bytes: Uint8Array | undefined, where: string): Record<string, unknown> {
  if (!bytes) throw new LosscapeError(`${where}: missing from the archive`);
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value;
  } catch (error) {
    throw new LosscapeError(`${where}: not valid JSON: ${(error as Error).message}`);
  }
  throw new LosscapeError(`${where}: expected a JSON object`);
}

/**
 * Loads a `.keras` archive into our spec and parameters.
 *
 * @param path The `.keras` file.
 * @param options The loss override (and the bytes, when already read).
 * @returns The spec, the parameters and the saving Keras version.
 * @throws {LosscapeError} Naming the archive and the entry, layer or weight that does not fit.
 * @example
 * ```ts ignore
 * import { loadKerasArchive } from "./load_keras_archive.ts";
 * const { spec, params, kerasVersion } = await loadKerasArchive("mnist_model.keras");
 * ```
 */
export async function loadKerasArchive(
  path: string,
  options: LoadKerasArchiveOptions = {},
): Promise<LoadedKerasArchive> {
  const bytes = options.bytes ?? await readUserFile(path);
  if (!isZip(bytes)) {
    throw new LosscapeError(
      `${path}: not a zip archive: a .keras model is a zip of config.json, metadata.json and model.weights.h5`,
    );
  }
  const files = readZip(bytes, path);
  const config = parseJson(files.get("config.json"), `${path}: config.json`);
  const metadata = files.has("metadata.json")
    ? parseJson(files.get("metadata.json"), `${path}: metadata.json`)
    : {};
  const weights = files.get("model.weights.h5");
  if (!weights) {
    const npz = files.has("model.weights.npz");
    throw new LosscapeError(
      `${path}: ${
        npz
          ? "weights are in model.weights.npz: only the default HDF5 weights (model.weights.h5) are supported"
          : `no model.weights.h5 in the archive (entries: ${[...files.keys()].join(", ")})`
      }`,
    );
  }
  const file = `${path}: config.json`;
  const converted = kerasTopologyToSpec(config, {
    file,
    trainingConfig: config.compile_config,
    loss: options.loss,
  });
  const graph = readKerasGraph(config, file);
  const h5 = await readKerasH5Bytes(weights, `${path}: model.weights.h5`);
  const layers = graph.nodes.map(({ name, className, config }) => ({ name, className, config }));
  const store = h5.keras3 ? nameKeras3Vars(h5.keras3, layers, `${path}: model.weights.h5`) : h5;
  const version = metadata.keras_version;
  return {
    spec: converted.spec,
    params: fillParams(
      converted.spec,
      converted.sources,
      store,
      `${path}: model.weights.h5`,
      converted.fills,
    ),
    ...(typeof version === "string" ? { kerasVersion: version } : {}),
  };
}
