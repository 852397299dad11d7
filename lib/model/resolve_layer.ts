/**
 * One resolver per layer type, in a table the compiler checks against `LAYER_TYPES`: each
 * checks the layer's fields, fills its defaults (from `layer_defaults.ts`) and derives its
 * output shape and parameter tensors from its input shape (TF's rules for windows and padding).
 * The table and the layers without weights are here; dense and conv2d in `resolve_linear.ts`,
 * residual blocks in `resolve_residual.ts`, the input layers in `resolve_preprocess.ts`.
 * @module
 */
import type { InitName } from "./init.ts";
import { LAYER_DEFAULTS } from "./layer_defaults.ts";
import type { LayerOf, LayerSpec, LayerType } from "./spec.ts";
import type { ResolvedBase, ResolvedLayer, ResolvedOf } from "./resolved_layer.ts";
import { resolvePreprocessLayer } from "./resolve_preprocess.ts";
import { resolveResidual } from "./resolve_residual.ts";
import { activationFields, resolveConv2d, resolveDense } from "./resolve_linear.ts";
import {
  checkPadding,
  checkPair,
  fail,
  imageInput,
  pair,
  resolveWindow,
  shapeText,
} from "./resolve_window.ts";

/** What a layer resolver knows besides the layer. */
export interface LayerContext {
  /** The fields every resolved layer has: spec, name, path, input shape. */
  base: Pick<ResolvedBase, "spec" | "name" | "path" | "inputShape">;
  /** How messages name the layer, e.g. `layers[2] (conv2d "conv1")`. */
  where: string;
  /** The model's kernel initialiser. */
  init: InitName;
  /** Resolves a list of layers (a residual block's body) on an input shape. */
  resolveLayers(
    layers: LayerSpec[],
    input: number[],
    prefix: string,
    pathPrefix: string,
  ): { layers: ResolvedLayer[]; outputShape: number[] };
}

/** The resolver of one layer type. */
export type LayerResolver<T extends LayerType> = (
  layer: LayerOf<T>,
  context: LayerContext,
) => ResolvedOf<T>;

/** Resolves a max or average pooling layer on an image input. */
const pool: LayerResolver<"max-pool2d" | "avg-pool2d"> = (layer, context) => {
  const where = context.where, input = imageInput(where, context.base.inputShape);
  checkPair(where, "poolSize", layer.poolSize);
  if (layer.strides !== undefined) checkPair(where, "strides", layer.strides);
  const padding = checkPadding(where, layer.padding ?? LAYER_DEFAULTS.padding);
  const size = LAYER_DEFAULTS.poolSize;
  const poolSize = pair(layer.poolSize, [size, size]);
  const { out, ...window } = resolveWindow(input, poolSize, pair(layer.strides, poolSize), padding);
  if (out[0] < 1 || out[1] < 1) {
    fail(where, `pool ${poolSize[0]}x${poolSize[1]} does not fit input ${shapeText(input)}`);
  }
  return {
    ...context.base,
    type: layer.type,
    poolSize,
    ...window,
    outputShape: [...out, input[2]],
    tensors: [],
  } as ResolvedOf<"max-pool2d" | "avg-pool2d">;
};

/** Every layer type's resolver; a type without one is a compile error. */
const LAYER_RESOLVERS = {
  dense: resolveDense,
  conv2d: resolveConv2d,
  "max-pool2d": pool,
  "avg-pool2d": pool,
  "global-avg-pool2d"(_layer, context) {
    const input = imageInput(context.where, context.base.inputShape);
    return { ...context.base, type: "global-avg-pool2d", outputShape: [input[2]], tensors: [] };
  },
  flatten(_layer, { base }) {
    const size = base.inputShape.reduce((a, b) => a * b, 1);
    return { ...base, type: "flatten", outputShape: [size], tensors: [] };
  },
  "batch-norm"(layer, { base, where }) {
    const epsilon = layer.epsilon ?? LAYER_DEFAULTS.batchNormEpsilon;
    if (!(epsilon > 0)) fail(where, `epsilon must be > 0: got ${JSON.stringify(layer.epsilon)}`);
    const channels = base.inputShape[base.inputShape.length - 1];
    const roles = ["gamma", "beta", "moving-mean", "moving-variance"] as const;
    return {
      ...base,
      type: "batch-norm",
      epsilon,
      momentum: layer.momentum ?? LAYER_DEFAULTS.batchNormMomentum,
      outputShape: base.inputShape,
      tensors: roles.map((role) => ({ name: `${base.name}/${role}`, shape: [channels], role })),
    };
  },
  dropout(layer, { base, where }) {
    if (!(layer.rate >= 0 && layer.rate < 1)) {
      fail(where, `rate must be in [0, 1): got ${JSON.stringify(layer.rate)}`);
    }
    return {
      ...base,
      type: "dropout",
      rate: layer.rate,
      outputShape: base.inputShape,
      tensors: [],
    };
  },
  activation(layer, { base, where }) {
    if (layer.activation === undefined) fail(where, "activation is required");
    return {
      ...base,
      type: "activation",
      ...activationFields(layer),
      outputShape: base.inputShape,
      tensors: [],
    };
  },
  residual: resolveResidual,
  reshape(layer, { base, where }) {
    const outputShape = resolvePreprocessLayer(layer, base.inputShape, where);
    return { ...base, type: "reshape", targetShape: layer.targetShape, outputShape, tensors: [] };
  },
  rescaling(layer, { base, where }) {
    const outputShape = resolvePreprocessLayer(layer, base.inputShape, where);
    const offset = layer.offset ?? LAYER_DEFAULTS.rescalingOffset;
    return { ...base, type: "rescaling", scale: layer.scale, offset, outputShape, tensors: [] };
  },
  normalization(layer, { base, where }) {
    const outputShape = resolvePreprocessLayer(layer, base.inputShape, where);
    const { mean, variance } = layer;
    return { ...base, type: "normalization", mean, variance, outputShape, tensors: [] };
  },
} satisfies { [T in LayerType]: LayerResolver<T> };

/**
 * Checks one layer, fills its defaults and derives its output shape and tensors.
 *
 * @param layer The layer as written.
 * @param context Its input shape, names and the model's initialiser.
 * @returns The resolved layer.
 * @throws {LosscapeError} Naming the layer, what was expected and what was found.
 * @example
 * ```ts
 * import { resolveLayer } from "./resolve_layer.ts";
 * const layer = { type: "conv2d" as const, filters: 8, kernelSize: 3, strides: 2, padding: "same" as const };
 * const base = { spec: layer, name: "conv0", path: "layers[0]", inputShape: [7, 7, 1] };
 * const resolved = resolveLayer(layer, { base, where: "layers[0]", init: "he-normal", resolveLayers: () => { throw new Error("no body"); } });
 * console.log(resolved.outputShape); // [4, 4, 8]
 * ```
 */
export function resolveLayer(layer: LayerSpec, context: LayerContext): ResolvedLayer {
  const resolver = LAYER_RESOLVERS[layer.type] as (
    layer: LayerSpec,
    context: LayerContext,
  ) => ResolvedLayer;
  return resolver(layer, context);
}
