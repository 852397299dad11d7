/**
 * The multi-layer perceptron: dense layers with an activation between them
 * and softmax cross-entropy on the logits.
 * @module
 */
import { buildLayout, type ParamLayout } from "./layout.ts";
import type { LossName } from "./spec.ts";

/** Activation between dense layers. */
export type Activation = "relu";

/** A fully connected classifier: `inputSize -> hidden... -> classes`. */
export interface MlpSpec {
  /** Always `"mlp"`. */
  kind: "mlp";
  /** Features per sample (784 for 28x28 digits). */
  inputSize: number;
  /** Widths of the hidden layers, e.g. `[128]`. */
  hidden: number[];
  /** Number of classes (width of the logits). */
  classes: number;
  /** Activation after every hidden layer. */
  activation: Activation;
  /** Loss on the outputs. Default `"softmax-cross-entropy"`. */
  loss?: LossName;
}

/** The default model: 784-128-10 ReLU. */
export const DEFAULT_MLP: MlpSpec = {
  kind: "mlp",
  inputSize: 784,
  hidden: [128],
  classes: 10,
  activation: "relu",
};

/**
 * Widths of all layers, input first and logits last.
 *
 * @param spec The model.
 * @returns `[inputSize, ...hidden, classes]`.
 * @example
 * ```ts
 * import { DEFAULT_MLP, mlpWidths } from "./mlp.ts";
 * console.log(mlpWidths(DEFAULT_MLP)); // [784, 128, 10]
 * ```
 */
export function mlpWidths(spec: MlpSpec): number[] {
  return [spec.inputSize, ...spec.hidden, spec.classes];
}

/**
 * The flat parameter layout of an MLP: `dense{i}/kernel` `[in, out]` then
 * `dense{i}/bias` `[out]` for each layer i.
 *
 * @param spec The model.
 * @returns The layout.
 * @example
 * ```ts
 * import { DEFAULT_MLP, mlpLayout } from "./mlp.ts";
 * console.log(mlpLayout(DEFAULT_MLP).size); // 101770
 * ```
 */
export function mlpLayout(spec: MlpSpec): ParamLayout {
  const widths = mlpWidths(spec);
  const specs = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    specs.push({
      name: `dense${i}/kernel`,
      shape: [widths[i], widths[i + 1]],
      role: "kernel" as const,
    });
    specs.push({
      name: `dense${i}/bias`,
      shape: [widths[i + 1]],
      role: "bias" as const,
    });
  }
  return buildLayout(specs);
}
