/**
 * Inference batch normalisation, `gamma (x - mean) / sqrt(variance + epsilon) + beta` per
 * stored channel (assembly/elementwise.ts `batchNorm`). Its four parameter tensors are packed
 * per point (a direction may move them), one stored-channel stride each.
 * @module
 */
import { physicalIndex, type TensorDesc } from "../program/types.ts";
import { type LayerPlan, type OpRun, weightPointer } from "./op.ts";

/** A batch-norm op. */
export interface BatchNormOp {
  /** Op kind. */
  kind: "batch-norm";
  /** Input buffer. */
  input: number;
  /** Output buffer. */
  out: number;
  /** Stored tensor (input and output). */
  desc: TensorDesc;
  /** Float offset of [gamma | beta | mean | variance], `desc.stride` each, in the packed weights. */
  params: number;
  /** Added to the variance. */
  epsilon: number;
}

/** Plans a batch-norm layer, packing gamma, beta, moving mean and variance side by side. */
export const planBatchNorm: LayerPlan<"batch-norm"> = (planner, layer, current) => {
  const desc = current.desc;
  const length = desc.stride; // per pixel, or the whole flat vector
  const params = planner.reserve(4 * length);
  const channels = layer.inputShape[layer.inputShape.length - 1];
  layer.tensors.forEach((tensor, index) =>
    planner.entries.push({
      name: tensor.name,
      rows: channels,
      cols: 1,
      offset: params + index * length,
      rowStride: 1,
      rowOf: (r) => physicalIndex(desc, r),
    })
  );
  return planner.push({
    kind: "batch-norm",
    input: current.id,
    out: -1,
    desc,
    params,
    epsilon: layer.epsilon,
  }, desc);
};

/** Runs a batch-norm op on a block. */
export const runBatchNorm: OpRun<BatchNormOp> = (kernel, op, ctx) => {
  const length = op.desc.stride, params = weightPointer(ctx, op.params);
  kernel.batchNorm(
    ctx.buffers[op.input],
    ctx.rows * op.desc.h * op.desc.w,
    length,
    params,
    params + length * 4,
    params + 8 * length,
    params + 12 * length,
    op.epsilon,
    ctx.buffers[op.out],
    ctx.scratch,
  );
};
