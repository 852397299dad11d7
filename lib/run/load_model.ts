/**
 * The `model` setting to a model spec (and weights, when the model comes with them): a preset
 * sized to the data, our JSON spec, a TF.js Layers `model.json`, a Keras topology (trained from
 * a fresh start), a whole Keras `.h5` / `.hdf5` / `.keras` model, or an architecture plus Keras
 * `.h5` / `.weights.h5` weights. Checks that the model fits the data before any training.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { ModelSpec } from "../model/spec.ts";
import { preset, PRESETS } from "../model/presets.ts";
import { resolveModel } from "../model/resolve.ts";
import { loadLayersModel } from "../model/io/formats/load_layers_model.ts";
import { readUserJson } from "../io/read_user_file.ts";
import type { loadKerasH5 as LoadKerasH5 } from "../model/io/formats/load_keras_h5.ts";
import { kerasTopologyToSpec } from "../model/io/to_spec/keras_model.ts";
import { LosscapeError } from "../errors.ts";

/** A model ready to train or scan. */
export interface LoadedRunModel {
  /** The spec. */
  spec: ModelSpec;
  /** Weights that came with it (a saved model or .h5), in its layout. */
  initialParams?: Float32Array;
  /** Where it came from, for run.json. */
  source: string;
}

/**
 * Sizes a preset to the data: the input shape becomes the samples' shape (flat for `mlp`)
 * and the last dense layer gets one unit per class.
 */
function presetFor(name: string, data: Dataset): ModelSpec {
  const spec = preset(name);
  if (spec.inputShape.length === 1) spec.inputShape = [data.features];
  else if (data.shape?.length === 3) spec.inputShape = [...data.shape];
  else {
    throw new LosscapeError(
      `--model ${name} needs image samples [height, width, channels]: the dataset has ${data.features} features per sample without an image shape`,
    );
  }
  const last = spec.layers[spec.layers.length - 1];
  if (last.type === "dense") last.units = data.classes;
  return spec;
}

const KERAS_EXTENSIONS = [".h5", ".hdf5", ".keras"];

/** Whether a JSON object is a Keras topology (`model.to_json()`, a `.keras` config.json). */
function isKerasTopology(json: Record<string, unknown>): boolean {
  return (typeof json.class_name === "string" && "config" in json) ||
    (typeof json.model_config === "object" && json.model_config !== null);
}

/** A Keras topology `.json` without weights: its spec, to train from a fresh initialisation. */
function topologySpec(json: Record<string, unknown>, model: string): ModelSpec {
  return kerasTopologyToSpec(json, {
    file: model,
    trainingConfig: json.training_config ?? json.compile_config,
  }).spec;
}

/** The Keras .h5 reader, imported on first use: its HDF5 library costs a scan of a preset ~0.2 s of start-up. */
async function loadKerasH5(
  ...args: Parameters<typeof LoadKerasH5>
): ReturnType<typeof LoadKerasH5> {
  const { loadKerasH5 } = await import("../model/io/formats/load_keras_h5.ts");
  return await loadKerasH5(...args);
}

/** A Keras whole-model file (.h5, .hdf5, .keras), with the format in the source. */
async function loadKerasFile(model: string, weights: string): Promise<LoadedRunModel> {
  if (weights !== "") {
    throw new LosscapeError(
      `--weights: ${model} holds its own weights (a Keras ${
        model.slice(model.lastIndexOf("."))
      } model): drop --weights, or give an architecture .json as --model`,
    );
  }
  if (model.endsWith(".keras")) {
    const { loadKerasArchive } = await import("../model/io/formats/load_keras_archive.ts");
    const { spec, params, kerasVersion } = await loadKerasArchive(model);
    const version = kerasVersion ? `Keras ${kerasVersion} ` : "";
    return { spec, initialParams: params.values, source: `${model} (${version}.keras)` };
  }
  const { spec, params } = await loadKerasH5(model);
  return { spec, initialParams: params.values, source: `${model} (Keras .h5)` };
}

/**
 * Loads the model a run names and checks it against the data.
 *
 * @param model A preset name, a spec `.json`, a TF.js `model.json`, a Keras topology `.json`,
 * or a Keras `.h5` / `.hdf5` / `.keras` file.
 * @param weights A Keras `.h5` (or `.weights.h5`) file for the model's weights, or "".
 * @param data The training set (its shape and classes size presets and are checked).
 * @returns The spec and any weights.
 * @throws {LosscapeError} On a missing or bad file, or a model that does not fit the data.
 * @example
 * ```ts ignore
 * import { loadRunModel } from "./load_model.ts";
 * const { spec } = await loadRunModel("cnn", "", train);
 * ```
 */
export async function loadRunModel(
  model: string,
  weights: string,
  data: Dataset,
): Promise<LoadedRunModel> {
  let loaded: LoadedRunModel;
  const lower = model.toLowerCase();
  if (model in PRESETS) {
    loaded = { spec: presetFor(model, data), source: `${model} preset` };
  } else if (KERAS_EXTENSIONS.some((extension) => lower.endsWith(extension))) {
    loaded = await loadKerasFile(model, weights);
  } else if (lower.endsWith(".json")) {
    const json = await readUserJson(model);
    if ("modelTopology" in json || (weights !== "" && isKerasTopology(json))) {
      const { spec, params } = weights === ""
        ? await loadLayersModel(model)
        : await loadKerasH5(weights, { architecture: model });
      const source = weights === "" ? model : `${model} + ${weights}`;
      loaded = { spec, initialParams: params.values, source };
    } else if (isKerasTopology(json)) {
      loaded = { spec: topologySpec(json, model), source: `${model} (Keras topology)` };
    } else if (weights !== "") {
      const { spec, params } = await loadKerasH5(weights, {
        architecture: json as unknown as ModelSpec,
      });
      loaded = { spec, initialParams: params.values, source: `${model} + ${weights}` };
    } else {
      loaded = { spec: json as unknown as ModelSpec, source: model };
    }
  } else {
    throw new LosscapeError(
      `--model must be a preset (${
        Object.keys(PRESETS).join(", ")
      }), a .json file (model spec, TF.js model.json or Keras topology) or a Keras .h5, .hdf5 or .keras file: got "${model}"`,
    );
  }
  let resolved;
  try {
    resolved = resolveModel(loaded.spec);
  } catch (error) {
    // Name the file: the resolver only knows the place inside the spec.
    if (error instanceof LosscapeError) {
      throw new LosscapeError(`${loaded.source}: ${error.message}`);
    }
    throw error;
  }
  const inputSize = resolved.spec.inputShape.reduce((a, b) => a * b, 1);
  if (inputSize !== data.features) {
    throw new LosscapeError(
      `${loaded.source}: the model takes inputs of shape [${resolved.spec.inputShape}] (${inputSize} values), the dataset's samples have ${data.features}`,
    );
  }
  const outputs = resolved.outputShape[0];
  const needed = resolved.spec.loss === "binary-cross-entropy" ? 1 : data.classes;
  if (resolved.spec.loss === "binary-cross-entropy" ? data.classes > 2 : outputs < needed) {
    throw new LosscapeError(
      `${loaded.source}: the model has ${outputs} outputs, the dataset has ${data.classes} classes`,
    );
  }
  return loaded;
}
