/**
 * The precomputed first layer (DESIGN.md, "the engine's main idea"): a dense or conv layer
 * reached through nothing but weightless layers is linear in its weights, so its products with
 * the centre and both directions are computed once per sample at setup (by the dense and conv
 * ops themselves, on the three weight sets packed side by side), and each grid point only
 * combines them: `act(P0 + a P1 + b P2)` (assembly/combine.ts), optionally with a directly
 * following 2x2 stride-2 max pool fused in.
 * @module
 */
import type { Dataset } from "../../data/dataset.ts";
import type { Kernel } from "../kernel/kernel.ts";
import type { KernelOp, ModelPlan, PackEntry, TensorDesc } from "../program/types.ts";
import { sampleFloats } from "../program/types.ts";
import { type ConvOp, needsPadding, runConv } from "./conv2d.ts";
import { type DenseOp, runDense } from "./dense.ts";
import type { BlockContext, OpRun } from "./op.ts";
import { foldableMaxPool } from "./pool2d.ts";

/** The per-point half of the first layer: combine the products (and pool). */
export interface FirstOp {
  /** Op kind. */
  kind: "first";
  /** Output buffer. */
  out: number;
  /** The first layer's stored output. */
  desc: TensorDesc;
  /** Whether ReLU is fused. */
  relu: boolean;
  /** Set when a 2x2 stride-2 max pool is fused in: the pooled output (written to `out`). */
  pooled?: TensorDesc;
}

/** The precomputed first layer: its linear op runs once per sample at setup, per vector. */
export interface FirstLayerPlan {
  /** The op without activation; reads buffer 0 (raw samples), its weight offsets unused. */
  op: DenseOp | ConvOp;
  /** Its output per sample. */
  out: TensorDesc;
  /** Its kernel as `rows x cols` (offset 0, rowStride = the padded width). */
  kernel: PackEntry;
  /** Its bias tensor's name, or null without bias. */
  bias: string | null;
  /** Output channels padded to a multiple of 4. */
  width: number;
}

/** Raw samples staged per precompute pass, so the data never has to fit in kernel memory. */
const STAGE_BYTES = 2 * 1024 * 1024;

/**
 * Samples per precompute pass: the passes start at multiples of this from sample 0, whichever
 * samples a call computes, so a sample always meets the same block shapes in the GEMM or conv.
 *
 * @param plan The plan.
 * @param count Samples in the data set.
 * @returns Samples per pass (at least 1).
 * @example
 * ```ts ignore
 * console.log(precomputeStageRows(plan, 2000)); // 668 for 784 inputs
 * ```
 */
export function precomputeStageRows(plan: ModelPlan, count: number): number {
  return Math.min(count, Math.max(1, Math.floor(STAGE_BYTES / (sampleFloats(plan.input) * 4))));
}

/**
 * Computes the first layer's linear products of `vectors` parameter vectors for every sample:
 * output position p of sample s gets `[P_centre | P_d1 | (P_d2)]`, each `plan.first.width`
 * floats, at `prePtr + (s * positions + p) * vectors * width` floats. It runs the dense or conv
 * op on weights `vectors` times as wide (`packFirstLayer`).
 *
 * @param kernel The kernel instance.
 * @param plan The plan; `plan.first` must be set.
 * @param data The samples, `[count, ...inputShape]` flat.
 * @param packed The first layer of all vectors side by side (`packFirstLayer`).
 * @param vectors How many vectors were packed (2 or 3).
 * @param prePtr Where the products go (count * vectors * sampleFloats(first.out) floats).
 * @param from First sample to compute (default 0): a pass start, or a multiple of 12 samples
 *   after one (see `productSplits`), so its samples are blocked as in a full run.
 * @param to One past the last sample to compute (default all), on the same terms; the other
 *   samples' products are left as they are.
 * @returns Nothing.
 * @example
 * ```ts ignore
 * precomputeFirstLayer(kernel, plan, data, packFirstLayer(plan.first!, layout, vectors), 3, prePtr);
 * ```
 */
