/**
 * Checks a model spec and resolves it: a name, input and output shapes, and parameter tensors
 * for every layer, so that the layout, TF.js and the engine all agree on one reading of it.
 * Every problem is reported as one line naming the layer (its path in the spec) and the shapes.
 * @module
 */
import {
  ACTIVATIONS,
  LAYER_TYPES,
  type LayerSpec,
  type LayerType,
  LOSSES,
  type ModelSpec,
} from "./spec.ts";
import type { ResolvedLayer } from "./resolved_layer.ts";
import type { InitName } from "./init.ts";
import { type LayerContext, resolveLayer } from "./resolve_layer.ts";
import { fail, isPositiveInt, shapeText } from "./resolve_window.ts";

export { pair, windowOutput } from "./resolve_window.ts";
export type * from "./resolved_layer.ts";

/** A checked model. */
export interface ResolvedModel {
  /** The spec as written, with the model's defaults filled in (`loss`, `init`). */
  spec: Required<ModelSpec>;
  /** Top-level layers, every default filled. */
  layers: ResolvedLayer[];
  /** Per-sample output shape of the network. */
  outputShape: number[];
}

/** The prefix of generated layer names (`dense0`, `conv1`, `bn0`, `res0`, ...). */
const SHORT = {
  dense: "dense",
  conv2d: "conv",
  "max-pool2d": "maxpool",
  "avg-pool2d": "avgpool",
  "global-avg-pool2d": "gap",
  flatten: "flatten",
  "batch-norm": "bn",
  dropout: "dropout",
  activation: "act",
  residual: "res",
  reshape: "reshape",
  rescaling: "rescale",
  normalization: "norm",
} as const satisfies Record<LayerType, string>;

/**
 * The most parameters, and values per sample out of any layer: 2^28 float32 values (1 GiB), so
 * that a spec asking for billions is refused before anything is allocated.
 */
const MAX_VALUES = 2 ** 28;

function resolveLayers(
  layers: LayerSpec[],
  inputShape: number[],
  prefix: string,
  pathPrefix: string,
  init: InitName,
): { layers: ResolvedLayer[]; outputShape: number[] } {
  if (!Array.isArray(layers)) fail(pathPrefix || "model", "layers must be an array");
  const counters: Record<string, number> = {};
  const resolveBody: LayerContext["resolveLayers"] = (body, input, bodyPrefix, bodyPath) =>
    resolveLayers(body, input, bodyPrefix, bodyPath, init);
  let shape = inputShape;
  const resolved = layers.map((layer, index) => {
    const path = `${pathPrefix}layers[${index}]`;
    const type = layer?.type;
    if (!LAYER_TYPES.includes(type)) {
      fail(
        path,
        `unsupported layer type ${JSON.stringify(type)}: supported are ${LAYER_TYPES.join(", ")}`,
      );
    }
    const short = SHORT[type];
    const count = counters[short] ?? 0;
    counters[short] = count + 1;
    const name = `${prefix}${layer.name ?? `${short}${count}`}`;
    const where = `${path} (${type} "${name}")`;
    const activation = "activation" in layer ? layer.activation : undefined;
    if (activation !== undefined && !ACTIVATIONS.includes(activation)) {
      fail(
        where,
        `activation must be one of ${ACTIVATIONS.join(", ")}: got ${JSON.stringify(activation)}`,
      );
    }
    const base = { spec: layer, name, path, inputShape: shape };
    const result = resolveLayer(layer, { base, where, init, resolveLayers: resolveBody });
    shape = result.outputShape;
    const values = shape.reduce((a, b) => a * b, 1);
    if (values > MAX_VALUES) {
      fail(where, `outputs ${values} values per sample: at most ${MAX_VALUES} are supported`);
    }
    return result;
  });
  return { layers: resolved, outputShape: shape };
}

/**
 * Checks a spec and derives names, shapes and tensors for every layer.
 *
 * @param spec The model spec (e.g. parsed from `--model spec.json`).
 * @returns The resolved model.
 * @throws {LosscapeError} Naming the layer (path, type, name) and what was expected.
 * @example
 * ```ts
 * import { resolveModel } from "./resolve.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [4], layers: [{ type: "dense", units: 3 }] });
 * console.log(model.outputShape, model.layers[0].tensors.map((t) => t.name)); // [3] ["dense0/kernel", "dense0/bias"]
 * ```
 */
export function resolveModel(spec: ModelSpec): ResolvedModel {
  if (spec?.kind !== "sequential") {
    fail("model", `kind must be "sequential": got ${JSON.stringify(spec?.kind)}`);
  }
  const input = spec.inputShape;
  if (
    !Array.isArray(input) || input.length < 1 || input.length > 3 || !input.every(isPositiveInt)
  ) {
    fail(
      "model",
      `inputShape must be [features] or [height, width, channels] of positive integers: got ${
        JSON.stringify(input)
      }`,
    );
  }
  const loss = spec.loss ?? "softmax-cross-entropy";
  if (!LOSSES.includes(loss)) {
    fail("model", `loss must be one of ${LOSSES.join(", ")}: got ${JSON.stringify(loss)}`);
  }
  const init = spec.init ?? "he-normal";
  const { layers, outputShape } = resolveLayers(spec.layers, input, "", "", init);
  if (outputShape.length !== 1) {
    fail(
      "model",
      `the last layer must output a flat vector: got ${
        shapeText(outputShape)
      } (add flatten or global-avg-pool2d)`,
    );
  }
  const parameters = layers.flatMap((layer) => layer.tensors)
    .reduce((sum, tensor) => sum + tensor.shape.reduce((a, b) => a * b, 1), 0);
  if (parameters > MAX_VALUES) {
    fail("model", `has ${parameters} parameters: at most ${MAX_VALUES} are supported`);
  }
  if (loss === "binary-cross-entropy" && outputShape[0] !== 1) {
    fail("model", `binary-cross-entropy needs exactly 1 output: got ${outputShape[0]}`);
  }
  return { spec: { ...spec, loss, init }, layers, outputShape };
}
