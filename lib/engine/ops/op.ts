/**
 * What every op file is written against: the planner it plans a layer with (buffers, packed
 * weights, emitted ops) and the block context it runs on (pointers for one block of samples at
 * one grid point). An op file exports its op type, its plan function and its run function; the
 * tables in `table.ts` list them.
 * @module
 */
import type {
  ResolvedActivationFields,
  ResolvedConv2d,
  ResolvedDense,
  ResolvedLayer,
} from "../../model/resolve.ts";
import type { ActivationName } from "../../model/spec.ts";
import type { Kernel } from "../kernel/kernel.ts";
import type { KernelOp, PackEntry, TensorDesc } from "../program/types.ts";

/** A planned tensor: the buffer holding it and its stored shape. */
export interface Planned {
  /** Buffer index. */
  id: number;
  /** Stored shape. */
  desc: TensorDesc;
}

/** The planner's state while `planModel` walks the layers (made by `createPlanner`). */
export interface Planner {
  /** Floats per sample of each buffer (0: the input, sized by the runner). */
  bufferFloats: number[];
  /** Ops so far. */
  ops: KernelOp[];
  /** Packing entries so far. */
  entries: PackEntry[];
  /** Floats of packed weights so far. */
  packedSize(): number;
  /** Reserves floats in the packed per-point vector (16-byte aligned); returns their offset. */
  reserve(floats: number): number;
  /** Adds a buffer of `floats` floats per sample; returns its index. */
  buffer(floats: number): number;
  /** Plans one layer on `current` (through the `OPS` table); returns its output. */
  layer(layer: ResolvedLayer, current: Planned): Planned;
  /** Adds an op writing a fresh buffer of shape `desc`; returns it. */
  push(op: KernelOp, desc: TensorDesc): Planned;
  /** Applies an activation in place on `current` (ReLU skipped when already fused). */
  activate(
    current: Planned,
    activation: ActivationName,
    alpha: number,
    reluFused: boolean,
  ): Planned;
  /** The activation `layer` applies ("linear" when the loss fuses it). */
  activationOf(layer: ResolvedLayer & ResolvedActivationFields): ActivationName;
  /** Plans a dense or conv layer's linear part (ReLU fused when `relu`), packing its tensors. */
  linear(layer: ResolvedLinear, current: Planned, relu: boolean): Planned;
}

/** Where one block's program reads and writes, for one grid point. */
export interface BlockContext {
  /** Samples in the block. */
  rows: number;
  /** Byte pointer of each buffer; index 0 is the block's raw samples or products. */
  buffers: number[];
  /** Byte pointer of this point's packed weights. */
  weights: number;
  /** Grid coordinates of the point (used by the precomputed first layer). */
  a: number;
  /** Second coordinate. */
  b: number;
  /** Byte offsets of the d1 and d2 products after the centre's within a product row. */
  productOffsets: [number, number];
  /** Floats per product row (vectors times padded width). */
  productStride: number;
  /** Scratch: the conv's dummy output pixel and batch norm's per-channel factors. */
  scratch: number;
  /** Byte pointer of the plan's constants (affine ops), or 0. */
  constants?: number;
  /** Zero floats, as many as the widest conv output (the Winograd GEMMs' bias). */
  zeros: number;
}

/** A layer whose linear part is a GEMM: a dense layer, or a convolution (and a projection). */
export type ResolvedLinear = ResolvedDense | ResolvedConv2d;

/**
 * The resolved layers of a type in `T`: `ResolvedFor<"dense" | "conv2d">` is
 * {@linkcode ResolvedLinear}, `ResolvedFor<"max-pool2d">` is `ResolvedPool2d` narrowed to that
 * type (`Extract` would give `never`, since a pooling layer's `type` is a union).
 */
export type ResolvedFor<T extends ResolvedLayer["type"]> = ResolvedLayer & { type: T };

/**
 * How layers of type `T` are planned: their ops appended to the planner, their output returned.
 * Each plan receives its own resolved type, every default filled by the resolver.
 */
export type LayerPlan<T extends ResolvedLayer["type"]> = (
  planner: Planner,
  layer: ResolvedFor<T>,
  current: Planned,
) => Planned;

/** How an op runs on one block at one point. */
export type OpRun<Op> = (kernel: Kernel, op: Op, ctx: BlockContext) => void;

/**
 * The byte pointer of a float offset in the point's packed weights.
 *
 * @param ctx The block context.
 * @param offset Float offset in the packed vector.
 * @returns The byte pointer.
 * @example
 * ```ts
 * import { weightPointer } from "./op.ts";
 * console.log(weightPointer({ weights: 64 } as never, 4)); // 80
 * ```
 */
export const weightPointer = (ctx: Pick<BlockContext, "weights">, offset: number): number =>
  ctx.weights + offset * 4;
