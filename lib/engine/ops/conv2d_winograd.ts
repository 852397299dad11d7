/**
 * 3x3 stride-1 convolutions by Winograd's F(2x2, 3x3) (assembly/winograd.ts): 2.25x fewer
 * multiplies than direct convolution. The planner gives such a conv its buffers and a slot for
 * its transformed weights; the runner transforms each point's weights once per tile and runs
 * the four kernel passes per block, the last of which also takes a directly following 2x2 max
 * pool (`fuseWinogradMaxPool`).
 * @module
 */
import type { Kernel } from "../kernel/kernel.ts";
import type { KernelOp } from "../program/types.ts";
import type { ConvOp } from "./conv2d.ts";
import { foldableMaxPool } from "./pool2d.ts";

/** Where a Winograd convolution keeps its tiles and its transformed weights. */
export interface WinogradPlan {
  /** Output tiles of 2x2 pixels per sample: ceil(outH / 2), ceil(outW / 2). */
  tiles: [number, number];
  /** Buffer for the zero-padded input, `(2 tiles + 2)` pixels a side. */
  padded: number;
  /** Buffer of the transformed input tiles (16 x input pixel stride floats per tile). */
  inputTiles: number;
  /** Buffer of the 16 per-position products (16 x coutp floats per tile). */
  products: number;
  /** Float offset of the transformed weights [16, input stride, coutp] in the packed vector. */
  weights: number;
  /** Set when a 2x2 stride-2 max pool is fused in (the pooled output is written to `out`). */
  pooled?: boolean;
}

/**
 * Plans a conv for Winograd when it can run that way: a 3x3 kernel, stride 1, and an input
 * whose pixel stride is a multiple of 4 (every layer after the first; a raw 1-channel image
 * goes direct).
 *
 * @param op The conv op (its geometry and input).
 * @param reserve Reserves floats in the packed per-point vector; returns their offset.
 * @param buffer Adds a buffer of this many floats per sample; returns its index.
 * @returns The plan, or null for direct convolution.
 * @example
 * ```ts
 * import { planWinograd } from "./conv2d_winograd.ts";
 * const desc = { h: 5, w: 5, c: 4, stride: 4, groupC: 4, groupStride: 4 };
 * const geometry = { kernel: [3, 3], strides: [1, 1], pad: [1, 1], paddedSize: [7, 7], cin: 4, coutp: 8 };
 * const op = { kind: "conv", input: 0, out: 1, inDesc: desc, outDesc: { ...desc, c: 8, stride: 8 }, padded: -1, geometry, kernel: 0, bias: 0, relu: false, winograd: null } as never;
 * let floats = 0, buffers = 0;
 * const plan = planWinograd(op, (n) => (floats += n) - n, () => ++buffers);
 * console.log(plan?.tiles, floats); // [3, 3] 512
 * ```
 */
export function planWinograd(
  op: ConvOp,
  reserve: (floats: number) => number,
  buffer: (floats: number) => number,
): WinogradPlan | null {
  const { kernel, strides, coutp } = op.geometry;
  const { stride } = op.inDesc;
  const fits = kernel[0] === 3 && kernel[1] === 3 && strides[0] === 1 && strides[1] === 1;
  if (!fits || stride % 4 !== 0) return null;
  const tiles: [number, number] = [Math.ceil(op.outDesc.h / 2), Math.ceil(op.outDesc.w / 2)];
  const perSample = tiles[0] * tiles[1] * 16;
  return {
    tiles,
    padded: buffer((2 * tiles[0] + 2) * (2 * tiles[1] + 2) * stride),
    inputTiles: buffer(perSample * stride),
    products: buffer(perSample * coutp),
    weights: reserve(16 * stride * coutp),
  };
}

/**
 * Transforms one point's conv weights into the slot the plan reserved (rows of padded input
 * channels stay as packed: zero).
 *
 * @param kernel The kernel instance.
 * @param op A conv op with a Winograd plan.
 * @param weights Byte pointer of the point's packed weights.
 * @returns Nothing.
 * @example
 * ```ts ignore
 * transformWinogradWeights(kernel, op, tileWeightsPtr); // see run/runner.ts
 * ```
 */
