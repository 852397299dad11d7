/**
 * The per-layer half of the planner (model_plan.ts): turns each resolved layer into kernel ops
 * on padded buffers and records where its tensors go in the packed per-point vector.
 * @module
 */
import { pair, type ResolvedLayer } from "../model/resolve.ts";
import type { ActivationName } from "../model/spec.ts";
import {
  type KernelOp,
  type PackEntry,
  padTo4,
  physicalIndex,
  type TensorDesc,
} from "./model_ops.ts";

/** A planned tensor: the buffer holding it and its stored shape. */
export interface Planned {
  /** Buffer index. */
  id: number;
  /** Stored shape. */
  desc: TensorDesc;
}

type LinearOp = Extract<KernelOp, { kind: "dense" | "conv" }>;

/**
 * A flat vector as stored.
 *
 * @param c Its logical length.
 * @param stride Floats stored; default c padded to a multiple of 4.
 * @returns The descriptor.
 * @example
 * ```ts
 * import { flat } from "./plan_layers.ts";
 * console.log(flat(5).stride); // 8
 * ```
 */
export const flat = (c: number, stride = padTo4(c)): TensorDesc => ({
  h: 1,
  w: 1,
  c,
  stride,
  groupC: c,
  groupStride: stride,
});
const image = (h: number, w: number, c: number): TensorDesc => ({
  h,
  w,
  c,
  stride: padTo4(c),
  groupC: c,
  groupStride: padTo4(c),
});
/** TF's "same" padding before the data: floor(max((out - 1) * s + k - in, 0) / 2). */
const padBefore = (size: number, out: number, window: number, stride: number) =>
  Math.floor(Math.max((out - 1) * stride + window - size, 0) / 2);

/**
 * Describes a dense or conv layer's linear part on an input (no buffers, weights at offset 0).
 *
 * @param layer The layer (dense or conv2d; a residual's projection passes a synthetic one).
 * @param input The stored input.
 * @returns The op (input 0, out -1), the stored output, and its kernel's packing at offset 0.
 * @example
 * ```ts
 * import { resolveModel } from "../model/resolve.ts";
 * import { describeLinear } from "./plan_layers.ts";
 * const layer = resolveModel({ kind: "sequential", inputShape: [3], layers: [{ type: "dense", units: 5 }] }).layers[0];
 * console.log(describeLinear(layer, { h: 1, w: 1, c: 3, stride: 3, groupC: 3, groupStride: 3 }).desc.stride); // 8
 * ```
 */
export function describeLinear(
  layer: ResolvedLayer,
  input: TensorDesc,
): { op: LinearOp; desc: TensorDesc; kernel: PackEntry } {
  const spec = layer.spec;
  const kernelName = layer.tensors[0].name;
  if (spec.type === "dense") {
    const desc = flat(spec.units);
    return {
      op: {
        kind: "dense",
        input: 0,
        out: -1,
        depth: input.h * input.w * input.stride,
        width: desc.stride,
        kernel: 0,
        bias: 0,
        relu: false,
      },
      desc,
      kernel: {
        name: kernelName,
        rows: input.c * input.h * input.w,
        cols: spec.units,
        offset: 0,
        rowStride: desc.stride,
        rowOf: (row) => physicalIndex(input, row),
      },
    };
  }
  if (spec.type !== "conv2d") throw new TypeError(`Not a linear layer: ${spec.type}`);
  const kernel = pair(spec.kernelSize, [1, 1]), strides = pair(spec.strides, [1, 1]);
  const [outH, outW] = layer.outputShape;
  const same = (spec.padding ?? "valid") === "same";
  const desc = image(outH, outW, spec.filters);
  return {
    op: {
      kind: "conv",
      input: 0,
      out: -1,
      inDesc: input,
      outDesc: desc,
      padded: -1,
      geometry: {
        kernel,
        strides,
        pad: same
          ? [
            padBefore(input.h, outH, kernel[0], strides[0]),
            padBefore(input.w, outW, kernel[1], strides[1]),
          ]
          : [0, 0],
        paddedSize: [(outH - 1) * strides[0] + kernel[0], (outW - 1) * strides[1] + kernel[1]],
        cin: input.c,
        coutp: desc.stride,
      },
      kernel: 0,
      bias: 0,
      relu: false,
      winograd: null,
    },
    desc,
    kernel: {
      name: kernelName,
      rows: kernel[0] * kernel[1] * input.c,
      cols: spec.filters,
      offset: 0,
      rowStride: desc.stride,
      rowOf: (row) => row,
    },
  };
}

/**
 * Whether a conv op must copy its input into a zero-padded buffer first.
 *
 * @param op The conv op.
 * @returns True when "same" padding adds rows or columns before the data, or windows run past it.
 * @example
 * ```ts
 * import { needsPadding } from "./plan_layers.ts";
 * const desc = { h: 4, w: 4, c: 1, stride: 1, groupC: 1, groupStride: 1 };
 * const geometry = { kernel: [3, 3], strides: [1, 1], pad: [1, 1], paddedSize: [6, 6], cin: 1, coutp: 4 } as const;
 * console.log(needsPadding({ kind: "conv", input: 0, out: 1, inDesc: desc, outDesc: desc, padded: -1, geometry: structuredClone(geometry) as never, kernel: 0, bias: 0, relu: false, winograd: null })); // true
 * ```
 */
export function needsPadding(op: Extract<KernelOp, { kind: "conv" }>): boolean {
  const { pad, paddedSize } = op.geometry;
  return pad[0] > 0 || pad[1] > 0 || paddedSize[0] > op.inDesc.h || paddedSize[1] > op.inDesc.w;
}

/**
 * The activation a layer applies: "linear" when the loss fuses it (the model's last layer), a
 * residual's default "relu", else the layer's own (default "linear").
 *
 * @param layer The layer.
 * @param fusedLast The layer whose activation the loss fuses, if any.
 * @returns The activation to apply.
 * @example
 * ```ts
 * import { resolveModel } from "../model/resolve.ts";
 * import { activationOf } from "./plan_layers.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [2], layers: [{ type: "dense", units: 2, activation: "softmax" }] });
 * console.log(activationOf(model.layers[0], model.layers[0])); // "linear"
 * ```
 */
export function activationOf(
  layer: ResolvedLayer,
  fusedLast: ResolvedLayer | undefined,
): ActivationName {
  if (layer === fusedLast) return "linear";
  const spec = layer.spec;
  if (spec.type === "residual") return spec.activation ?? "relu";
  return "activation" in spec ? spec.activation ?? "linear" : "linear";
}
