/**
 * L2 weight decay, in its two forms:
 *
 * - **coupled** ("L2 regularisation"): the loss gets (lambda/2)·||w||², so the gradient gets
 *   lambda·w. That extra gradient flows through the optimiser like any other (momentum
 *   accumulates it, Adam divides it by sqrt(v)).
 * - **decoupled** ("weight decay" proper, AdamW; Loshchilov & Hutter 2019, algorithm 2):
 *   w <- w - lr·lambda·w applied directly to the weights, outside the optimiser's scaling.
 *
 * For plain SGD the two are the same update; for momentum and Adam they differ.
 * @module
 */
import type { ParamLayout, TensorRole } from "../model/layout.ts";
import { LosscapeError } from "../errors.ts";

/** How weight decay enters the update; see the module docs. */
export type WeightDecayMode = "coupled" | "decoupled";

/** The modes, for option checking and CLI help. */
export const WEIGHT_DECAY_MODES: readonly WeightDecayMode[] = ["coupled", "decoupled"];

/** Roles that may be decayed: the trained ones (batch-norm moving statistics are not trained). */
export const DECAYABLE_ROLES: readonly TensorRole[] = ["kernel", "bias", "gamma", "beta"];

/**
 * Marks which parameters are decayed: 1 for tensors whose role is listed, 0 elsewhere.
 *
 * @param layout The parameter layout.
 * @param roles Roles to decay. Default `["kernel"]` (biases are not decayed).
 * @returns One byte per parameter.
 * @throws {LosscapeError} On a role outside {@linkcode DECAYABLE_ROLES}.
 * @example
 * ```ts
 * import { buildLayout } from "../model/layout.ts";
 * import { decayMask } from "./weight_decay.ts";
 * const layout = buildLayout([{ name: "w", shape: [2], role: "kernel" }, { name: "b", shape: [1], role: "bias" }]);
 * console.log(decayMask(layout)); // Uint8Array [1, 1, 0]
 * ```
 */
export function decayMask(
  layout: ParamLayout,
  roles: readonly TensorRole[] = ["kernel"],
): Uint8Array {
  for (const role of roles) {
    if (!DECAYABLE_ROLES.includes(role)) {
      throw new LosscapeError(
        `weight decay roles must be among ${DECAYABLE_ROLES.join(", ")}: got "${role}"`,
      );
    }
  }
  const mask = new Uint8Array(layout.size);
  for (const slot of layout.tensors) {
    if (roles.includes(slot.role)) mask.fill(1, slot.offset, slot.offset + slot.size);
  }
  return mask;
}

/**
 * The coupled L2 term (lambda/2)·||w||² over the masked parameters, to add to a reported loss.
 *
 * @param params The flat weights.
 * @param lambda The decay coefficient.
 * @param mask Which parameters count (from {@linkcode decayMask}); all when omitted.
 * @returns The penalty (float64 sum).
 * @example
 * ```ts
 * import { l2Penalty } from "./weight_decay.ts";
 * console.log(l2Penalty(new Float32Array([3, 4]), 0.1)); // 1.25
 * ```
 */
export function l2Penalty(params: Float32Array, lambda: number, mask?: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < params.length; i++) {
    if (!mask || mask[i]) sum += params[i] * params[i];
  }
  return (lambda / 2) * sum;
}
