/**
 * Max and average pooling over 2D windows, channels-last, windows clipped to the image ("same"
 * padding never averages in zeros, as in Keras) (assembly/pool.ts).
 * @module
 */
import type { KernelOp, TensorDesc } from "../program/types.ts";
import type { LayerPlan, OpRun } from "./op.ts";

/** A pooling op. */
export interface PoolOp {
  /** Op kind. */
  kind: "pool";
  /** Input buffer. */
  input: number;
  /** Output buffer. */
  out: number;
  /** Stored input. */
  inDesc: TensorDesc;
  /** Stored output. */
  outDesc: TensorDesc;
  /** Window height and width. */
  window: [number, number];
  /** Strides. */
  strides: [number, number];
  /** Rows above and columns left of the input that windows may start in ("same"). */
  pad: [number, number];
  /** Average (true) or max (false). */
  average: boolean;
}

/** Plans a max-pool2d or avg-pool2d layer. */
export const planPool2d: LayerPlan<"max-pool2d" | "avg-pool2d"> = (planner, layer, current) => {
  const desc = current.desc;
  const [outH, outW] = layer.outputShape;
  const outDesc = { ...desc, h: outH, w: outW };
  return planner.push({
    kind: "pool",
    input: current.id,
    out: -1,
    inDesc: desc,
    outDesc,
    window: layer.poolSize,
    strides: layer.strides,
    pad: [layer.pads[0][0], layer.pads[1][0]],
    average: layer.type === "avg-pool2d",
  }, outDesc);
};

/** Runs a pooling op on a block. */
export const runPool2d: OpRun<PoolOp> = (kernel, op, ctx) => {
  const { inDesc: i, outDesc: o } = op;
  kernel.pool2d(
    ctx.buffers[op.input],
    i.h,
    i.w,
    i.stride,
    ctx.rows,
    op.window[0],
    op.window[1],
    op.strides[0],
    op.strides[1],
    op.pad[0],
    op.pad[1],
    o.h,
    o.w,
    ctx.buffers[op.out],
    op.average ? 1 : 0,
  );
};

/**
 * The max pool that a producer's op can take into itself: the op right after `ops[at]` when it is
 * a 2x2 stride-2 max pool without padding whose windows lie whole inside the producer's output
 * (a "same" pool on an odd side hangs over the edge), and no later op reads the producer's
 * output. The first layer's combine and a Winograd conv's output transform fold such a pool.
 *
 * @param ops The plan's ops.
 * @param at Index of the producing op.
 * @returns The pool op, or undefined when it cannot be folded.
 * @example
 * ```ts
 * import { foldableMaxPool } from "./pool2d.ts";
 * console.log(foldableMaxPool([], 0)); // undefined
 * ```
 */
export function foldableMaxPool(ops: KernelOp[], at: number): PoolOp | undefined {
  const producer = ops[at], pool = ops[at + 1];
  if (!producer || pool?.kind !== "pool" || !("out" in producer)) return undefined;
  const out = producer.out;
  if (pool.input !== out || pool.average || pool.pad[0] !== 0 || pool.pad[1] !== 0) {
    return undefined;
  }
  if (![...pool.window, ...pool.strides].every((size) => size === 2)) return undefined;
  const { inDesc, outDesc } = pool;
  if (outDesc.h * 2 > inDesc.h || outDesc.w * 2 > inDesc.w) return undefined;
  const reads = (op: KernelOp) =>
    op.kind === "add" ? op.a === out || op.b === out : "input" in op && op.input === out;
  return ops.slice(at + 2).some(reads) ? undefined : pool;
}
