/**
 * The shape of the older MLP-only spec, which the engine's entry points still accept beside a
 * model spec. New code passes a model spec: `preset("mlp")` is the same 784-128-10 network.
 * @module
 */
import type { LossName } from "./spec.ts";

/** A fully connected ReLU classifier `inputSize -> hidden... -> classes` (prefer a model spec). */
export interface MlpSpec {
  /** Always `"mlp"`. */
  kind: "mlp";
  /** Features per sample. */
  inputSize: number;
  /** Widths of the hidden layers, e.g. `[128]`. */
  hidden: number[];
  /** Number of classes (width of the logits). */
  classes: number;
  /** Activation after every hidden layer. */
  activation: "relu";
  /** Loss on the outputs. Default `"softmax-cross-entropy"`. */
  loss?: LossName;
}
