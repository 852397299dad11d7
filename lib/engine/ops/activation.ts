/**
 * Element-wise activations by kernel code, and the row softmax (assembly/activations.ts). A
 * layer's own activation runs in place on its output; an `activation` layer copies first, since
 * its input may be the samples or a residual block's skip path. ReLU after a dense, conv or add
 * is fused into that op instead, and a final softmax or sigmoid into the loss.
 * @module
 */
import { LosscapeError } from "../../errors.ts";
import type { ResolvedActivationFields, ResolvedLayer } from "../../model/resolve.ts";
import type { ActivationName } from "../../model/spec.ts";
import { ACTIVATION_CODES } from "../kernel/activation_codes.ts";
import { sampleFloats, type TensorDesc } from "../program/types.ts";
import type { LayerPlan, OpRun, Planned, Planner } from "./op.ts";

/** An element-wise activation op (code 0 is the identity: a copy when out-of-place). */
export interface ActivationOp {
  /** Op kind. */
  kind: "activation";
  /** Input buffer. */
  input: number;
  /** Output buffer (the input's for in place). */
  out: number;
  /** Stored tensor. */
  desc: TensorDesc;
  /** Kernel code (`ACTIVATION_CODES`). */
  code: number;
  /** Leaky ReLU's slope or ELU's alpha. */
  alpha: number;
}

/** A softmax over each row's logical channels, in place. */
export interface SoftmaxOp {
  /** Op kind. */
  kind: "softmax";
  /** Input buffer. */
  input: number;
  /** Output buffer (the same). */
  out: number;
  /** Stored tensor. */
  desc: TensorDesc;
}

/**
 * The activation a layer applies: "linear" when the loss fuses it (the model's last layer), else
 * the layer's own.
 *
 * @param layer The layer.
 * @param fusedLast The layer whose activation the loss fuses, if any.
 * @returns The activation to apply.
 * @example
 * ```ts
 * import { resolveModel } from "../../model/resolve.ts";
 * import { activationOf } from "./activation.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [2], layers: [{ type: "dense", units: 2, activation: "softmax" }] });
 * const layer = model.layers[0];
 * if (layer.type === "dense") console.log(activationOf(layer, layer)); // "linear"
 * ```
 */
export function activationOf(
  layer: ResolvedLayer & ResolvedActivationFields,
  fusedLast: ResolvedLayer | undefined,
): ActivationName {
  return layer === fusedLast ? "linear" : layer.activation;
}

/**
 * Appends an in-place activation on `current` (the planner's `activate`).
 *
 * @param planner The planner.
 * @param current The tensor.
 * @param activation Which activation.
 * @param alpha Its alpha (leaky-ReLU slope, ELU scale), as resolved.
 * @param reluFused Whether a ReLU was already fused into the op that wrote `current`.
 * @returns `current` (activations run in place).
 * @throws {LosscapeError} For a softmax over a flattened image with padded channels.
 * @example
 * ```ts ignore
 * current = appendActivation(planner, current, "tanh", 1, true);
 * ```
 */
export function appendActivation(
  planner: Pick<Planner, "ops">,
  current: Planned,
  activation: ActivationName,
  alpha: number,
  reluFused: boolean,
): Planned {
  if (activation === "linear" || (activation === "relu" && reluFused)) return current;
  const { id, desc } = current;
  if (activation === "softmax") {
    if (desc.h * desc.w === 1 && desc.groupC < desc.c) {
      throw new LosscapeError(
        "softmax after a flatten of an image with padded channels is not supported: " +
          "add a dense layer before it",
      );
    }
    planner.ops.push({ kind: "softmax", input: id, out: id, desc });
    return current;
  }
  const code = ACTIVATION_CODES[activation];
  planner.ops.push({
    kind: "activation",
    input: id,
    out: id,
    desc,
    code,
    alpha,
  });
  return current;
}

/** Plans an `activation` layer: out of place (a copy, then the activation on it). */
export const planActivation: LayerPlan<"activation"> = (planner, layer, current) => {
  const activation = planner.activationOf(layer), alpha = layer.alpha;
  if (activation === "linear") return current;
  const code = activation === "softmax" ? 0 : ACTIVATION_CODES[activation];
  const op = {
    kind: "activation",
    input: current.id,
    out: -1,
    desc: current.desc,
    code,
    alpha,
  } as const;
  const copy = planner.push(op, current.desc);
  return activation === "softmax" ? planner.activate(copy, activation, alpha, false) : copy;
};

/** Runs an activation or softmax op on a block (copying first when out of place). */
export const runActivation: OpRun<ActivationOp | SoftmaxOp> = (kernel, op, ctx) => {
  const { rows, buffers } = ctx;
  const floats = rows * sampleFloats(op.desc);
  if (op.input !== op.out) {
    const from = buffers[op.input] / 4;
    kernel.f32.copyWithin(buffers[op.out] / 4, from, from + floats);
  }
  if (op.kind === "softmax") {
    kernel.softmaxRows(buffers[op.out], op.desc.stride, rows * op.desc.h * op.desc.w, op.desc.c);
  } else if (op.code !== 0) {
    kernel.activate(buffers[op.out], floats, op.code, op.alpha);
  }
};
