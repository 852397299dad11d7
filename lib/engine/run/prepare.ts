/**
 * Checks a plane's inputs against its model and packs them for the kernel: resolves the spec,
 * validates vectors and samples, plans the model and packs the first layer and the per-point
 * weights of the centre and directions.
 * @module
 */
import type { Dataset } from "../../data/dataset.ts";
import { modelLayout } from "../../model/model_layout.ts";
import { type ResolvedModel, resolveModel } from "../../model/resolve.ts";
import type { ModelSpec } from "../../model/spec.ts";
import type { ModelPlan } from "../program/types.ts";
import { packFirstLayer, packWeights } from "../program/pack.ts";
import { planModel } from "../program/plan_model.ts";
import { validateModelDataset, validateVector } from "./validate.ts";

/** A plane ready for `createModelRunner`. */
export interface PreparedPlane {
  /** The resolved model. */
  model: ResolvedModel;
  /** Its kernel plan. */
  plan: ModelPlan;
  /** The precomputed first layer's packed weights, or null when the plan has none. */
  first: { kernel: Float32Array; bias: Float32Array } | null;
  /** Packed per-point weights of centre, d1 (and d2). */
  later: Float32Array[];
}

/**
 * Validates and packs a plane.
 *
 * @param options The model, centre, directions (d2 null for a line) and samples.
 * @returns The plan and packed weights.
 * @throws {TypeError | RangeError | LosscapeError} Before any kernel memory is touched.
 * @example
 * ```ts
 * import { preparePlane } from "./prepare.ts";
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 3, activation: "relu" as const }, { type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array(4), y: new Int32Array([0, 1]), count: 2, features: 2, classes: 2 };
 * const w = new Float32Array(17);
 * console.log(preparePlane({ spec, center: w, d1: w, d2: null, data }).later.length); // 2
 * ```
 */
export function preparePlane(options: {
  spec: ModelSpec;
  center: Float32Array;
  d1: Float32Array;
  d2: Float32Array | null;
  data: Dataset;
  /** Keep the first layer's products (default true; `PlanOptions.precomputeFirst`). */
  precomputeFirst?: boolean;
}): PreparedPlane {
  const { spec, center, d1, d2, data, precomputeFirst } = options;
  const model = resolveModel(spec);
  const layout = modelLayout(model);
  validateVector("center", center, layout.size);
  validateVector("d1", d1, layout.size);
  if (d2 !== null) validateVector("d2", d2, layout.size);
  validateModelDataset(data, model);
  const vectors = d2 === null ? [center, d1] : [center, d1, d2];
  const plan = planModel(model, { samples: data.count, vectors: vectors.length, precomputeFirst });
  const first = plan.first ? packFirstLayer(plan.first, layout, vectors) : null;
  return { model, plan, first, later: vectors.map((vector) => packWeights(plan, layout, vector)) };
}
