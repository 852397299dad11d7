/**
 * Model -> kernel program. Walks a resolved model once (each layer planned by its op file), giving every layer output a buffer with
 * channels padded to multiples of 4 (zero weights on padded rows and columns, so padding never
 * reaches a valid output), and every parameter tensor a place in the packed per-point vector.
 * The first layer is precomputed when it is a dense or conv layer reached through nothing but
 * flatten and dropout (DESIGN.md, "the engine's main idea").
 * @module
 */
import { LosscapeError } from "../../errors.ts";
import type { ResolvedModel } from "../../model/resolve.ts";
import { fuseWinogradMaxPool } from "../ops/conv2d_winograd.ts";
import { fuseFirstMaxPool } from "../ops/first_layer.ts";
import { createPlanner, describeLinear } from "./planner.ts";
import { collectConstants, leadingLayers } from "./preprocess.ts";
import { type ModelPlan, padTo4, sampleFloats, type TensorDesc } from "./types.ts";

/** Products of the first layer above this many bytes are recomputed per point instead. */
const PRODUCTS_BUDGET_BYTES = 1024 ** 3;

/** What the plan depends on besides the model. */
export interface PlanOptions {
  /** Samples the evaluator holds. */
  samples: number;
  /** Parameter vectors whose first-layer products are kept: 2 (line) or 3 (plane). */
  vectors: number;
  /**
   * Keep the first layer's products (default true). False plans every layer per point: for
   * a single point the products would cost as much as the layer itself, and their memory.
   */
  precomputeFirst?: boolean;
}

/**
 * Plans a model for the kernel.
 *
 * @param model The resolved model.
 * @param options Samples and vectors, which decide whether the first layer is precomputed.
 * @returns The plan.
 * @throws {LosscapeError} For the few layouts the kernel cannot run, naming the layer.
 * @example
 * ```ts
 * import { resolveModel } from "../../model/resolve.ts";
 * import { planModel } from "./plan_model.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [5, 5, 1], layers: [
 *   { type: "conv2d", filters: 6, kernelSize: 3, activation: "relu" },
 *   { type: "flatten" }, { type: "dense", units: 3 }] });
 * const plan = planModel(model, { samples: 10, vectors: 3 });
 * console.log(plan.first?.width, plan.ops.map((op) => op.kind)); // 8 ["first", "dense"]
 * ```
 */
export function planModel(model: ResolvedModel, options: PlanOptions): ModelPlan {
  const layers = model.layers;
  // Leading flatten, dropout, reshape, rescaling, normalization: read the samples in their
  // output shape, with their affine map applied to the samples once (preprocess.ts).
  const lead = leadingLayers(model);
  let firstIndex = lead.count;
  const firstType = layers[firstIndex]?.type;
  const shape = lead.shape;
  const c = shape[shape.length - 1];
  // Dense and conv read any pixel stride; every other kernel wants channels padded to 4.
  const stride = firstType === "dense" || firstType === "conv2d" ? c : padTo4(c);
  const input: TensorDesc = {
    h: shape.length === 3 ? shape[0] : 1,
    w: shape.length >= 2 ? shape[shape.length - 2] : 1,
    c,
    stride,
    groupC: c,
    groupStride: stride,
  };
  const planner = createPlanner(finalActivationFused(model) ? layers.at(-1) : undefined);
  let current = { id: 0, desc: input };
  let first: ModelPlan["first"] = null;
  const firstLayer = layers[firstIndex];
  if (firstLayer?.type === "dense" || firstLayer?.type === "conv2d") {
    const layer = firstLayer;
    const { op, desc, kernel } = describeLinear(layer, current.desc);
    const bytes = options.samples * sampleFloats(desc) * options.vectors * 4;
    if (options.precomputeFirst !== false && bytes <= PRODUCTS_BUDGET_BYTES) {
      const bias = layer.tensors.find((tensor) => tensor.role === "bias")?.name ?? null;
      first = { op, out: desc, kernel, bias, width: desc.stride };
      const activation = planner.activationOf(layer);
      current = planner.push({ kind: "first", out: -1, desc, relu: activation === "relu" }, desc);
      current = planner.activate(current, activation, layer.alpha, true);
      firstIndex++;
    }
  }
  for (let i = firstIndex; i < layers.length; i++) current = planner.layer(layers[i], current);
  const out = current.desc;
  if (out.h * out.w !== 1 || out.groupC < out.c) {
    throw new LosscapeError(
      `model: the outputs must be a contiguous vector; flatten of a [${out.h}, ${out.w}, ${out.groupC}] ` +
        "image is not supported as the last layer (end with a dense layer)",
    );
  }
  fuseFirstMaxPool(planner.ops, planner.bufferFloats);
  fuseWinogradMaxPool(planner.ops, planner.bufferFloats);
  return {
    input,
    bufferFloats: planner.bufferFloats,
    first,
    ops: planner.ops,
    output: current.id,
    outputStride: out.stride,
    entries: planner.entries,
    packedSize: padTo4(planner.packedSize()),
    outputs: out.c,
    loss: model.spec.loss,
    inputAffine: lead.inputAffine,
    constants: collectConstants(planner.ops),
  };
}

/** Whether the last layer's activation is the one the loss fuses (softmax / sigmoid). */
function finalActivationFused(model: ResolvedModel): boolean {
  const last = model.layers.at(-1);
  const activation = last && "activation" in last ? last.activation : undefined;
  const fused: Record<string, string> = {
    "softmax-cross-entropy": "softmax",
    "binary-cross-entropy": "sigmoid",
  };
  return activation !== undefined && fused[model.spec.loss] === activation;
}
