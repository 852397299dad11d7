/**
 * Reads a Keras model topology (the `modelTopology` of a TF.js `model.json`, or the
 * `model_config` attribute of a Keras `.h5`) into a graph of layers: each layer with its class,
 * config and the names of the layers it reads from. Sequential models become a chain; Functional
 * models keep their edges (Keras 2 `inbound_nodes` lists and Keras 3 `keras_history` records).
 * @module
 */
import { LosscapeError } from "../../../errors.ts";

/** A Keras layer as serialised: `class_name`, `config` and, in Functional models, its edges. */
export interface KerasLayerJson {
  /** Keras class, e.g. `Dense`. */
  class_name: string;
  /** The layer's settings (`name`, `units`, ...). */
  config: Record<string, unknown>;
  /** The layer's name (Functional models repeat it here). */
  name?: string;
  /** Functional models: the layers it reads from. */
  inbound_nodes?: unknown[];
}

/** One layer of a {@linkcode KerasGraph}. */
export interface KerasNode {
  /** The layer's name (unique in the model). */
  name: string;
  /** Keras class, e.g. `Conv2D`. */
  className: string;
  /** The layer's config as written. */
  config: Record<string, unknown>;
  /** Names of the layers whose outputs this layer reads, in order. */
  inputs: string[];
}

/** A model's layers with their edges, one input and one output. */
export interface KerasGraph {
  /** Layers in file order. */
  nodes: KerasNode[];
  /** Name of the input layer (a synthetic `input` node for a Sequential without InputLayer). */
  input: string;
  /** Name of the output layer. */
  output: string;
  /** Shape of one sample, from the input's `batch_input_shape` / `batch_shape`. */
  inputShape: number[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Names referenced by a Keras 2 inbound node (`[[name, node, tensor, kwargs], ...]`) or Keras 3 args. */
function inboundNames(node: unknown): string[] {
  if (isObject(node)) {
    const history = isObject(node.config) ? node.config.keras_history : undefined;
    if (Array.isArray(history) && typeof history[0] === "string") return [history[0]];
    return Object.values(node).flatMap(inboundNames);
  }
  if (Array.isArray(node)) {
    if (typeof node[0] === "string" && typeof node[1] === "number") return [node[0]];
    return node.flatMap(inboundNames);
  }
  return [];
}

function sampleShape(config: Record<string, unknown>): number[] | undefined {
  const batch = config.batch_input_shape ?? config.batch_shape;
  if (Array.isArray(batch)) return batch.slice(1) as number[];
  const input = config.input_shape;
  return Array.isArray(input) ? input as number[] : undefined;
}

/**
 * Reads a Keras topology into a graph.
 *
 * @param topology The `modelTopology` object (a `model_config` wrapper is unwrapped).
 * @param file The file it came from, for messages.
 * @returns The graph.
 * @throws {LosscapeError} When the topology is not a single-input, single-output Sequential or
 * Functional model, or has no input shape.
 * @example
 * ```ts
 * import { readKerasGraph } from "./keras_topology.ts";
 * const graph = readKerasGraph({ class_name: "Sequential", config: { layers: [
 *   { class_name: "Dense", config: { name: "d", units: 2, batch_input_shape: [null, 4] } },
 * ] } }, "model.json");
 * console.log(graph.inputShape, graph.output); // [4] "d"
 * ```
 */
export function readKerasGraph(topology: unknown, file: string): KerasGraph {
  const fail = (message: string): never => {
    throw new LosscapeError(`${file}: modelTopology: ${message}`);
  };
  let model = topology;
  if (isObject(model) && isObject(model.model_config)) model = model.model_config;
  if (!isObject(model) || typeof model.class_name !== "string") {
    return fail("expected a Keras model object with class_name and config");
  }
  const className = model.class_name;
  const config = model.config;
  const layers = (Array.isArray(config) ? config : isObject(config) ? config.layers : undefined) as
    | KerasLayerJson[]
    | undefined;
  if (!Array.isArray(layers) || layers.some((layer) => !isObject(layer))) {
    return fail(`expected config.layers to be an array of layers (class ${className})`);
  }
  const malformed = layers.findIndex((layer) =>
    typeof layer.class_name !== "string" || !isObject(layer.config)
  );
  if (malformed >= 0) fail(`layers[${malformed}]: expected a class_name and a config object`);
  const nameOf = (layer: KerasLayerJson, index: number) =>
    String(layer.config?.name ?? layer.name ?? `layer${index}`);
  if (className === "Sequential") {
    const nodes: KerasNode[] = [];
    let previous = "input";
    // Keras 3 may keep the shape only in the model's build_config.
    const built = isObject(model.build_config) ? model.build_config.input_shape : undefined;
    let inputShape = sampleShape(layers[0]?.config ?? {}) ??
      (Array.isArray(built) ? built.slice(1) as number[] : undefined);
    layers.forEach((layer, index) => {
      const name = nameOf(layer, index);
      if (layer.class_name === "InputLayer") {
        inputShape = sampleShape(layer.config) ?? inputShape;
        previous = name;
        return;
      }
      nodes.push({ name, className: layer.class_name, config: layer.config, inputs: [previous] });
      previous = name;
    });
    if (!inputShape) fail("the first layer has no batch_input_shape: cannot tell the input shape");
    if (nodes.length === 0) fail("the model has no layers");
    return { nodes, input: nodes[0].inputs[0], output: previous, inputShape: inputShape! };
  }
  if (className !== "Model" && className !== "Functional") {
    return fail(`class_name must be "Sequential", "Model" or "Functional": got "${className}"`);
  }
  const ends = (key: string) => {
    const value = isObject(config) ? config[key] : undefined;
    return [...new Set(inboundNames(value))];
  };
  const inputs = ends("input_layers");
  const outputs = ends("output_layers");
  if (inputs.length !== 1 || outputs.length !== 1) {
    fail(
      `only models with one input and one output are supported: got inputs [${inputs}] and outputs [${outputs}]`,
    );
  }
  const nodes = layers.map((layer, index): KerasNode => {
    const name = nameOf(layer, index);
    const inbound = layer.inbound_nodes ?? [];
    if (inbound.length > 1) {
      fail(`layer "${name}" is called ${inbound.length} times: shared layers are not supported`);
    }
    return {
      name,
      className: layer.class_name,
      config: layer.config,
      inputs: inboundNames(inbound[0] ?? []),
    };
  });
  const inputNode = nodes.find((node) => node.name === inputs[0]);
  const inputShape = inputNode && sampleShape(inputNode.config);
  if (!inputShape) fail(`input layer "${inputs[0]}" has no batch_input_shape`);
  return { nodes, input: inputs[0], output: outputs[0], inputShape: inputShape! };
}
