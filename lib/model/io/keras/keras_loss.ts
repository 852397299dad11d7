/**
 * Losses between Keras and us: `trainingConfig.loss` (Keras 2 snake_case, TF.js camelCase,
 * Keras 3 `{ class_name }`) to our loss names, and back when we write a model.
 * @module
 */
import { LosscapeError } from "../../../errors.ts";
import type { LossName } from "../../spec.ts";

// Keys are the Keras names in lower case without underscores.
const FROM_KERAS: Record<string, LossName> = {
  categoricalcrossentropy: "softmax-cross-entropy",
  sparsecategoricalcrossentropy: "softmax-cross-entropy",
  binarycrossentropy: "binary-cross-entropy",
  mse: "mse",
  meansquarederror: "mse",
};

const TO_KERAS: Record<LossName, string> = {
  "softmax-cross-entropy": "categorical_crossentropy",
  "binary-cross-entropy": "binary_crossentropy",
  mse: "mean_squared_error",
  "probability-cross-entropy": "categorical_crossentropy",
};

/** A Keras loss read: our loss and whether Keras was told the outputs are logits. */
export interface KerasLossForm {
  /** Our loss. */
  loss: LossName;
  /** Keras's `from_logits` (false for a loss given by name, as Keras defaults). */
  fromLogits: boolean;
}

/**
 * Reads a Keras training config's loss with its `from_logits` flag.
 *
 * @param loss `trainingConfig.loss` / `compile_config.loss`: a name, a Keras 3
 * `{ class_name: "function", config: name }`, a loss class `{ class_name, config }`, or a
 * one-output list/record of them.
 * @param where Where it was found, for messages.
 * @returns Our loss and `from_logits`, or undefined when `loss` is absent.
 * @throws {LosscapeError} For a loss we do not have.
 * @example
 * ```ts
 * import { kerasLossForm } from "./keras_loss.ts";
 * const loss = { class_name: "SparseCategoricalCrossentropy", config: { from_logits: true } };
 * console.log(kerasLossForm(loss, "config.json")); // { loss: "softmax-cross-entropy", fromLogits: true }
 * ```
 */
export function kerasLossForm(loss: unknown, where: string): KerasLossForm | undefined {
  if (loss === undefined || loss === null) return undefined;
  if (Array.isArray(loss) || (typeof loss === "object" && !("class_name" in loss))) {
    const values = Object.values(loss);
    if (values.length !== 1) {
      throw new LosscapeError(`${where}: expected one loss for one output: got ${values.length}`);
    }
    return kerasLossForm(values[0], where);
  }
  let name: unknown = loss, fromLogits = false;
  if (typeof loss === "object") {
    const { class_name, config } = loss as { class_name: unknown; config?: unknown };
    if (class_name === "function") name = config;
    else {
      name = class_name;
      const options = (config ?? {}) as { from_logits?: unknown };
      fromLogits = options.from_logits === true;
    }
  }
  const ours = typeof name === "string"
    ? FROM_KERAS[name.toLowerCase().replaceAll("_", "")]
    : undefined;
  if (!ours) {
    throw new LosscapeError(
      `${where}: unsupported loss ${
        JSON.stringify(name)
      }: supported are categorical_crossentropy, ` +
        `sparse_categorical_crossentropy, binary_crossentropy, mse (or pass the loss option)`,
    );
  }
  return { loss: ours, fromLogits };
}

/**
 * Reads a Keras training config's loss as one of ours.
 *
 * @param loss `trainingConfig.loss`: a name, a `{ class_name }` object, or a one-output
 * list/record of them.
 * @param where Where it was found, for messages.
 * @returns Our loss, or undefined when `loss` is absent.
 * @throws {LosscapeError} For a loss we do not have.
 * @example
 * ```ts
 * import { kerasLoss } from "./keras_loss.ts";
 * console.log(kerasLoss("sparse_categorical_crossentropy", "model.json")); // "softmax-cross-entropy"
 * ```
 */
export function kerasLoss(loss: unknown, where: string): LossName | undefined {
  return kerasLossForm(loss, where)?.loss;
}

/**
 * Our loss as the Keras name written into `trainingConfig.loss`.
 *
 * @param loss Our loss.
 * @returns The Keras name (`categorical_crossentropy`, `binary_crossentropy`, `mean_squared_error`).
 * @example
 * ```ts
 * import { lossToKeras } from "./keras_loss.ts";
 * console.log(lossToKeras("mse")); // "mean_squared_error"
 * ```
 */
export function lossToKeras(loss: LossName): string {
  return TO_KERAS[loss];
}
