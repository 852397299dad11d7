/**
 * The resolvers of the layers that are linear in their weights, dense and conv2d: each has a
 * kernel, an optional bias and an activation after it. They check the fields, fill the
 * defaults and derive the output shape (TF's window rules for a convolution) and the tensors.
 * @module
 */
import { activationAlpha, LAYER_DEFAULTS } from "./layer_defaults.ts";
import type { ActivationName } from "./spec.ts";
import type { LayerResolver } from "./resolve_layer.ts";
import type { ResolvedActivationFields, ResolvedTensor } from "./resolved_layer.ts";
import {
  checkPadding,
  checkPair,
  fail,
  imageInput,
  isPositiveInt,
  pair,
  resolveWindow,
  shapeText,
} from "./resolve_window.ts";

/**
 * A layer's activation and its parameter, defaults filled.
 *
 * @param layer The activation fields as written.
 * @returns The activation (default `"linear"`) and its alpha.
 * @example
 * ```ts
 * import { activationFields } from "./resolve_linear.ts";
 * console.log(activationFields({ activation: "leaky-relu" })); // { activation: "leaky-relu", alpha: 0.2 }
 * ```
 */
export function activationFields(
  layer: { activation?: ActivationName; alpha?: number },
): ResolvedActivationFields {
  const activation = layer.activation ?? LAYER_DEFAULTS.activation;
  return { activation, alpha: activationAlpha(activation, layer.alpha) };
}

/**
 * The tensors of a layer linear in its weights: a kernel of the given shape and, with `bias`,
 * a bias of `outputs` values.
 *
 * @param name The layer's name; the tensors are `<name>/kernel` and `<name>/bias`.
 * @param kernel The kernel's shape.
 * @param outputs Output width (units or filters).
 * @param bias Whether the layer has a bias.
 * @returns The kernel, then the bias.
 * @example
 * ```ts
 * import { linearTensors } from "./resolve_linear.ts";
 * console.log(linearTensors("dense0", [4, 2], 2, true).map((t) => t.name)); // ["dense0/kernel", "dense0/bias"]
 * ```
 */
export function linearTensors(
  name: string,
  kernel: number[],
  outputs: number,
  bias: boolean,
): ResolvedTensor[] {
  const tensors: ResolvedTensor[] = [{ name: `${name}/kernel`, shape: kernel, role: "kernel" }];
  if (bias) tensors.push({ name: `${name}/bias`, shape: [outputs], role: "bias" });
  return tensors;
}

/** Resolves a dense layer on a flat input. */
export const resolveDense: LayerResolver<"dense"> = (layer, context) => {
  const { base, where } = context, input = base.inputShape;
  if (!isPositiveInt(layer.units)) {
    fail(where, `units must be a positive integer: got ${JSON.stringify(layer.units)}`);
  }
  if (input.length !== 1) {
    fail(where, `expects a flat input [features]: got ${shapeText(input)} (add a flatten layer)`);
  }
  const useBias = layer.useBias ?? LAYER_DEFAULTS.useBias;
  return {
    ...base,
    type: "dense",
    units: layer.units,
    ...activationFields(layer),
    useBias,
    init: layer.init ?? context.init,
    outputShape: [layer.units],
    tensors: linearTensors(base.name, [input[0], layer.units], layer.units, useBias),
  };
};

/** Resolves a 2D convolution on an image input. */
export const resolveConv2d: LayerResolver<"conv2d"> = (layer, context) => {
  const { base, where } = context, input = imageInput(where, base.inputShape);
  if (!isPositiveInt(layer.filters)) {
    fail(where, `filters must be a positive integer: got ${JSON.stringify(layer.filters)}`);
  }
  checkPair(where, "kernelSize", layer.kernelSize);
  if (layer.strides !== undefined) checkPair(where, "strides", layer.strides, 2);
  const padding = checkPadding(where, layer.padding ?? LAYER_DEFAULTS.padding);
  const kernelSize = pair(layer.kernelSize, [1, 1]);
  const stride = LAYER_DEFAULTS.convStride;
  const { out, ...window } = resolveWindow(
    input,
    kernelSize,
    pair(layer.strides, [stride, stride]),
    padding,
  );
  if (out[0] < 1 || out[1] < 1) {
    const [kh, kw] = kernelSize;
    fail(where, `kernel ${kh}x${kw} does not fit input ${shapeText(input)} with "valid" padding`);
  }
  const useBias = layer.useBias ?? LAYER_DEFAULTS.useBias;
  return {
    ...base,
    type: "conv2d",
    filters: layer.filters,
    kernelSize,
    ...window,
    ...activationFields(layer),
    useBias,
    init: layer.init ?? context.init,
    outputShape: [...out, layer.filters],
    tensors: linearTensors(
      base.name,
      [...kernelSize, input[2], layer.filters],
      layer.filters,
      useBias,
    ),
  };
};
