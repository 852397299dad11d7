/**
 * Rescaling and normalization after the first weighted layer: `x * scale[c] + offset[c]` per
 * stored channel, run on batch norm's kernel with gamma = scale, beta = offset, mean 0 and
 * variance 1 (the constants are laid out by `collectConstants`). Leading ones fold into the
 * samples instead (program/preprocess.ts).
 * @module
 */
import { channelAffine } from "../../model/spec_preprocess.ts";
import { physicalIndex, type TensorDesc } from "../program/types.ts";
import type { LayerPlan, OpRun } from "./op.ts";

/** `x * scale[c] + offset[c]` per stored channel. */
export interface AffineOp {
  /** Op kind. */
  kind: "affine";
  /** Input buffer. */
  input: number;
  /** Output buffer. */
  out: number;
  /** Stored tensor. */
  desc: TensorDesc;
  /** Scale per stored float of a pixel. */
  scale: Float32Array;
  /** Offset per stored float of a pixel. */
  offset: Float32Array;
  /** Float offset in `ModelPlan.constants` of [scale | offset | zeros | ones], stride each. */
  constants: number;
}

/** Plans a rescaling or normalization layer. */
export const planAffine: LayerPlan<"rescaling" | "normalization"> = (planner, layer, current) => {
  const desc = current.desc;
  const channels = layer.inputShape[layer.inputShape.length - 1];
  const map = channelAffine(layer, channels);
  const scale = new Float32Array(desc.stride), offset = new Float32Array(desc.stride);
  const logical = desc.h * desc.w === 1 ? desc.c : Math.min(desc.c, channels);
  for (let i = 0; i < logical; i++) {
    scale[physicalIndex(desc, i)] = map.scale[i % channels];
    offset[physicalIndex(desc, i)] = map.offset[i % channels];
  }
  return planner.push(
    { kind: "affine", input: current.id, out: -1, desc, scale, offset, constants: -1 },
    desc,
  );
};

/** Runs an affine op on a block (batch norm's kernel; `sqrt(1 + 1e-30)` is 1 in f32). */
export const runAffine: OpRun<AffineOp> = (kernel, op, ctx) => {
  const length = op.desc.stride, at = (ctx.constants ?? 0) + op.constants * 4;
  kernel.batchNorm(
    ctx.buffers[op.input],
    ctx.rows * op.desc.h * op.desc.w,
    length,
    at,
    at + length * 4,
    at + length * 8,
    at + length * 12,
    1e-30,
    ctx.buffers[op.out],
    ctx.scratch,
  );
};
