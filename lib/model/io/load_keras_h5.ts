/**
 * Loads a Keras `.h5` weights file into our parameters, with the architecture from a TF.js
 * `model.json` (its topology; weights are not needed), from one of our specs, or from the
 * `model_config` that Keras stores in the `.h5` when it saved the whole model.
 * @module
 */
import { LosscapeError } from "../../errors.ts";
import { type ResolvedLayer, resolveModel } from "../resolve.ts";
import type { LossName, ModelSpec } from "../spec.ts";
import { fillParams } from "./fill_params.ts";
import { kerasName, kerasRole } from "./keras_names.ts";
import type { WeightSource } from "./keras_graph.ts";
import { kerasTopologyToSpec } from "./keras_model.ts";
import { type KerasH5, readKerasH5 } from "./h5_weights.ts";
import { type LoadedModel, readJsonFile } from "./load_layers_model.ts";

/** Options for {@linkcode loadKerasH5}. */
export interface LoadKerasH5Options {
  /**
   * The architecture: a `model.json` path, or our spec. Default: the `.h5` file's own
   * `model_config`.
   */
  architecture?: string | ModelSpec;
  /** The loss, overriding the training config's and the default. */
  loss?: LossName;
}

/** Layers with weights in layout order: a residual's body, then its shortcut. */
function weightedLayers(layers: ResolvedLayer[]): { name: string; roles: string[] }[] {
  return layers.flatMap((layer) => {
    if (layer.body) {
      const shortcut = layer.shortcut
        ? [{ name: `${layer.name}/shortcut`, roles: ["kernel", "bias"] }]
        : [];
      return [...weightedLayers(layer.body), ...shortcut];
    }
    const roles = layer.tensors.map((tensor) => tensor.role);
    return roles.length > 0 ? [{ name: layer.name, roles }] : [];
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

/**
 * Loads a model whose weights are in a Keras `.h5` file.
 *
 * @param path The `.h5` file.
 * @param options The architecture (model.json path or spec) and the loss override.
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
  const h5 = await readKerasH5(path);
  if (typeof architecture === "object") {
    let spec: ModelSpec;
    try {
      spec = { ...architecture, loss: loss ?? architecture.loss };
      resolveModel(spec);
    } catch (error) {
      if (error instanceof LosscapeError) throw new LosscapeError(`spec: ${error.message}`);
      throw error;
    }
    return { spec, params: fillParams(spec, specSources(spec, h5, path), h5, path) };
  }
  let converted;
  if (architecture === undefined) {
    if (h5.modelConfig === undefined) {
      throw new LosscapeError(
        `${path}: the file holds weights only (no model_config): give the architecture (a model.json or a spec)`,
      );
    }
    converted = kerasTopologyToSpec(h5.modelConfig, {
      file: path,
      trainingConfig: h5.trainingConfig,
      loss,
    });
  } else {
    const json = await readJsonFile(architecture);
    const topology = (json.modelTopology ?? json) as Record<string, unknown>;
    converted = kerasTopologyToSpec(topology, {
      file: architecture,
      trainingConfig: json.trainingConfig ?? topology.training_config ?? h5.trainingConfig,
      loss,
    });
  }
  return {
    spec: converted.spec,
    params: fillParams(converted.spec, converted.sources, h5, path),
  };
}
