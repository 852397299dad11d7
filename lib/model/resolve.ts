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
  LOSSES,
  type ModelSpec,
  type ResidualLayer,
} from "./spec.ts";
import {
  fail,
  isPositiveInt,
  pair,
  type ResolvedTensor,
  resolveSimpleLayer,
  shapeText,
} from "./resolve_layer.ts";

export { pair, type ResolvedTensor, windowOutput } from "./resolve_layer.ts";

/** A layer with everything derived from the spec. */
export interface ResolvedLayer {
  /** The layer as written. */
  spec: LayerSpec;
  /** Full name, e.g. `conv0` or `res1/bn0`. */
  name: string;
  /** Where it is in the spec, e.g. `layers[3].layers[1]`, for messages. */
  path: string;
  /** Per-sample input shape. */
  inputShape: number[];
  /** Per-sample output shape. */
  outputShape: number[];
  /** Parameter tensors in storage order; a residual's include its body's and its shortcut's. */
  tensors: ResolvedTensor[];
  /** Residual only: the body. */
  body?: ResolvedLayer[];
  /** Residual with a projection: the 1x1 convolution's tensors. */
  shortcut?: ResolvedTensor[];
  /** Residual with a projection on images: the 1x1 convolution's stride (padding "same"). */
  shortcutStride?: [number, number];
}

/** A checked model. */
export interface ResolvedModel {
  /** The spec, with defaults filled in (`loss`, `init`). */
  spec: Required<ModelSpec>;
  /** Top-level layers. */
  layers: ResolvedLayer[];
  /** Per-sample output shape of the network. */
  outputShape: number[];
}

const SHORT: Record<string, string> = {
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
};

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
): { layers: ResolvedLayer[]; outputShape: number[] } {
  if (!Array.isArray(layers)) fail(pathPrefix || "model", "layers must be an array");
  const counters: Record<string, number> = {};
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
    const result = resolveOne(layer, shape, name, where, path);
    shape = result.outputShape;
    const values = shape.reduce((a, b) => a * b, 1);
    if (values > MAX_VALUES) {
      fail(where, `outputs ${values} values per sample: at most ${MAX_VALUES} are supported`);
    }
    return result;
  });
  return { layers: resolved, outputShape: shape };
}

function resolveOne(
  layer: LayerSpec,
  input: number[],
  name: string,
  where: string,
  path: string,
): ResolvedLayer {
  const base = { spec: layer, name, path, inputShape: input };
  if (layer.type !== "residual") {
    return { ...base, ...resolveSimpleLayer(layer, input, name, where) };
  }
  return resolveResidual(layer, base, where, path);
}

/** A residual block: its body, then the identity or a 1x1 projection on the skip path. */
function resolveResidual(
  layer: ResidualLayer,
  base: Pick<ResolvedLayer, "spec" | "name" | "path" | "inputShape">,
  where: string,
  path: string,
): ResolvedLayer {
  const { name, inputShape: input } = base;
  const inner = resolveLayers(layer.layers, input, `${name}/`, `${path}.`);
  const out = inner.outputShape;
  const shortcut = layer.shortcut ?? "identity";
  if (shortcut === "identity") {
    if (shapeText(out) !== shapeText(input)) {
      fail(
        where,
        `identity shortcut needs the body to keep the shape: input ${
          shapeText(input)
        }, body output ${shapeText(out)} (use "shortcut": "projection")`,
      );
    }
    return {
      ...base,
      outputShape: out,
      tensors: inner.layers.flatMap((child) => child.tensors),
      body: inner.layers,
    };
  }
  if (shortcut !== "projection") {
    fail(where, `shortcut must be "identity" or "projection": got ${JSON.stringify(shortcut)}`);
  }
  if (input.length !== out.length) {
    fail(
      where,
      `projection needs input and body output of the same rank: ${shapeText(input)} vs ${
        shapeText(out)
      }`,
    );
  }
  // The 1x1 projection strides like the body: the product of its conv and pool strides.
  const stride: [number, number] = [1, 1];
  for (const child of inner.layers) {
    const spec = child.spec;
    if (spec.type === "conv2d" || spec.type === "max-pool2d" || spec.type === "avg-pool2d") {
      const [sh, sw] = spec.type === "conv2d"
        ? pair(spec.strides, [1, 1])
        : pair(spec.strides, pair(spec.poolSize, [2, 2]));
      stride[0] *= sh;
      stride[1] *= sw;
    }
  }
  const strided = [Math.ceil(input[0] / stride[0]), Math.ceil(input[1] / stride[1])];
  if (out.length === 3 && (strided[0] !== out[0] || strided[1] !== out[1])) {
    fail(
      where,
      `a 1x1 projection with stride ${stride.join("x")} maps ${shapeText(input)} to [${
        strided.join(", ")
      }, ${out[2]}], but the body outputs ${shapeText(out)} (use "same" padding in the body)`,
    );
  }
  const projection: ResolvedTensor[] = out.length === 3
    ? [{ name: `${name}/shortcut/kernel`, shape: [1, 1, input[2], out[2]], role: "kernel" }, {
      name: `${name}/shortcut/bias`,
      shape: [out[2]],
      role: "bias",
    }]
    : [{ name: `${name}/shortcut/kernel`, shape: [input[0], out[0]], role: "kernel" }, {
      name: `${name}/shortcut/bias`,
      shape: [out[0]],
      role: "bias",
    }];
  return {
    ...base,
    outputShape: out,
    tensors: [...inner.layers.flatMap((child) => child.tensors), ...projection],
    body: inner.layers,
    shortcut: projection,
    shortcutStride: out.length === 3 ? stride : undefined,
  };
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
  const { layers, outputShape } = resolveLayers(spec.layers, input, "", "");
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
  return { spec: { ...spec, loss, init: spec.init ?? "he-normal" }, layers, outputShape };
}