export function precomputeFirstLayer(
  kernel: Kernel,
  plan: ModelPlan,
  data: Dataset,
  packed: { kernel: Float32Array; bias: Float32Array },
  vectors: number,
  prePtr: number,
  from = 0,
  to: number = data.count,
): void {
  const first = plan.first!;
  const put = (values: Float32Array) => {
    const pointer = kernel.allocate(values.byteLength);
    kernel.f32.set(values, pointer / 4);
    return pointer;
  };
  const kernelPtr = put(packed.kernel), biasPtr = put(packed.bias);
  const inFloats = sampleFloats(plan.input);
  const outFloats = vectors * sampleFloats(first.out);
  const columns = vectors * first.width;
  const stageRows = precomputeStageRows(plan, data.count);
  const stagePtr = kernel.allocate(stageRows * inFloats * 4);
  const source = first.op;
  let paddedPtr = 0;
  if (source.kind === "conv" && needsPadding(source)) {
    const [h, w] = source.geometry.paddedSize;
    paddedPtr = kernel.allocate(stageRows * h * w * source.inDesc.stride * 4);
  }
  const dummyPtr = kernel.allocate(columns * 4);
  // The layer's own op, `vectors` times as wide, reading the staged rows (buffer 0), writing
  // the products (buffer 1), with the packed kernel as its weights and no activation.
  const weights = { kernel: 0, bias: (biasPtr - kernelPtr) / 4, input: 0, out: 1, relu: false };
  const wide: DenseOp | ConvOp = source.kind === "dense"
    ? { ...source, ...weights, width: columns }
    : {
      ...source,
      ...weights,
      padded: paddedPtr ? 2 : -1,
      winograd: null,
      geometry: { ...source.geometry, coutp: columns },
    };
  for (let pass = Math.floor(from / stageRows) * stageRows; pass < to; pass += stageRows) {
    const start = Math.max(from, pass);
    const rows = Math.min(pass + stageRows, to) - start;
    kernel.f32.set(data.x.subarray(start * inFloats, (start + rows) * inFloats), stagePtr / 4);
    const ctx: BlockContext = {
      rows,
      buffers: [stagePtr, prePtr + start * outFloats * 4, paddedPtr],
      weights: kernelPtr,
      a: 0,
      b: 0,
      productOffsets: [0, 0],
      productStride: 0,
      scratch: dummyPtr,
      zeros: 0,
    };
    if (wide.kind === "dense") runDense(kernel, wide, ctx);
    else runConv(kernel, wide, ctx);
  }
}

/** Runs the per-point combine of the products on a block (and the fused pool). */
export const runFirst: OpRun<FirstOp> = (kernel, op, ctx) => {
  const { rows, buffers } = ctx;
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
    return;
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
};

/**
 * Folds a 2x2 stride-2 valid max pool that directly follows the precomputed first layer into
 * it (the `cnn` preset's conv - pool): the combine then writes the pooled pixels only, and
 * the full-size activations (a quarter of a cnn grid point's memory traffic) never exist.
 *
 * @param ops The plan's ops (changed in place).
 * @param bufferFloats The plan's buffer sizes (the first layer's full-size buffer is dropped).
 * @returns Nothing.
 * @example
 * ```ts
 * import { fuseFirstMaxPool } from "./first_layer.ts";
 * const ops: never[] = [];
 * fuseFirstMaxPool(ops, [0]);
 * console.log(ops.length); // 0
 * ```
 */
export function fuseFirstMaxPool(ops: KernelOp[], bufferFloats: number[]): void {
  const first = ops[0];
  if (first?.kind !== "first") return;
  const pool = foldableMaxPool(ops, 0);
  if (!pool) return;
  bufferFloats[first.out] = 0;
  ops.splice(0, 2, { ...first, out: pool.out, pooled: pool.outDesc });
}
