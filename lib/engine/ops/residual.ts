/**
 * Plans a residual block: its body, its shortcut (the input itself, or the resolved projection:
 * a 1x1 convolution on images, a dense layer on flat inputs), their sum and the block's
 * activation (a ReLU is fused into the sum).
 * @module
 */
import { LosscapeError } from "../../errors.ts";
import type { LayerPlan } from "./op.ts";

/**
 * Adds a residual block's ops to the planner.
 *
 * @param planner The planner.
 * @param layer The resolved residual layer.
 * @param current Its input.
 * @returns Its output.
 * @throws {LosscapeError} When shortcut and body are stored differently (a flattened image with
 *   padded channels against a dense output).
 * @example
 * ```ts
 * import { resolveModel } from "../../model/resolve.ts";
 * import { createPlanner } from "../program/planner.ts";
 * import { planResidual } from "./residual.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [4], layers: [{ type: "residual", layers: [{ type: "dense", units: 4 }] }] });
 * const planner = createPlanner(undefined);
 * const input = { id: 0, desc: { h: 1, w: 1, c: 4, stride: 4, groupC: 4, groupStride: 4 } };
 * const block = model.layers[0];
 * if (block.type === "residual") planResidual(planner, block, input);
 * console.log(planner.ops.map((op) => op.kind)); // ["dense", "add"]
 * ```
 */
export const planResidual: LayerPlan<"residual"> = (planner, layer, current) => {
  let body = current;
  for (const child of layer.body) body = planner.layer(child, body);
  const skip = layer.projection ? planner.linear(layer.projection, current, false) : current;
  if (JSON.stringify(skip.desc) !== JSON.stringify(body.desc)) {
    throw new LosscapeError(
      `${layer.path} (residual "${layer.name}"): the kernel cannot add a shortcut stored as ` +
        `${JSON.stringify(skip.desc)} to a body stored as ${JSON.stringify(body.desc)}`,
    );
  }
  const activation = planner.activationOf(layer);
  const sum = planner.push({
    kind: "add",
    a: body.id,
    b: skip.id,
    out: -1,
    desc: body.desc,
    relu: activation === "relu",
  }, body.desc);
  return planner.activate(sum, activation, layer.alpha, true);
};
