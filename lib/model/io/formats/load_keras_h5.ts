/**
 * Loads Keras weights (`.h5`, `.hdf5`, Keras 3 `.weights.h5`) into our parameters, with the
 * architecture from a `model.json` or Keras topology (`model.to_json()`, a `.keras` archive's
 * `config.json`), from one of our specs, or from the `model_config` that Keras stores in the
 * `.h5` when it saved the whole model. A `.keras` archive is handed to `loadKerasArchive`.
 * @module
 */
import { LosscapeError } from "../../../errors.ts";
import { type ResolvedLayer, resolveModel } from "../../resolve.ts";
import type { LossName, ModelSpec } from "../../spec.ts";
import { fillParams } from "../to_spec/fill_params.ts";
import { kerasName, kerasRole } from "../from_spec/keras_names.ts";
import type { WeightSource } from "../to_spec/keras_graph.ts";
import { kerasTopologyToSpec } from "../to_spec/keras_model.ts";
import { type KerasH5, readKerasH5Bytes } from "../parse/h5_weights.ts";
import { readUserFile, readUserJson } from "../../../io/read_user_file.ts";
import type { LoadedModel } from "./load_layers_model.ts";
import { type Keras3Layer, nameKeras3Vars } from "../parse/keras3_weights.ts";
import { readKerasGraph } from "../parse/keras_topology.ts";
import { matchByOrder, weightedLayerNames } from "../to_spec/weights_by_order.ts";
import { isZip } from "../parse/zip_archive.ts";
import { loadKerasArchive } from "./load_keras_archive.ts";

/** Options for {@linkcode loadKerasH5}. */
export interface LoadKerasH5Options {
  /**
   * The architecture: a `model.json` or Keras topology `.json` path, or our spec. Default: the
   * `.h5` file's own `model_config`.
   */
  architecture?: string | ModelSpec;
  /** The loss, overriding the training config's and the default. */
  loss?: LossName;
}

/** Layers with weights in layout order (a residual's body, then its shortcut), as Keras classes. */
function weightedLayers(layers: ResolvedLayer[]): (Keras3Layer & { roles: string[] })[] {
  return layers.flatMap((layer) => {
    if (layer.body) {
      const shortcut = layer.shortcut
        ? [{
          name: `${layer.name}/shortcut`,
          roles: ["kernel", "bias"],
          className: layer.shortcutStride ? "Conv2D" : "Dense",
          config: {},
        }]
        : [];
      return [...weightedLayers(layer.body), ...shortcut];
    }
    const roles = layer.tensors.map((tensor) => tensor.role);
    const className = layer.type === "dense"
      ? "Dense"
      : layer.type === "conv2d"
      ? "Conv2D"
      : "BatchNormalization";
    const config = { use_bias: roles.includes("bias") };
    return roles.length > 0 ? [{ name: layer.name, roles, className, config }] : [];
  });
}

/** Matches our layers to the file's by name (`/` as `_`) when all are found, else by order. */
function specSources(spec: ModelSpec, h5: KerasH5, path: string): Map<string, WeightSource> {
  const ours = weightedLayers(resolveModel(spec).layers);
  const theirs = h5.layers.filter((layer) => layer.weights.length > 0).map((layer) => layer.name);
  const byName = ours.every((layer) => theirs.includes(kerasName(layer.name)));
  if (!byName && ours.length !== theirs.length) {
    throw new LosscapeError(
      `${path}: the spec has ${ours.length} layers with weights (${
        ours.map((l) => l.name).join(", ")
      }), the file has ${theirs.length} (${theirs.join(", ")})`,
    );
  }
  const sources = new Map<string, WeightSource>();
  ours.forEach((layer, index) => {
    const source = byName ? kerasName(layer.name) : theirs[index];
    for (const role of layer.roles) {
      const weight = kerasRole(role);
      // Keras stores no gamma (scale: false) or beta (center: false): they act as 1 and 0.
      const absent = !h5.weights.has(`${source}/${weight}`) &&
        !h5.unreadable.has(`${source}/${weight}`);
      sources.set(
        `${layer.name}/${role}`,
        absent && role === "gamma"
          ? { fill: 1 }
          : absent && role === "beta"
          ? { fill: 0 }
          : { layer: source, weight },
      );
    }
  });
  return sources;
}

/** Keras 3 weights named after a list of layers, as a Keras 2 style store. */
function named(h5: KerasH5, layers: Keras3Layer[], path: string): KerasH5 {
  return h5.keras3 ? { ...h5, ...nameKeras3Vars(h5.keras3, layers, path) } : h5;
}

/**
 * Loads a model whose weights are in a Keras `.h5` file.
 *
 * @param path The `.h5` / `.weights.h5` file (a `.keras` archive is read too).
 * @param options The architecture (JSON path or spec) and the loss override.
 * @returns The spec and the parameters in our layout.
 * @throws {LosscapeError} Naming the file, layer and weight when something does not fit.
 * @example
 * ```ts ignore
 * import { loadKerasH5 } from "./load_keras_h5.ts";
 * const { spec, params } = await loadKerasH5("weights.h5", { architecture: "model.json" });
 * console.log(spec.layers.length, params.values.length);
 * ```
 */
export async function loadKerasH5(
  path: string,
  options: LoadKerasH5Options = {},
): Promise<LoadedModel> {
  const { architecture, loss } = options;
  const bytes = await readUserFile(path);
  if (isZip(bytes) && architecture === undefined) return loadKerasArchive(path, { loss, bytes });
  const h5 = await readKerasH5Bytes(bytes, path);
  if (typeof architecture === "object") {
    let spec: ModelSpec;
    try {
      spec = { ...architecture, loss: loss ?? architecture.loss };
      resolveModel(spec);
    } catch (error) {
      if (error instanceof LosscapeError) throw new LosscapeError(`spec: ${error.message}`);
      throw error;
    }
    const layers = weightedLayers(resolveModel(spec).layers)
      .map((layer) => ({ ...layer, name: kerasName(layer.name) }));
    const store = named(h5, layers, path);
    return { spec, params: fillParams(spec, specSources(spec, store, path), store, path) };
  }
  let topology: unknown, trainingConfig: unknown, file: string;
  if (architecture === undefined) {
    if (h5.modelConfig === undefined) {
      throw new LosscapeError(
        `${path}: ${
          h5.keras3 ? "Keras 3 weights" : "a Keras weights file"
        } without an architecture (no model_config): give one (--model arch.json --weights ${path}; a .keras, config.json or model.json)`,
      );
    }
    [topology, trainingConfig, file] = [h5.modelConfig, h5.trainingConfig, path];
  } else {
    const json = await readUserJson(architecture);
    topology = json.modelTopology ?? json;
    const record = topology as Record<string, unknown>;
    trainingConfig = json.trainingConfig ?? record.training_config ?? json.compile_config ??
      h5.trainingConfig;
    file = architecture;
  }
  const converted = kerasTopologyToSpec(topology, { file, trainingConfig, loss });
  const graph = readKerasGraph(topology, file);
  const layers = graph.nodes.map(({ name, className, config }) => ({ name, className, config }));
  const order = layers.map((layer) => layer.name);
  const ours = weightedLayerNames(converted.sources)
    .sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const store = matchByOrder(named(h5, layers, path), ours, path);
  return {
    spec: converted.spec,
    params: fillParams(converted.spec, converted.sources, store.store, path, converted.fills),
  };
}
