/**
 * Loads a model saved in the TF.js Layers format: `model.json` (Keras topology and
 * `weightsManifest`) and its binary weight shards, as written by tfjs `model.save()`, the
 * tensorflowjs converter from Keras, or {@linkcode writeLayersModel}.
 * @module
 */
import { LosscapeError } from "../../../errors.ts";
import { readUserJson } from "../../../io/read_user_file.ts";
import type { Params } from "../../layout.ts";
import type { LossName, ModelSpec } from "../../spec.ts";
import { fillParams } from "../to_spec/fill_params.ts";
import { kerasTopologyToSpec } from "../to_spec/keras_model.ts";
import { readWeightsManifest } from "../parse/weights_manifest.ts";

/** A model read from files: our spec and its parameters in our layout. */
export interface LoadedModel {
  /** The spec, named after the Keras layers. */
  spec: ModelSpec;
  /** The weights. */
  params: Params;
}

/** Options for {@linkcode loadLayersModel}. */
export interface LoadModelOptions {
  /** The loss, overriding `trainingConfig.loss` and the default. */
  loss?: LossName;
}

/**
 * Loads a TF.js Layers model into our spec and parameters.
 *
 * @param path The `model.json`; its shards are read from the same folder.
 * @param options The loss override.
 * @returns The spec and the parameters.
 * @throws {LosscapeError} Naming the file and the layer or weight: unsupported layers, missing
 * or wrongly sized shards, missing weights, shapes that do not fit the layer.
 * @example
 * ```ts ignore
 * import { loadLayersModel } from "./load_layers_model.ts";
 * const { spec, params } = await loadLayersModel("my_model/model.json");
 * console.log(spec.layers.length, params.values.length);
 * ```
 */
export async function loadLayersModel(
  path: string,
  options: LoadModelOptions = {},
): Promise<LoadedModel> {
  const json = await readUserJson(path);
  if (json.format === "graph-model") {
    throw new LosscapeError(
      `${path}: format is "graph-model": only Layers models ("layers-model", from Keras or tf.LayersModel) can be loaded`,
    );
  }
  if (json.modelTopology === undefined) {
    throw new LosscapeError(`${path}: expected a modelTopology field (TF.js Layers format)`);
  }
  const topology = json.modelTopology as Record<string, unknown>;
  const { spec, sources, fills } = kerasTopologyToSpec(topology, {
    file: path,
    trainingConfig: json.trainingConfig ?? topology?.training_config,
    loss: options.loss,
  });
  if (json.weightsManifest === undefined) {
    throw new LosscapeError(
      `${path}: expected a weightsManifest (this model.json has only a topology: load its weights with loadKerasH5)`,
    );
  }
  const store = await readWeightsManifest(json.weightsManifest, path);
  return { spec, params: fillParams(spec, sources, store, `${path}: weightsManifest`, fills) };
}
