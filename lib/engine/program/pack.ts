/**
 * Packs parameter vectors (flat, in the model layout) into the padded layouts the kernel reads:
 * the per-point weights of every layer after the first, and the precomputed first layer's
 * kernel and bias with the centre's and directions' columns side by side.
 * @module
 */
import { type ParamLayout, slotOf, tensorView } from "../../model/layout.ts";
import type { FirstLayerPlan } from "../ops/first_layer.ts";
import type { ModelPlan, PackEntry } from "./types.ts";

function copyEntry(
  target: Float32Array,
  layout: ParamLayout,
  vector: Float32Array,
  entry: PackEntry,
  rowStride: number,
  column: number,
): void {
  const source = tensorView(vector, slotOf(layout, entry.name));
  for (let row = 0; row < entry.rows; row++) {
    const from = source.subarray(row * entry.cols, (row + 1) * entry.cols);
    target.set(from, entry.offset + entry.rowOf(row) * rowStride + column);
  }
}

/**
 * Packs one vector's per-point weights; padding stays zero.
 *
 * @param plan The model's plan.
 * @param layout The model's parameter layout.
 * @param vector A flat parameter vector in that layout.
 * @returns `plan.packedSize` floats.
 * @example
 * ```ts
 * import { resolveModel } from "../../model/resolve.ts";
 * import { modelLayout } from "../../model/model_layout.ts";
 * import { planModel } from "./plan_model.ts";
 * import { packWeights } from "./pack.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [2], layers: [{ type: "dense", units: 3 }, { type: "dense", units: 2 }] });
 * const plan = planModel(model, { samples: 1, vectors: 2 });
 * console.log(packWeights(plan, modelLayout(model), new Float32Array(17)).length); // 20
 * ```
 */
export function packWeights(
  plan: ModelPlan,
  layout: ParamLayout,
  vector: Float32Array,
): Float32Array {
  const packed = new Float32Array(plan.packedSize);
  for (const entry of plan.entries) copyEntry(packed, layout, vector, entry, entry.rowStride, 0);
  return packed;
}

/**
 * Packs the first layer of several vectors side by side: kernel rows of `k * width` floats and a
 * bias of `k * width`, vector v in columns `[v * width, (v + 1) * width)`, so one pass over the
 * samples computes X W + c, X D1 + e1 (and X D2 + e2) together.
 *
 * @param first The plan's first layer.
 * @param layout The model's parameter layout.
 * @param vectors Centre, d1 and optionally d2.
 * @returns The packed kernel and bias.
 * @example
 * ```ts
 * import { resolveModel } from "../../model/resolve.ts";
 * import { modelLayout } from "../../model/model_layout.ts";
 * import { planModel } from "./plan_model.ts";
 * import { packFirstLayer } from "./pack.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [2], layers: [{ type: "dense", units: 3 }] });
 * const first = planModel(model, { samples: 1, vectors: 2 }).first!;
 * const packed = packFirstLayer(first, modelLayout(model), [new Float32Array(9), new Float32Array(9)]);
 * console.log(packed.kernel.length, packed.bias.length); // 16 8
 * ```
 */
export function packFirstLayer(
  first: FirstLayerPlan,
  layout: ParamLayout,
  vectors: Float32Array[],
): { kernel: Float32Array; bias: Float32Array } {
  const stride = vectors.length * first.width;
  const kernel = new Float32Array(first.kernel.rows * stride);
  const bias = new Float32Array(stride);
  vectors.forEach((vector, v) => {
    copyEntry(kernel, layout, vector, first.kernel, stride, v * first.width);
    if (first.bias !== null) {
      bias.set(tensorView(vector, slotOf(layout, first.bias)), v * first.width);
    }
  });
  return { kernel, bias };
}
