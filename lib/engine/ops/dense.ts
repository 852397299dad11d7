/**
 * Dense layers: `out = act(in @ W + b)` on flat vectors, one GEMM per block (assembly/gemm.ts).
 * Rows of W follow the stored input, padding included (zero rows), so a dense layer after a
 * flatten of a padded image reads it as stored.
 * @module
 */
import type { ResolvedLayer } from "../../model/resolve.ts";
import { flat, type PackEntry, physicalIndex, type TensorDesc } from "../program/types.ts";
import { type LayerPlan, type OpRun, weightPointer } from "./op.ts";

/** A dense op: `depth` stored inputs to `width` (padded) outputs per sample. */
export interface DenseOp {
  /** Op kind. */
  kind: "dense";
  /** Input buffer. */
  input: number;
  /** Output buffer. */
  out: number;
  /** Floats of one stored input sample. */
  depth: number;
  /** Outputs padded to a multiple of 4 (also the kernel's row stride). */
  width: number;
  /** Float offset of the kernel in the packed weights. */
  kernel: number;
  /** Float offset of the bias in the packed weights. */
  bias: number;
  /** Whether ReLU is fused. */
  relu: boolean;
}

/**
 * Describes a dense layer on an input (no buffers, weights at offset 0).
 *
 * @param layer The dense layer (a residual's projection passes a synthetic one).
 * @param units Output units.
 * @param input The stored input.
 * @returns The op (input 0, out -1), the stored output, and its kernel's packing at offset 0.
 * @example
 * ```ts
 * import { describeDense } from "./dense.ts";
 * const input = { h: 1, w: 1, c: 3, stride: 3, groupC: 3, groupStride: 3 };
 * const layer = { tensors: [{ name: "dense/kernel" }] } as never;
 * console.log(describeDense(layer, 5, input).desc.stride); // 8
 * ```
 */
export function describeDense(
  layer: Pick<ResolvedLayer, "tensors">,
  units: number,
  input: TensorDesc,
): { op: DenseOp; desc: TensorDesc; kernel: PackEntry } {
  const desc = flat(units);
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
      name: layer.tensors[0].name,
      rows: input.c * input.h * input.w,
      cols: units,
      offset: 0,
      rowStride: desc.stride,
      rowOf: (row) => physicalIndex(input, row),
    },
  };
}

/** Plans a dense layer: its linear part with ReLU fused, then any other activation. */
export const planDense: LayerPlan<"dense" | "conv2d"> = (planner, layer, current) => {
  const activation = planner.activationOf(layer);
  const linear = planner.linear(layer, current, activation === "relu");
  return planner.activate(linear, activation, layer.alpha, true);
};

/** Runs a dense op on a block: one GEMM with bias (and ReLU). */
export const runDense: OpRun<DenseOp> = (kernel, op, ctx) => {
  kernel.gemmBias(
    ctx.buffers[op.input],
    op.depth,
    ctx.rows,
    op.depth,
    weightPointer(ctx, op.kernel),
    op.width,
    weightPointer(ctx, op.bias),
    ctx.buffers[op.out],
    op.width,
    op.width,
    op.relu ? 1 : 0,
  );
};
