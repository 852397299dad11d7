/**
 * 2D convolutions, channels-last: zero-pad the input when "same" padding or the windows need it
 * (assembly/conv.ts `padImage`), then either the direct kernel (`conv2d`) or, for 3x3 stride-1
 * kernels, Winograd F(2x2, 3x3) (conv2d_winograd.ts).
 * @module
 */
import type { ResolvedConv2d } from "../../model/resolve.ts";
import { image, type PackEntry, type TensorDesc } from "../program/types.ts";
import { runWinogradConv, type WinogradPlan } from "./conv2d_winograd.ts";
import { planDense } from "./dense.ts";
import { type LayerPlan, type OpRun, weightPointer } from "./op.ts";

/** A convolution's sizes: kernel, strides, "same" padding before (top, left), padded input. */
export interface ConvGeometry {
  /** Kernel height and width. */
  kernel: [number, number];
  /** Strides. */
  strides: [number, number];
  /** Zero rows above and columns left of the input (TF's floor(pad_total / 2)). */
  pad: [number, number];
  /** Input size the windows need, `(out - 1) * stride + kernel` per axis. */
  paddedSize: [number, number];
  /** Input channels each tap reads. */
  cin: number;
  /** Output channels padded to a multiple of 4. */
  coutp: number;
}

/** A conv op. */
export interface ConvOp {
  /** Op kind. */
  kind: "conv";
  /** Input buffer. */
  input: number;
  /** Output buffer. */
  out: number;
  /** Stored input. */
  inDesc: TensorDesc;
  /** Stored output. */
  outDesc: TensorDesc;
  /** Buffer for the zero-padded input, or -1 when the windows fit the input as it is. */
  padded: number;
  /** Sizes. */
  geometry: ConvGeometry;
  /** Float offset of the kernel `[kh, kw, cin, coutp]` in the packed weights. */
  kernel: number;
  /** Float offset of the bias in the packed weights. */
  bias: number;
  /** Whether ReLU is fused. */
  relu: boolean;
  /** Run by Winograd F(2x2, 3x3) (3x3 stride-1 kernels), or null for direct convolution. */
  winograd: WinogradPlan | null;
}

/**
 * Describes a conv2d layer on an input (no buffers, weights at offset 0).
 *
 * @param layer The conv2d layer (or a residual block's 1x1 projection).
 * @param input The stored input.
 * @returns The op (input 0, out -1), the stored output, and its kernel's packing at offset 0.
 * @example
 * ```ts
 * import { resolveModel } from "../../model/resolve.ts";
 * import { describeConv } from "./conv2d.ts";
 * const layer = resolveModel({ kind: "sequential", inputShape: [5, 5, 1], layers: [{ type: "conv2d", filters: 6, kernelSize: 3 }, { type: "flatten" }] }).layers[0];
 * const input = { h: 5, w: 5, c: 1, stride: 1, groupC: 1, groupStride: 1 };
 * if (layer.type === "conv2d") console.log(describeConv(layer, input).desc.stride); // 8
 * ```
 */
export function describeConv(
  layer: ResolvedConv2d,
  input: TensorDesc,
): { op: ConvOp; desc: TensorDesc; kernel: PackEntry } {
  const { kernelSize: kernel, strides, pads } = layer;
  const [outH, outW] = layer.outputShape;
  const desc = image(outH, outW, layer.filters);
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
        pad: [pads[0][0], pads[1][0]],
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
      name: layer.tensors[0].name,
      rows: kernel[0] * kernel[1] * input.c,
      cols: layer.filters,
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
 * import { needsPadding } from "./conv2d.ts";
 * const desc = { h: 4, w: 4, c: 1, stride: 1, groupC: 1, groupStride: 1 };
 * const geometry = { kernel: [3, 3], strides: [1, 1], pad: [1, 1], paddedSize: [6, 6], cin: 1, coutp: 4 };
 * console.log(needsPadding({ inDesc: desc, geometry } as never)); // true
 * ```
 */
export function needsPadding(op: Pick<ConvOp, "inDesc" | "geometry">): boolean {
  const { pad, paddedSize } = op.geometry;
  return pad[0] > 0 || pad[1] > 0 || paddedSize[0] > op.inDesc.h || paddedSize[1] > op.inDesc.w;
}

/** Plans a conv2d layer: the same steps as a dense one (linear part, then activation). */
export const planConv2d: LayerPlan<"conv2d"> = planDense;

/** Runs a conv op on a block: Winograd, or pad (when needed) and the direct kernel. */
export const runConv: OpRun<ConvOp> = (kernel, op, ctx) => {
  if (op.winograd) {
    runWinogradConv(kernel, op, ctx.rows, ctx.buffers, ctx.weights, ctx.zeros);
    return;
  }
  const { rows, buffers } = ctx;
  const { inDesc, outDesc, geometry: g } = op;
  let source = buffers[op.input], h = inDesc.h, w = inDesc.w;
  if (op.padded >= 0) {
    [h, w] = g.paddedSize;
    kernel.padImage(
      source,
      inDesc.h,
      inDesc.w,
      inDesc.stride,
      rows,
      g.pad[0],
      g.pad[1],
      buffers[op.padded],
      h,
      w,
    );
    source = buffers[op.padded];
  }
  kernel.conv2d(
    source,
    h,
    w,
    inDesc.stride,
    g.cin,
    rows,
    g.kernel[0],
    g.kernel[1],
    g.strides[0],
    g.strides[1],
    outDesc.h,
    outDesc.w,
    weightPointer(ctx, op.kernel),
    weightPointer(ctx, op.bias),
    g.coutp,
    buffers[op.out],
    op.relu ? 1 : 0,
    ctx.scratch,
  );
};
