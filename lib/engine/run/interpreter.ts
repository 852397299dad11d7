/**
 * Runs a plan's per-point program on one block of samples: each op through its run function in
 * the `OP_RUNNERS` table (ops/table.ts), one kernel call (or a few) per op.
 * @module
 */
import type { Kernel } from "../kernel/kernel.ts";
import type { BlockContext, OpRun } from "../ops/op.ts";
import { OP_RUNNERS } from "../ops/table.ts";
import type { KernelOp } from "../program/types.ts";

export type { BlockContext } from "../ops/op.ts";

/**
 * Runs the ops in order.
 *
 * @param kernel The kernel instance holding the buffers.
 * @param ops The plan's ops.
 * @param ctx Pointers and sizes for this block and point.
 * @returns Nothing; the output buffer holds the model's outputs for the block.
 * @example
 * ```ts ignore
 * runOps(kernel, plan.ops, ctx); // see runner.ts
 * ```
 */
export function runOps(kernel: Kernel, ops: KernelOp[], ctx: BlockContext): void {
  for (const op of ops) (OP_RUNNERS[op.kind] as OpRun<KernelOp>)(kernel, op, ctx);
}
