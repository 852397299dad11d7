/**
 * A Keras graph to our model spec: a chain of layers, where a fork that joins again at an `Add`
 * (one path the body, the other the identity or a single 1x1 Conv2D / Dense projection) becomes
 * a `residual` layer, and an activation right after the `Add` becomes the block's activation.
 * @module
 */
import { LosscapeError } from "../../../errors.ts";
import type { LayerSpec, ModelSpec, ResidualLayer } from "../../spec.ts";
import { kerasLayerToSpec } from "./keras_layers.ts";
import type { SpecFill } from "../keras/keras_preprocess.ts";
import type { KerasGraph, KerasNode } from "../parse/keras_topology.ts";

/** Where one of our tensors comes from: a Keras layer's weight, or a constant. */
export type WeightSource = { layer: string; weight: string } | { fill: number };

/** A converted model: our spec (without loss) and the source of every tensor by name. */
export interface ConvertedGraph {
  /** The spec; its layers carry the Keras layer names. */
  spec: ModelSpec;
  /** Our tensor name (`conv0/kernel`, `res0/shortcut/bias`, ...) to its Keras weight. */
  sources: Map<string, WeightSource>;
  /** Spec fields read from stored weights (an adapted Normalization's mean and variance). */
  fills?: SpecFill[];
}

const ACTIVATION_CLASSES = ["Activation", "ReLU", "LeakyReLU", "ELU", "Softmax"];

/**
 * Converts a Keras graph (see `readKerasGraph`) into our spec.
 *
 * @param graph The graph.
 * @param file The file it came from, for messages.
 * @returns The spec and the weight sources.
 * @throws {LosscapeError} Naming the layer when the graph is not a chain of supported layers
 * and residual blocks.
 * @example
 * ```ts
 * import { readKerasGraph } from "../parse/keras_topology.ts";
 * import { kerasGraphToSpec } from "./keras_graph.ts";
 * const graph = readKerasGraph({ class_name: "Sequential", config: { layers: [
 *   { class_name: "Dense", config: { name: "d", units: 2, batch_input_shape: [null, 4] } },
 * ] } }, "model.json");
 * console.log(kerasGraphToSpec(graph, "model.json").sources.get("d/kernel")); // { layer: "d", weight: "kernel" }
 * ```
 */
