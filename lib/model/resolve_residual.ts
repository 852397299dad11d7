/**
 * A residual block: its body, then the identity or a 1x1 projection on the skip path, resolved
 * as a layer of its own (a 1x1 convolution with the body's total stride on images, a dense
 * layer on flat inputs) so that whoever runs the block runs it like any other linear layer.
 * @module
 */
import { activationAlpha, LAYER_DEFAULTS } from "./layer_defaults.ts";
import type { LayerContext } from "./resolve_layer.ts";
import { linearTensors } from "./resolve_linear.ts";
import type {
  ResolvedConv2d,
  ResolvedDense,
  ResolvedLayer,
  ResolvedResidual,
} from "./resolved_layer.ts";
import { fail, resolveWindow, shapeText } from "./resolve_window.ts";
import type { ResidualLayer } from "./spec.ts";

/** The product of the body's conv and pool strides, per axis. */
function bodyStride(body: ResolvedLayer[]): [number, number] {
  const stride: [number, number] = [1, 1];
  for (const child of body) {
    if (child.type === "conv2d" || child.type === "max-pool2d" || child.type === "avg-pool2d") {
      stride[0] *= child.strides[0];
      stride[1] *= child.strides[1];
    }
  }
  return stride;
}

/** The 1x1 projection from the block's input to its body's output shape. */
function projection(
  context: LayerContext,
  out: number[],
  body: ResolvedLayer[],
): ResolvedConv2d | ResolvedDense {
  const { base, where, init } = context, input = base.inputShape;
  const name = `${base.name}/shortcut`, path = `${base.path}.shortcut`;
  const linear = { activation: "linear" as const, alpha: activationAlpha("linear"), useBias: true };
  if (out.length !== 3) {
    const units = out[0];
    return {
      spec: { type: "dense", units },
      name,
      path,
      inputShape: input,
      outputShape: out,
      tensors: linearTensors(name, [input[0], units], units, true),
      type: "dense",
      units,
      ...linear,
      init,
    };
  }
  const stride = bodyStride(body), filters = out[2];
  const padding = LAYER_DEFAULTS.projectionPadding;
  const { out: strided, ...window } = resolveWindow(input, [1, 1], stride, padding);
  if (strided[0] !== out[0] || strided[1] !== out[1]) {
    fail(
      where,
      `a 1x1 projection with stride ${stride.join("x")} maps ${shapeText(input)} to [${
        strided.join(", ")
      }, ${filters}], but the body outputs ${shapeText(out)} (use "same" padding in the body)`,
    );
  }
  return {
    spec: { type: "conv2d", filters, kernelSize: 1, strides: stride, padding },
    name,
    path,
    inputShape: input,
    outputShape: out,
    tensors: linearTensors(name, [1, 1, input[2], filters], filters, true),
    type: "conv2d",
    filters,
    kernelSize: [1, 1],
    ...window,
    ...linear,
    init,
  };
}

/**
 * Resolves a residual block: its body, its shortcut and the activation after the sum.
 *
 * @param layer The block as written.
 * @param context Its input shape, names and the model's initialiser.
 * @returns The resolved block.
 * @throws {LosscapeError} When the shortcut cannot match the body's output shape.
 * @example
 * ```ts
 * import { resolveModel } from "./resolve.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [4], layers: [{ type: "residual", shortcut: "projection", layers: [{ type: "dense", units: 2 }] }] });
 * console.log(model.layers[0].type === "residual" && model.layers[0].projection?.name); // "res0/shortcut"
 * ```
 */
export function resolveResidual(layer: ResidualLayer, context: LayerContext): ResolvedResidual {
  const { base, where } = context, input = base.inputShape;
  const inner = context.resolveLayers(layer.layers, input, `${base.name}/`, `${base.path}.`);
  const out = inner.outputShape, body = inner.layers;
  const activation = layer.activation ?? LAYER_DEFAULTS.residualActivation;
  const block = {
    ...base,
    type: "residual" as const,
    activation,
    alpha: activationAlpha(activation, layer.alpha),
    outputShape: out,
    body,
  };
  const shortcut = layer.shortcut ?? LAYER_DEFAULTS.shortcut;
  if (shortcut === "identity") {
    if (shapeText(out) !== shapeText(input)) {
      fail(
        where,
        `identity shortcut needs the body to keep the shape: input ${
          shapeText(input)
        }, body output ${shapeText(out)} (use "shortcut": "projection")`,
      );
    }
    return { ...block, tensors: body.flatMap((child) => child.tensors) };
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
  const project = projection(context, out, body);
  return {
    ...block,
    tensors: [...body.flatMap((child) => child.tensors), ...project.tensors],
    projection: project,
    shortcut: project.tensors,
    shortcutStride: project.type === "conv2d" ? project.strides : undefined,
  };
}
