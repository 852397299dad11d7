/**
 * The few ops that run on the host instead of the kernel: a reshape that has to move values
 * between padded layouts after the first weighted layer (leading ones only change how the
 * samples are read, see plan_preprocess.ts), and the affine map of the leading rescaling and
 * normalization layers, applied to the samples once. (A later affine map runs on the kernel's
 * batch norm.)
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { Kernel } from "./kernel.ts";
import { type KernelOp, type ModelPlan, physicalIndex, sampleFloats } from "./model_ops.ts";

/**
 * Runs a host op on one block.
 *
 * @param kernel The kernel instance holding the buffers.
 * @param op A `reshape` op.
 * @param rows Samples in the block.
 * @param buffers Byte pointer of each buffer.
 * @returns Nothing; the op's output buffer is written (padding lanes zero).
 * @example
 * ```ts ignore
 * runHostOp(kernel, op, rows, buffers); // see run_ops.ts
 * ```
 */
export function runHostOp(
  kernel: Kernel,
  op: Extract<KernelOp, { kind: "reshape" }>,
  rows: number,
  buffers: number[],
): void {
  const f32 = kernel.f32;
  const input = buffers[op.input] / 4, out = buffers[op.out] / 4;
  const { inDesc, outDesc } = op;
  const inFloats = sampleFloats(inDesc), outFloats = sampleFloats(outDesc);
  const count = outDesc.h * outDesc.w * outDesc.c;
  f32.fill(0, out, out + rows * outFloats);
  for (let r = 0; r < rows; r++) {
    const from = input + r * inFloats, to = out + r * outFloats;
    for (let i = 0; i < count; i++) {
      f32[to + physicalIndex(outDesc, i)] = f32[from + physicalIndex(inDesc, i)];
    }
  }
}

/**
 * The samples after the model's leading rescaling and normalization layers.
 *
 * @param plan The model's plan.
 * @param data The samples.
 * @returns `data` itself when the plan has no input map, else a copy with `x * scale + offset`
 * per feature.
 * @example
 * ```ts
 * import { mapInputs } from "./host_ops.ts";
 * const data = { x: new Float32Array([1, 2]), y: new Int32Array([0]), count: 1, features: 2, classes: 2 };
 * const plan = { inputAffine: { scale: new Float32Array([2, 2]), offset: new Float32Array([1, 0]) } };
 * console.log(mapInputs(plan, data).x); // Float32Array(2) [3, 4]
 * ```
 */
export function mapInputs(plan: Pick<ModelPlan, "inputAffine">, data: Dataset): Dataset {
  const affine = plan.inputAffine;
  if (!affine) return data;
  const { scale, offset } = affine, features = scale.length;
  const x = new Float32Array(data.count * features);
  for (let s = 0, at = 0; s < data.count; s++) {
    for (let i = 0; i < features; i++, at++) x[at] = data.x[at] * scale[i] + offset[i];
  }
  return { ...data, x };
}
