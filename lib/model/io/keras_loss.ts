/**
 * Losses between Keras and us: `trainingConfig.loss` (Keras 2 snake_case, TF.js camelCase,
 * Keras 3 `{ class_name }`) to our loss names, and back when we write a model.
 * @module
 */
import { LosscapeError } from "../../errors.ts";
import type { LossName } from "../spec.ts";

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
};

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
  if (loss === undefined || loss === null) return undefined;
  if (Array.isArray(loss) || (typeof loss === "object" && !("class_name" in loss))) {
    const values = Object.values(loss);
    if (values.length !== 1) {
      throw new LosscapeError(`${where}: expected one loss for one output: got ${values.length}`);
    }
    return kerasLoss(values[0], where);
  }
  const name = typeof loss === "object" ? (loss as { class_name: unknown }).class_name : loss;
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
  return ours;
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