export function transformWinogradWeights(kernel: Kernel, op: ConvOp, weights: number): void {
  const { cin, coutp } = op.geometry;
  const at = (offset: number) => weights + offset * 4;
  kernel.winogradWeights(at(op.kernel), cin, op.inDesc.stride, coutp, at(op.winograd!.weights));
}

/**
 * Runs a Winograd conv on a block: pad, input transform, 16 GEMMs, output transform (with bias,
 * ReLU and the fused pool).
 *
 * @param kernel The kernel instance.
 * @param op A conv op with a Winograd plan.
 * @param rows Samples in the block.
 * @param buffers Byte pointers of the block's buffers.
 * @param weights Byte pointer of the point's packed (and transformed) weights.
 * @param zeros Byte pointer of at least `coutp` zero floats.
 * @returns Nothing; the op's output buffer holds the result (pooled when a pool is fused).
 * @example
 * ```ts ignore
 * runWinogradConv(kernel, op, rows, buffers, weights, zeros); // see conv2d.ts
 * ```
 */
export function runWinogradConv(
  kernel: Kernel,
  op: ConvOp,
  rows: number,
  buffers: number[],
  weights: number,
  zeros: number,
): void {
  const { inDesc, outDesc, geometry: g } = op;
  const plan = op.winograd!;
  const [tilesH, tilesW] = plan.tiles;
  const paddedH = 2 * tilesH + 2, paddedW = 2 * tilesW + 2;
  const padded = buffers[plan.padded], inputTiles = buffers[plan.inputTiles];
  const products = buffers[plan.products];
  const { stride } = inDesc;
  kernel.padImage(
    buffers[op.input],
    inDesc.h,
    inDesc.w,
    stride,
    rows,
    g.pad[0],
    g.pad[1],
    padded,
    paddedH,
    paddedW,
  );
  kernel.winogradInput(padded, paddedH, paddedW, stride, rows, tilesH, tilesW, inputTiles);
  const tiles = rows * tilesH * tilesW;
  const transformed = weights + plan.weights * 4;
  kernel.winogradMultiply(inputTiles, tiles, stride, transformed, g.coutp, zeros, products);
  kernel.winogradOutput(
    products,
    rows,
    tilesH,
    tilesW,
    g.coutp,
    weights + op.bias * 4,
    op.relu ? 1 : 0,
    outDesc.h,
    outDesc.w,
    plan.pooled ? 1 : 0,
    buffers[op.out],
  );
}

/**
 * Folds a 2x2 stride-2 valid max pool that directly follows a Winograd conv into it (the `cnn`
 * preset's conv 2 - pool): the conv then writes the pooled pixels only, one per output tile, and
 * its full-size output never exists. Only a "valid" pool (windows inside the image), on a conv
 * output that no other op reads.
 *
 * @param ops The plan's ops (changed in place).
 * @param bufferFloats The plan's buffer sizes (a fused conv's full-size buffer is dropped).
 * @returns Nothing.
 * @example
 * ```ts
 * import { fuseWinogradMaxPool } from "./conv2d_winograd.ts";
 * const ops: never[] = [];
 * fuseWinogradMaxPool(ops, [0]);
 * console.log(ops.length); // 0
 * ```
 */
export function fuseWinogradMaxPool(ops: KernelOp[], bufferFloats: number[]): void {
  for (let i = 0; i + 1 < ops.length; i++) {
    const conv = ops[i];
    if (conv.kind !== "conv" || !conv.winograd) continue;
    const pool = foldableMaxPool(ops, i);
    if (!pool) continue;
    bufferFloats[conv.out] = 0;
    const winograd = { ...conv.winograd, pooled: true };
    ops.splice(i, 2, { ...conv, out: pool.out, winograd });
  }
}
