/**
 * Activations between Keras and us, and the Keras layers that stand for ours when a Keras
 * activation string cannot (a leaky ReLU, an ELU with a scale other than 1).
 * @module
 */
import { LosscapeError } from "../../../errors.ts";
import type { ActivationName } from "../../spec.ts";
import { activationAlpha } from "../../layer_defaults.ts";

const KERAS_ACTIVATIONS: Record<string, ActivationName> = {
  linear: "linear",
  relu: "relu",
  elu: "elu",
  tanh: "tanh",
  sigmoid: "sigmoid",
  gelu: "gelu",
  softmax: "softmax",
  leaky_relu: "leaky-relu",
};

/**
 * Maps a Keras activation name to ours.
 *
 * @param name The Keras name (`relu`, `elu`, `tanh`, `sigmoid`, `gelu`, `softmax`, `linear`; a
 * `{ class_name }` object as Keras 3 writes is read too).
 * @param where Where it was found, for messages.
 * @returns Our name.
 * @throws {LosscapeError} For any other activation.
 * @example
 * ```ts
 * import { kerasActivation } from "./keras_activation.ts";
 * console.log(kerasActivation("relu", "model.json")); // "relu"
 * ```
 */
export function kerasActivation(name: unknown, where: string): ActivationName {
  // Keras 3 may write `{ class_name: "function", config: "relu" }`.
  const record = typeof name === "object" && name !== null
    ? name as { class_name?: unknown; config?: unknown }
    : undefined;
  const text = record
    ? (record.class_name === "function" ? record.config : record.class_name)
    : name ?? "linear";
  const ours = typeof text === "string" ? KERAS_ACTIVATIONS[text] : undefined;
  if (!ours) {
    throw new LosscapeError(
      `${where}: unsupported activation ${JSON.stringify(text)}: supported are ${
        Object.keys(KERAS_ACTIVATIONS).join(", ")
      }`,
    );
  }
  return ours;
}

/** A Keras layer as class and config, without a name. */
export interface KerasLayerConfig {
  /** Keras class. */
  class_name: string;
  /** Its config. */
  config: Record<string, unknown>;
}

/**
 * Our activation as a Keras activation string, when one exists.
 *
 * @param activation Our activation.
 * @param alpha Leaky-ReLU slope or ELU scale (default: the activation's, `ACTIVATION_ALPHA`).
 * @returns The Keras name, or undefined when it needs a layer of its own ({@linkcode activationLayer}).
 * @example
 * ```ts
 * import { activationToKeras } from "./keras_activation.ts";
 * console.log(activationToKeras("gelu"), activationToKeras("leaky-relu")); // "gelu" undefined
 * ```
 */
export function activationToKeras(
  activation: ActivationName = "linear",
  alpha: number = activationAlpha(activation),
): string | undefined {
  if (activation === "leaky-relu") return undefined;
  if (activation === "elu" && alpha !== 1) return undefined;
  return activation;
}

/**
 * Our activation as a stand-alone Keras layer (`Activation`, `LeakyReLU` or `ELU`).
 *
 * @param activation Our activation.
 * @param alpha Leaky-ReLU slope or ELU scale (default: the activation's, `ACTIVATION_ALPHA`).
 * @returns The layer's class and config (without a name).
 * @example
 * ```ts
 * import { activationLayer } from "./keras_activation.ts";
 * console.log(activationLayer("leaky-relu")); // { class_name: "LeakyReLU", config: { alpha: 0.2 } }
 * ```
 */
export function activationLayer(
  activation: ActivationName,
  alpha: number = activationAlpha(activation),
): KerasLayerConfig {
  if (activation === "leaky-relu") return { class_name: "LeakyReLU", config: { alpha } };
  const name = activationToKeras(activation, alpha);
  return name === undefined
    ? { class_name: "ELU", config: { alpha } }
    : { class_name: "Activation", config: { activation: name } };
}
