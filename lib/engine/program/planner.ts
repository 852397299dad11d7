/**
 * The planner's state while `planModel` walks the layers: buffers (floats per sample), the
 * packed per-point weight vector (offsets, 16-byte aligned) and the ops emitted so far. Each
 * layer is planned by its op file through the `OPS` table (ops/table.ts); the planner itself
 * only knows how to pack a dense or conv layer's kernel and bias.
 * @module
 */
import type { ResolvedLayer } from "../../model/resolve.ts";
import { activationOf, appendActivation } from "../ops/activation.ts";
import { describeConv, needsPadding } from "../ops/conv2d.ts";
import { planWinograd } from "../ops/conv2d_winograd.ts";
import { describeDense } from "../ops/dense.ts";
import type { LayerPlan, Planned, Planner, ResolvedLinear } from "../ops/op.ts";
import { type LayerType, OPS } from "../ops/table.ts";
import { type KernelOp, type PackEntry, sampleFloats } from "./types.ts";

/**
 * Describes a dense or conv layer's linear part on an input (no buffers, weights at offset 0).
 *
 * @param layer A dense or conv2d layer.
 * @param input The stored input.
 * @returns The op, the stored output and the kernel's packing.
 * @example
 * ```ts
 * import { resolveModel } from "../../model/resolve.ts";
 * import { describeLinear } from "./planner.ts";
 * const layer = resolveModel({ kind: "sequential", inputShape: [3], layers: [{ type: "dense", units: 5 }] }).layers[0];
 * if (layer.type === "dense") {
 *   console.log(describeLinear(layer, { h: 1, w: 1, c: 3, stride: 3, groupC: 3, groupStride: 3 }).desc.stride); // 8
 * }
 * ```
 */
export function describeLinear(
  layer: ResolvedLinear,
  input: Planned["desc"],
): ReturnType<typeof describeDense> | ReturnType<typeof describeConv> {
  return layer.type === "dense"
    ? describeDense(layer, layer.units, input)
    : describeConv(layer, input);
}

/**
 * Creates a planner.
 *
 * @param fusedLast The model's last layer when the loss fuses its activation, else undefined.
 * @returns The planner, with buffer 0 reserved for the input.
 * @example
 * ```ts
 * import { createPlanner } from "./planner.ts";
 * console.log(createPlanner(undefined).bufferFloats); // [0]
 * ```
 */
export function createPlanner(fusedLast: ResolvedLayer | undefined): Planner {
  const bufferFloats = [0];
  const ops: KernelOp[] = [];
  const entries: PackEntry[] = [];
  let packed = 0;
  const reserve = (floats: number) => {
    const offset = packed;
    packed += Math.ceil(floats / 4) * 4; // keep every tensor 16-byte aligned
    return offset;
  };
  const buffer = (floats: number) => bufferFloats.push(floats) - 1;
  const push = (op: KernelOp, desc: Planned["desc"]): Planned => {
    const id = buffer(sampleFloats(desc));
    ops.push({ ...op, out: id } as KernelOp);
    return { id, desc };
  };
  const linear = (layer: ResolvedLinear, current: Planned, relu: boolean): Planned => {
    const { op, desc, kernel } = describeLinear(layer, current.desc);
    // Dense rows follow the stored input, padding included (zero rows).
    const storedRows = op.kind === "dense" ? op.depth : kernel.rows;
    const kernelOffset = reserve(storedRows * kernel.rowStride);
    entries.push({ ...kernel, offset: kernelOffset });
    const biasOffset = reserve(kernel.rowStride);
    const bias = layer.tensors.find((tensor) => tensor.role === "bias");
    if (bias) {
      entries.push({
        name: bias.name,
        rows: 1,
        cols: kernel.cols,
        offset: biasOffset,
        rowStride: kernel.rowStride,
        rowOf: (r) => r,
      });
    }
    const placed = { input: current.id, kernel: kernelOffset, bias: biasOffset, relu };
    if (op.kind === "dense") return push({ ...op, ...placed }, desc);
    const winograd = planWinograd(op, reserve, buffer);
    const padded = !winograd && needsPadding(op)
      ? buffer(op.geometry.paddedSize[0] * op.geometry.paddedSize[1] * current.desc.stride)
      : -1;
    return push({ ...op, ...placed, padded, winograd }, desc);
  };

  const planner: Planner = {
    bufferFloats,
    ops,
    entries,
    packedSize: () => packed,
    reserve,
    buffer,
    push,
    activate: (current, activation, alpha, reluFused) =>
      appendActivation(planner, current, activation, alpha, reluFused),
    activationOf: (layer) => activationOf(layer, fusedLast),
    linear,
    // TypeScript cannot see that OPS[layer.type] takes this very layer's type: assert it once.
    layer: (layer, current) => (OPS[layer.type] as LayerPlan<LayerType>)(planner, layer, current),
  };
  return planner;
}
