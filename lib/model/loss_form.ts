/**
 * What each loss computes, in words, for run.json and the report: which form of cross-entropy
 * was used (fused with the logits, or on probabilities as Keras scores a sigmoid output).
 * @module
 */
import type { LossName } from "./spec.ts";

const FORMS: Record<LossName, string> = {
  "softmax-cross-entropy":
    "logits: softmax cross-entropy, logsumexp(z) - z_y (a final softmax is fused into it)",
  "binary-cross-entropy": "logits: sigmoid binary cross-entropy (a final sigmoid is fused into it)",
  mse: "mean squared error against the one-hot label",
  "probability-cross-entropy":
    "probabilities: -log(clip(p_y / sum(p), 1e-7, 1 - 1e-7)) on the model's outputs (Keras categorical_crossentropy, from_logits false)",
};

/**
 * Describes a loss and the form it is computed in.
 *
 * @param loss The loss (default `softmax-cross-entropy`).
 * @returns One line, starting with the form (`logits:` or `probabilities:`).
 * @example
 * ```ts
 * import { describeLoss } from "./loss_form.ts";
 * console.log(describeLoss("probability-cross-entropy").startsWith("probabilities")); // true
 * ```
 */
export function describeLoss(loss: LossName = "softmax-cross-entropy"): string {
  return FORMS[loss];
}
