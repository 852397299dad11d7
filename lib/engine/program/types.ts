/**
 * The program the kernel runs per grid point: tensor shapes as the kernel stores them (channels
 * padded to multiples of 4), the ops in order, and where each parameter tensor goes in the packed
 * per-point weight vector. Built by `planModel` (plan_model.ts), run by run/interpreter.ts.
 * @module
 */
import type { ActivationOp, SoftmaxOp } from "../ops/activation.ts";
import type { AddOp } from "../ops/add.ts";
import type { AffineOp } from "../ops/affine.ts";
import type { BatchNormOp } from "../ops/batch_norm.ts";
import type { ConvOp } from "../ops/conv2d.ts";
import type { DenseOp } from "../ops/dense.ts";
import type { FirstLayerPlan, FirstOp } from "../ops/first_layer.ts";
import type { GlobalAvgPoolOp } from "../ops/global_avg_pool.ts";
import type { PoolOp } from "../ops/pool2d.ts";
import type { ReshapeOp } from "../ops/reshape.ts";

/**
 * One activation tensor per sample, as stored: `h * w` pixels of `stride` floats, of which the
 * first `c` are channels (the rest padding). A flattened image keeps its padding: logical element
 * i sits at `floor(i / groupC) * groupStride + i % groupC` (see {@linkcode physicalIndex}).
 */
export interface TensorDesc {
  /** Height (1 for flat vectors). */
  h: number;
  /** Width (1 for flat vectors). */
  w: number;
  /** Logical channels (features for flat vectors). */
  c: number;
  /** Floats per pixel as stored. */
  stride: number;
  /** Logical elements per stored group (channels of the image a vector was flattened from). */
  groupC: number;
  /** Floats per stored group. */
  groupStride: number;
}

/**
 * One step of the per-point program; each kind's type lives in its op file (ops/). Buffers are
 * indices into `ModelPlan.bufferFloats`; every op carries the shapes its kernel call needs, so
 * the runner only adds pointers.
 */
export type KernelOp =
  | FirstOp
  | DenseOp
  | ConvOp
  | PoolOp
  | GlobalAvgPoolOp
  | BatchNormOp
  | ActivationOp
  | SoftmaxOp
  | AddOp
  | ReshapeOp
  | AffineOp;

/** Copies one parameter tensor, viewed as `rows x cols`, into a packed vector. */
export interface PackEntry {
  /** Tensor name in the model layout. */
  name: string;
  /** Rows of the source (all axes but the last). */
  rows: number;
  /** Columns of the source (its last axis). */
  cols: number;
  /** Float offset of the destination in the packed vector. */
  offset: number;
  /** Floats between destination rows. */
  rowStride: number;
  /** Destination row of source row r (inputs of a dense layer after a padded flatten). */
  rowOf: (row: number) => number;
}

/** How the engine runs one model. */
export interface ModelPlan {
  /** Stored shape of a raw input sample. */
  input: TensorDesc;
  /** Floats per sample of every buffer; buffer 0 (raw samples or products) is sized apart. */
  bufferFloats: number[];
  /** The first layer when it is precomputed, else null. */
  first: FirstLayerPlan | null;
  /** The per-point program. */
  ops: KernelOp[];
  /** Buffer holding the outputs. */
  output: number;
  /** Floats between consecutive samples' outputs. */
  outputStride: number;
  /** Packing of the per-point weights. */
  entries: PackEntry[];
  /** Floats per point of packed weights; a multiple of 4. */
  packedSize: number;
  /** Valid outputs (classes, or 1 for binary cross-entropy). */
  outputs: number;
  /** Loss on the outputs. */
  loss: "softmax-cross-entropy" | "binary-cross-entropy" | "mse" | "probability-cross-entropy";
  /**
   * The model's leading weightless layers (rescaling, normalization) as one affine map per raw
   * input feature, applied to the samples once when they are placed; null when there is none.
   */
  inputAffine?: { scale: Float32Array; offset: Float32Array } | null;
  /** Constants the affine ops read (placed in kernel memory once), or null. */
  constants?: Float32Array | null;
}

/** Rounds up to the SIMD width. */
export const padTo4 = (n: number): number => Math.ceil(n / 4) * 4;

/**
 * Where logical element i of a tensor is stored within its sample.
 *
 * @param desc The tensor.
 * @param i Logical index (row-major over h, w, c).
 * @returns The float offset inside the stored sample.
 * @example
 * ```ts
 * import { physicalIndex } from "./types.ts";
 * const flat = { h: 1, w: 1, c: 6, stride: 8, groupC: 3, groupStride: 4 };
 * console.log(physicalIndex(flat, 4)); // 5
 * ```
 */
export function physicalIndex(desc: TensorDesc, i: number): number {
  return Math.floor(i / desc.groupC) * desc.groupStride + (i % desc.groupC);
}

/**
 * Floats of one stored sample of a tensor.
 *
 * @param desc The tensor.
 * @returns `h * w * stride`.
 * @example
 * ```ts
 * import { sampleFloats } from "./types.ts";
 * console.log(sampleFloats({ h: 2, w: 2, c: 3, stride: 4, groupC: 3, groupStride: 4 })); // 16
 * ```
 */
export function sampleFloats(desc: TensorDesc): number {
  return desc.h * desc.w * desc.stride;
}

/**
 * A flat vector as stored.
 *
 * @param c Its logical length.
 * @param stride Floats stored; default c padded to a multiple of 4.
 * @returns The descriptor.
 * @example
 * ```ts
 * import { flat } from "./types.ts";
 * console.log(flat(5).stride); // 8
 * ```
 */
export const flat = (c: number, stride: number = padTo4(c)): TensorDesc => ({
  h: 1,
  w: 1,
  c,
  stride,
  groupC: c,
  groupStride: stride,
});

/**
 * An image as stored: channels padded to a multiple of 4.
 *
 * @param h Height.
 * @param w Width.
 * @param c Channels.
 * @returns The descriptor.
 * @example
 * ```ts
 * import { image } from "./types.ts";
 * console.log(image(2, 2, 3).stride); // 4
 * ```
 */
export const image = (h: number, w: number, c: number): TensorDesc => ({
  h,
  w,
  c,
  stride: padTo4(c),
  groupC: c,
  groupStride: padTo4(c),
});