export function kerasGraphToSpec(graph: KerasGraph, file: string): ConvertedGraph {
  const byName = new Map(graph.nodes.map((node) => [node.name, node]));
  const consumers = new Map<string, KerasNode[]>();
  for (const node of graph.nodes) {
    for (const input of node.inputs) consumers.set(input, [...consumers.get(input) ?? [], node]);
  }
  const sources = new Map<string, WeightSource>();
  const fills: SpecFill[] = [];
  const at = (node: KerasNode) => `${file}: layer "${node.name}" (${node.className})`;
  const fail = (node: KerasNode, message: string): never => {
    throw new LosscapeError(`${at(node)}: ${message}`);
  };
  const convert = (node: KerasNode, ourName: string, parent = ""): LayerSpec => {
    if (node.inputs.length !== 1) {
      fail(node, `expected one input in a chain of layers: got ${node.inputs.length}`);
    }
    const { layer, weights, fills: layerFills = [] } = kerasLayerToSpec(
      node.className,
      node.config,
      at(node),
    );
    fills.push(...layerFills);
    for (const [role, weight] of Object.entries(weights)) {
      const key = `${parent}${ourName}/${role}`;
      sources.set(
        key,
        typeof weight === "number" ? { fill: weight } : { layer: node.name, weight },
      );
    }
    layer.name = ourName; // in place: a SpecFill may point at this object
    return layer;
  };
  // Follows single-consumer layers from `start` until an Add; returns the path and the Add.
  const branch = (first: KerasNode, fork: string): { path: KerasNode[]; add: KerasNode } => {
    const path: KerasNode[] = [];
    let node = first;
    while (node.className !== "Add") {
      if (path.length > graph.nodes.length) fail(node, `the layers form a cycle`);
      if (node.inputs.length !== 1) {
        fail(
          node,
          `joins ${node.inputs.length} paths: only an Add can join the two paths leaving "${fork}" (a residual block)`,
        );
      }
      path.push(node);
      const next = consumers.get(node.name) ?? [];
      if (next.length === 0) {
        fail(
          node,
          `the paths leaving "${fork}" must join again at an Add (a residual block): this one ends here`,
        );
      }
      if (next.length > 1) {
        fail(
          node,
          `inside the residual block that starts after "${fork}" every layer must feed one layer (nested branches are not supported): it feeds ${next.length}`,
        );
      }
      node = next[0];
    }
    return { path, add: node };
  };
  const isProjection = (path: KerasNode[]) =>
    path.length === 1 && (path[0].className === "Conv2D" || path[0].className === "Dense");
  const residual = (fork: string, next: KerasNode[]): { layer: ResidualLayer; end: string } => {
    if (next.length !== 2) {
      fail(
        byName.get(fork) ?? next[0],
        `its output feeds ${next.length} layers (${
          next.map((n) => n.name).join(", ")
        }): only a residual block (two paths joined by Add) can branch`,
      );
    }
    const paths = next.map((node) => branch(node, fork));
    const add = paths[0].add;
    if (paths[1].add !== add || add.inputs.length !== 2) {
      fail(add, `a residual Add must join exactly the two paths leaving "${fork}"`);
    }
    // The shortcut: the empty path (identity), else the one projection (the Add's second input
    // when both paths are single layers, as in Add([body, shortcut])).
    const [a, b] = paths.map((p) => p.path);
    const skip = a.length === 0
      ? a
      : b.length === 0
      ? b
      : isProjection(a) && !isProjection(b)
      ? a
      : isProjection(b) && !isProjection(a)
      ? b
      : isProjection(a) && isProjection(b)
      ? (add.inputs[1] === a[0].name ? a : b)
      : fail(
        add,
        `one input of a residual Add must be the block input "${fork}" or a single Conv2D/Dense projection of it`,
      );
    const body = paths.map((p) => p.path).find((p) => p !== skip) ?? [];
    const name = add.name;
    const strip = (child: string) =>
      child.startsWith(`${name}_`) ? child.slice(name.length + 1) : child;
    const layer: ResidualLayer = {
      type: "residual",
      name,
      layers: body.map((node) => convert(node, strip(node.name), `${name}/`)),
      shortcut: skip.length === 0 ? "identity" : "projection",
      activation: "linear",
    };
    if (skip.length === 1) {
      const projection = skip[0];
      const { layer: conv } = kerasLayerToSpec(
        projection.className,
        projection.config,
        at(projection),
      );
      const oneByOne = conv.type !== "conv2d" || [conv.kernelSize].flat().every((k) => k === 1);
      const plain = (conv.type === "conv2d" || conv.type === "dense") &&
        conv.activation === "linear" && conv.useBias !== false;
      if (!oneByOne || !plain) {
        fail(
          projection,
          "a residual projection must be a 1x1 Conv2D (or a Dense) with a bias and no activation",
        );
      }
      sources.set(`${name}/shortcut/kernel`, { layer: projection.name, weight: "kernel" });
      sources.set(`${name}/shortcut/bias`, { layer: projection.name, weight: "bias" });
    }
    const after = consumers.get(add.name) ?? [];
    if (after.length === 1 && ACTIVATION_CLASSES.includes(after[0].className)) {
      const act = kerasLayerToSpec(after[0].className, after[0].config, at(after[0])).layer;
      if (act.type === "activation") {
        layer.activation = act.activation;
        if (act.alpha !== undefined) layer.alpha = act.alpha;
        return { layer, end: after[0].name };
      }
    }
    return { layer, end: add.name };
  };
  const layers: LayerSpec[] = [];
  let current = graph.input;
  const visited = new Set<string>();
  for (;;) {
    const next = consumers.get(current) ?? [];
    if (next.length === 0) break;
    // A layer that feeds one before it (names pointing back) would make this walk endless.
    if (visited.has(current)) {
      throw new LosscapeError(`${file}: modelTopology: the layers form a cycle at "${current}"`);
    }
    visited.add(current);
    if (next.length === 1 && next[0].className !== "Add") {
      layers.push(convert(next[0], next[0].name));
      current = next[0].name;
      continue;
    }
    const block = residual(current, next);
    layers.push(block.layer);
    current = block.end;
  }
  if (current !== graph.output) {
    throw new LosscapeError(
      `${file}: modelTopology: the layers from input "${graph.input}" end at "${current}", not at the output "${graph.output}"`,
    );
  }
  return { spec: { kind: "sequential", inputShape: graph.inputShape, layers }, sources, fills };
}
