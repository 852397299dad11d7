/**
 * Element-wise sum of two tensors stored alike, with optional ReLU fused (a residual block's
 * body plus shortcut; assembly/elementwise.ts `addTensors`). Planned by `residual.ts`.
 * @module
 */
import { sampleFloats, type TensorDesc } from "../program/types.ts";
import type { OpRun } from "./op.ts";

/** An add op: `out = a + b` (then ReLU when `relu`). */
export interface AddOp {
  /** Op kind. */
  kind: "add";
  /** First input buffer. */
  a: number;
  /** Second input buffer. */
  b: number;
  /** Output buffer. */
  out: number;
  /** Stored shape of all three. */
  desc: TensorDesc;
  /** Whether ReLU is fused. */
  relu: boolean;
}

/** Runs an add op on a block. */
export const runAdd: OpRun<AddOp> = (kernel, op, ctx) => {
  kernel.addTensors(
    ctx.buffers[op.a],
    ctx.buffers[op.b],
    ctx.buffers[op.out],
    ctx.rows * sampleFloats(op.desc),
    op.relu ? 1 : 0,
  );
};
