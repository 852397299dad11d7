/**
 * The layers that only move values: flatten and dropout (inference: the identity) never cost an
 * op; a reshape is free when the stored layout already matches, else it becomes a host op that
 * moves values between padded layouts (a few per sample, against the layers around it). Leading
 * ones only change how the samples are read (program/preprocess.ts).
 * @module
 */
import { padTo4, physicalIndex, sampleFloats, type TensorDesc } from "../program/types.ts";
import type { LayerPlan, OpRun } from "./op.ts";

/** A reshape between stored layouts, run on the host. */
export interface ReshapeOp {
  /** Op kind. */
  kind: "reshape";
  /** Input buffer. */
  input: number;
  /** Output buffer. */
  out: number;
  /** Stored input. */
  inDesc: TensorDesc;
  /** Stored output. */
  outDesc: TensorDesc;
}

/** Whether logical element i of a tensor is stored at float i. */
const contiguous = (desc: TensorDesc) =>
  desc.h * desc.w === 1
    ? desc.groupStride === desc.groupC || desc.groupC >= desc.c
    : desc.stride === desc.c;

/** Plans a flatten: the same buffer, read as one vector (padding kept, see `physicalIndex`). */
export const planFlatten: LayerPlan<"flatten"> = (_planner, _layer, current) => {
  const desc = current.desc;
  const c = desc.h * desc.w * desc.c;
  return { id: current.id, desc: { ...desc, h: 1, w: 1, c, stride: sampleFloats(desc) } };
};

/** Plans a dropout: the identity at inference. */
export const planDropout: LayerPlan<"dropout"> = (_planner, _layer, current) => current;

/** Plans a reshape: a view when the layouts agree, else a host op. */
export const planReshape: LayerPlan<"reshape"> = (planner, layer, current) => {
  const desc = current.desc;
  const out = layer.outputShape;
  if (out.length === 1) { // a flatten: keep the stored layout
    return { id: current.id, desc: { ...desc, h: 1, w: 1, c: out[0], stride: sampleFloats(desc) } };
  }
  const [h, w, c] = out.length === 3 ? out : [1, out[0], out[1]];
  const stride = padTo4(c);
  const outDesc = { h, w, c, stride, groupC: c, groupStride: stride };
  if (contiguous(desc) && stride === c) return { id: current.id, desc: outDesc };
  return planner.push(
    { kind: "reshape", input: current.id, out: -1, inDesc: desc, outDesc },
    outDesc,
  );
};

/** Runs a reshape on a block, on the host (padding lanes written as zeros). */
export const runReshape: OpRun<ReshapeOp> = (kernel, op, ctx) => {
  const f32 = kernel.f32;
  const input = ctx.buffers[op.input] / 4, out = ctx.buffers[op.out] / 4;
  const { inDesc, outDesc } = op;
  const inFloats = sampleFloats(inDesc), outFloats = sampleFloats(outDesc);
  const count = outDesc.h * outDesc.w * outDesc.c;
  f32.fill(0, out, out + ctx.rows * outFloats);
  for (let r = 0; r < ctx.rows; r++) {
    const from = input + r * inFloats, to = out + r * outFloats;
    for (let i = 0; i < count; i++) {
      f32[to + physicalIndex(outDesc, i)] = f32[from + physicalIndex(inDesc, i)];
    }
  }
};
