/**
 * Writes a model in the TF.js Layers format: `model.json` (Keras topology, training config and
 * `weightsManifest`) and one weight shard `group1-shard1of1.bin`, each written atomically, so
 * that TF.js `tf.loadLayersModel` (and our loader) read it back with the same predictions.
 * @module
 */
import { writeFileAtomic } from "../../../io/atomic_write.ts";
import type { Params } from "../../layout.ts";
import { modelLayout } from "../../model_layout.ts";
import { resolveModel } from "../../resolve.ts";
import type { ModelSpec } from "../../spec.ts";
import { VERSION } from "../../../version.ts";
import { kerasTopology } from "../from_spec/keras_export.ts";
import { kerasWeightName } from "../from_spec/keras_names.ts";
import { lossToKeras } from "../keras/keras_loss.ts";
import type { WeightEntry } from "../parse/weights_manifest.ts";

/** What `tf.io` calls model artifacts, for one model. */
export interface LayersModelArtifacts {
  /** The Keras topology. */
  modelTopology: Record<string, unknown>;
  /** The loss, with a placeholder SGD optimizer (TF.js requires one beside a loss). */
  trainingConfig: Record<string, unknown>;
  /** One entry per tensor, in our layout order. */
  weightSpecs: WeightEntry[];
  /** All weights, float32 little-endian, in `weightSpecs` order. */
  weightData: Uint8Array;
}

/** The shard file that {@linkcode writeLayersModel} writes next to `model.json`. */
export const WEIGHT_SHARD = "group1-shard1of1.bin";

/**
 * Builds the TF.js Layers artifacts of a model.
 *
 * @param spec The model spec.
 * @param params Its parameters, in `modelLayout(spec)`.
 * @returns Topology, training config, weight specs and weight bytes.
 * @throws {RangeError} When the parameters do not fit the spec's layout.
 * @example
 * ```ts
 * import { modelArtifacts } from "./write_layers_model.ts";
 * import { modelLayout } from "../../model_layout.ts";
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 1 }] };
 * const layout = modelLayout(spec);
 * const { weightSpecs } = modelArtifacts(spec, { layout, values: new Float32Array(layout.size) });
 * console.log(weightSpecs.map((w) => w.name)); // ["dense0/kernel", "dense0/bias"]
 * ```
 */
export function modelArtifacts(spec: ModelSpec, params: Params): LayersModelArtifacts {
  const model = resolveModel(spec);
  const layout = modelLayout(model);
  if (params.values.length !== layout.size) {
    throw new RangeError(
      `Parameters do not fit the model: the spec has ${layout.size} parameters, got ${params.values.length}`,
    );
  }
  return {
    modelTopology: kerasTopology(model),
    trainingConfig: {
      loss: lossToKeras(model.spec.loss),
      metrics: [],
      optimizer_config: { class_name: "SGD", config: { learning_rate: 0.01 } },
    },
    weightSpecs: layout.tensors.map((slot) => ({
      name: kerasWeightName(slot.name),
      shape: slot.shape,
      dtype: "float32",
    })),
    // Copy: the values may be a view into a larger buffer.
    weightData: new Uint8Array(Float32Array.from(params.values).buffer),
  };
}

/**
 * Writes `model.json` and `group1-shard1of1.bin` into a folder (created if needed); the shard
 * first, then the JSON, each through a temporary file and a rename.
 *
 * @param folder The output folder.
 * @param spec The model spec.
 * @param params Its parameters.
 * @returns The path of the written `model.json`.
 * @throws {RangeError} When the parameters do not fit the spec's layout.
 * @example
 * ```ts ignore
 * import { writeLayersModel } from "./write_layers_model.ts";
 * import { loadLayersModel } from "./load_layers_model.ts";
 * const { spec, params } = await loadLayersModel("in/model.json");
 * await writeLayersModel("out/model", spec, params);
 * ```
 */
export async function writeLayersModel(
  folder: string,
  spec: ModelSpec,
  params: Params,
): Promise<string> {
  const artifacts = modelArtifacts(spec, params);
  await Deno.mkdir(folder, { recursive: true });
  await writeFileAtomic(`${folder}/${WEIGHT_SHARD}`, artifacts.weightData);
  const json = {
    format: "layers-model",
    generatedBy: `losscape ${VERSION}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    trainingConfig: artifacts.trainingConfig,
    weightsManifest: [{ paths: [WEIGHT_SHARD], weights: artifacts.weightSpecs }],
  };
  const path = `${folder}/model.json`;
  await writeFileAtomic(path, JSON.stringify(json, null, 1) + "\n");
  return path;
}
