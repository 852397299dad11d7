/**
 * Global average pooling: the mean of every channel over all pixels of a sample, giving a flat
 * vector with the image's (padded) channel stride (assembly/pool.ts `globalAvgPool`).
 * @module
 */
import { flat, type TensorDesc } from "../program/types.ts";
import type { LayerPlan, OpRun } from "./op.ts";

/** A global average pooling op. */
export interface GlobalAvgPoolOp {
  /** Op kind. */
  kind: "global-avg-pool";
  /** Input buffer. */
  input: number;
  /** Output buffer. */
  out: number;
  /** Stored input image. */
  inDesc: TensorDesc;
}

/** Plans a global-avg-pool2d layer. */
export const planGlobalAvgPool: LayerPlan<"global-avg-pool2d"> = (planner, _layer, current) =>
  planner.push(
    { kind: "global-avg-pool", input: current.id, out: -1, inDesc: current.desc },
    flat(current.desc.c, current.desc.stride),
  );

/** Runs a global average pooling op on a block. */
export const runGlobalAvgPool: OpRun<GlobalAvgPoolOp> = (kernel, op, ctx) => {
  kernel.globalAvgPool(
    ctx.buffers[op.input],
    op.inDesc.h * op.inDesc.w,
    op.inDesc.stride,
    ctx.rows,
    ctx.buffers[op.out],
  );
};
