/**
 * Runs a plan's per-point program on one block of samples: one kernel call (or two) per op.
 * @module
 */
import type { Kernel } from "./kernel.ts";
import { type KernelOp, sampleFloats } from "./model_ops.ts";
import { runHostOp } from "./host_ops.ts";
import { runWinogradConv } from "./winograd_conv.ts";

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

/**
 * Runs the ops in order.
 *
 * @param kernel The kernel instance holding the buffers.
 * @param ops The plan's ops.
 * @param ctx Pointers and sizes for this block and point.
 * @returns Nothing; the output buffer holds the model's outputs for the block.
 * @example
 * ```ts ignore
 * runOps(kernel, plan.ops, ctx); // see model_runner.ts
 * ```
 */
export function runOps(kernel: Kernel, ops: KernelOp[], ctx: BlockContext): void {
  const { rows, buffers, weights } = ctx;
  const at = (offset: number) => weights + offset * 4;
  for (const op of ops) {
    switch (op.kind) {
      case "first": {
        const p0 = buffers[0], width = op.desc.stride;
        if (op.pooled) {
          kernel.combineFirstLayerMaxPool(
            p0,
            p0 + ctx.productOffsets[0],
            p0 + ctx.productOffsets[1],
            ctx.productStride,
            rows,
            op.desc.h,
            op.desc.w,
            width,
            ctx.a,
            ctx.b,
            buffers[op.out],
            op.pooled.h,
            op.pooled.w,
            op.relu ? 1 : 0,
          );
          break;
        }
        kernel.combineFirstLayer(
          p0,
          p0 + ctx.productOffsets[0],
          p0 + ctx.productOffsets[1],
          ctx.productStride,
          rows * op.desc.h * op.desc.w,
          width,
          ctx.a,
          ctx.b,
          buffers[op.out],
          width,
          op.relu ? 1 : 0,
        );
        break;
      }
      case "dense":
        kernel.gemmBias(
          buffers[op.input],
          op.depth,
          rows,
          op.depth,
          at(op.kernel),
          op.width,
          at(op.bias),
          buffers[op.out],
          op.width,
          op.width,
          op.relu ? 1 : 0,
        );
        break;
      case "conv": {
        if (op.winograd) {
          runWinogradConv(kernel, op, rows, buffers, weights, ctx.zeros);
          break;
        }
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
          at(op.kernel),
          at(op.bias),
          g.coutp,
          buffers[op.out],
          op.relu ? 1 : 0,
          ctx.scratch,
        );
        break;
      }
      case "pool": {
        const { inDesc: i, outDesc: o } = op;
        kernel.pool2d(
          buffers[op.input],
          i.h,
          i.w,
          i.stride,
          rows,
          op.window[0],
          op.window[1],
          op.strides[0],
          op.strides[1],
          op.pad[0],
          op.pad[1],
          o.h,
          o.w,
          buffers[op.out],
          op.average ? 1 : 0,
        );
        break;
      }
      case "global-avg-pool":
        kernel.globalAvgPool(
          buffers[op.input],
          op.inDesc.h * op.inDesc.w,
          op.inDesc.stride,
          rows,
          buffers[op.out],
        );
        break;
      case "batch-norm": {
        const length = op.desc.stride, params = at(op.params);
        kernel.batchNorm(
          buffers[op.input],
          rows * op.desc.h * op.desc.w,
          length,
          params,
          params + length * 4,
          params + 8 * length,
          params + 12 * length,
          op.epsilon,
          buffers[op.out],
          ctx.scratch,
        );
        break;
      }
      case "activation":
      case "softmax": {
        const floats = rows * sampleFloats(op.desc);
        if (op.input !== op.out) {
          const from = buffers[op.input] / 4;
          kernel.f32.copyWithin(buffers[op.out] / 4, from, from + floats);
        }
        if (op.kind === "softmax") {
          kernel.softmaxRows(
            buffers[op.out],
            op.desc.stride,
            rows * op.desc.h * op.desc.w,
            op.desc.c,
          );
        } else if (op.code !== 0) {
          kernel.activate(buffers[op.out], floats, op.code, op.alpha);
        }
        break;
      }
      case "add":
        kernel.addTensors(
          buffers[op.a],
          buffers[op.b],
          buffers[op.out],
          rows * sampleFloats(op.desc),
          op.relu ? 1 : 0,
        );
        break;
      case "affine": {
        // Batch norm with gamma = scale, beta = offset, mean 0, variance 1: x * scale + offset.
        const length = op.desc.stride, at = (ctx.constants ?? 0) + op.constants * 4;
        kernel.batchNorm(
          buffers[op.input],
          rows * op.desc.h * op.desc.w,
          length,
          at,
          at + length * 4,
          at + length * 8,
          at + length * 12,
          1e-30,
          buffers[op.out],
          ctx.scratch,
        );
        break;
      }
      case "reshape":
        runHostOp(kernel, op, rows, buffers);
        break;
    }
  }
}
