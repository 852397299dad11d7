/**
 * The fast path for one-hidden-layer classifiers (the default 784-128-10 scan): per grid point
 * and block of samples one kernel call (`mlpPointLoss`, assembly/mlp_fused.ts) combines the
 * first layer's products, applies the activation, multiplies by the second layer and sums the
 * softmax cross-entropy, without writing the hidden layer or the logits anywhere. Every other
 * model takes the general runner (runner.ts).
 * @module
 */
import type { Dataset } from "../../data/dataset.ts";
import type { Kernel } from "../kernel/kernel.ts";
import type { ModelPlan } from "../program/types.ts";
import { mapInputs } from "./memory.ts";
import { fillFirstLayer, type ProductShare } from "./product_share.ts";
import type { ModelRunner } from "./runner.ts";

/** Products per block (~L2: reused by every point of a tile). */
const BLOCK_BYTES = 192 * 1024;
const TILE_POINTS = 64;

/**
 * Whether a plan can take the fused path: a precomputed dense first layer (ReLU or identity)
 * feeding one dense layer of 9 to 12 outputs (12 stored columns), under softmax cross-entropy.
 * Its results are not bit-identical to the general runner's (another summation order, the
 * softmax's shorter exp), only equal within f32 rounding.
 *
 * @param plan The model's plan.
 * @returns True when `createFusedMlpRunner` can run it.
 * @example
 * ```ts
 * import { resolveModel } from "../../model/resolve.ts";
 * import { planModel } from "../program/plan_model.ts";
 * import { canFuseMlp } from "./fused_mlp.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [784], layers: [
 *   { type: "dense", units: 128, activation: "relu" }, { type: "dense", units: 10 }] });
 * console.log(canFuseMlp(planModel(model, { samples: 10, vectors: 3 }))); // true
 * ```
 */
export function canFuseMlp(plan: ModelPlan): boolean {
  const [first, second] = plan.ops;
  return plan.first?.op.kind === "dense" && plan.ops.length === 2 && first.kind === "first" &&
    second.kind === "dense" && second.input === first.out && second.width === 12 &&
    !second.relu && plan.loss === "softmax-cross-entropy" && plan.output === second.out;
}

/**
 * Copies a plane into kernel memory for the fused path: the first layer's products for every
 * sample (computed as `[P_centre | P_d1 | (P_d2)]` per row, then regrouped eight samples at a
 * time, feature by feature, as the kernel reads them) and the labels.
 *
 * @param kernel A fresh kernel instance (the runner owns its memory from now on).
 * @param plan A plan for which `canFuseMlp` holds.
 * @param data The samples.
 * @param first The packed first layer of [centre, d1, (d2)].
 * @param later Packed per-point weights (the second layer) of centre, d1 (and d2).
 * @param share This thread's part of the products, when the threads of a pool split them.
 * @returns The runner, once the products are in place.
 * @example
 * ```ts ignore
 * const runner = await createFusedMlpRunner(await instantiateKernel(), plan, data, first, later);
 * runner.run(a, b, loss, accuracy);
 * ```
 */
export async function createFusedMlpRunner(
  kernel: Kernel,
  plan: ModelPlan,
  data: Dataset,
  first: { kernel: Float32Array; bias: Float32Array },
  later: Float32Array[],
  share?: ProductShare,
): Promise<ModelRunner> {
  data = mapInputs(plan, data); // the leading rescaling / normalization, once
  const { count } = data;
  const vectors = later.length, width = plan.first!.width;
  const second = plan.ops[1] as Extract<ModelPlan["ops"][number], { kind: "dense" }>;
  const relu = (plan.ops[0] as { relu: boolean }).relu ? 1 : 0;
  const products = kernel.allocate(count * vectors * width * 4);
  await fillFirstLayer(kernel, plan, data, first, vectors, products, share);
  // The kernel reads groups of eight rows feature by feature: pad to a multiple of 8.
  const paddedRows = Math.ceil(count / 8) * 8;
  const groups = kernel.allocate(paddedRows * vectors * width * 4);
  toGroups(kernel.f32, products / 4, groups / 4, count, vectors, width);
  const labels = kernel.allocate(paddedRows * 4);
  kernel.i32.set(data.y, labels / 4);
  const put = (values: Float32Array) => {
    const pointer = kernel.allocate(values.byteLength);
    kernel.f32.set(values, pointer / 4);
    return pointer;
  };
  const [centre, d1, d2 = d1] = later.map(put);
  const packed = plan.packedSize;
  const tileWeights = kernel.allocate(TILE_POINTS * packed * 4);
  const results = kernel.allocate(TILE_POINTS * 16);
  const scratch = kernel.allocate((8 * width + 96) * 4);
  const rowBytes = vectors * width * 4;
  // Sized as for a plane (three products) also on a line: a line and its plane's row b = 0 then
  // sum their losses over the same blocks, to the same bits (lib/scan/shared_plane.ts).
  const blockRows = Math.max(8, Math.floor(BLOCK_BYTES / (3 * width * 4) / 8) * 8);

  function runTile(
    a: Float32Array,
    b: Float32Array,
    loss: Float32Array | Float64Array,
    accuracy: Float32Array | Float64Array,
  ) {
    const points = a.length;
    for (let t = 0; t < points; t++) {
      const weights = tileWeights + t * packed * 4;
      kernel.combineWeights(weights, centre, d1, d2, a[t], b[t], packed);
    }
    kernel.f64.fill(0, results / 8, results / 8 + 2 * points);
    for (let start = 0; start < count; start += blockRows) {
      const rows = Math.min(blockRows, count - start);
      for (let t = 0; t < points; t++) {
        const weights = tileWeights + t * packed * 4;
        kernel.mlpPointLoss(
          groups + start * rowBytes,
          rows,
          width,
          vectors,
          a[t],
          b[t],
          relu,
          weights + second.kernel * 4,
          weights + second.bias * 4,
          plan.outputs,
          labels + start * 4,
          scratch,
          results + t * 16,
        );
      }
    }
    for (let t = 0; t < points; t++) {
      const lossSum = kernel.f64[results / 8 + 2 * t], hits = kernel.f64[results / 8 + 2 * t + 1];
      // Non-finite loss marks the point as NaN in every metric (the landscape file convention).
      const finite = Number.isFinite(lossSum);
      loss[t] = finite ? lossSum / count : NaN;
      accuracy[t] = finite ? hits / count : NaN;
    }
  }

  return {
    run(a, b, loss, accuracy) {
      for (let start = 0; start < a.length; start += TILE_POINTS) {
        const end = Math.min(a.length, start + TILE_POINTS);
        const range = [start, end] as const;
        runTile(
          a.subarray(...range),
          b.subarray(...range),
          loss.subarray(...range),
          accuracy.subarray(...range),
        );
      }
    },
  };
}

/**
 * Rewrites row-major products ([rows][vectors][width] floats from `from`) as groups of eight
 * rows stored feature by feature ([rows / 8][width][vectors][8] floats from `to`), the layout
 * `mlpPointLoss` reads; rows past the last stay as they are (the kernel ignores them). Offsets
 * in floats.
 */
function toGroups(
  f32: Float32Array,
  from: number,
  to: number,
  rows: number,
  vectors: number,
  width: number,
) {
  const columns = vectors * width;
  for (let row = 0; row < rows; row++) {
    const group = to + (row >> 3) * 8 * columns + (row & 7);
    for (let v = 0; v < vectors; v++) {
      const source = from + row * columns + v * width;
      for (let k = 0; k < width; k++) f32[group + 8 * (k * vectors + v)] = f32[source + k];
    }
  }
}
