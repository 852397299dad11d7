/**
 * Built-in models, by name (`--model mlp`, `cnn`, `resnet-tiny`). All take 28x28 grey images
 * (MNIST digits) and output 10 logits for softmax cross-entropy.
 * @module
 */
import type { ModelSpec } from "./spec.ts";

/** Names of the built-in models. */
export type PresetName = "mlp" | "cnn" | "resnet-tiny";

/**
 * The built-in models.
 * - `mlp`: 784-128-10, ReLU, He init (101,770 parameters).
 * - `cnn`: conv 16@3x3 (same, ReLU) - max-pool 2 - conv 32@3x3 (same, ReLU) - max-pool 2 -
 *   flatten - dense 10 (20,490 parameters); only its first layer is linear in the weights.
 * - `resnet-tiny`: conv 16@3x3 - residual [conv 16@3x3 - BN - ReLU - conv 16@3x3 - BN] -
 *   residual [conv 32@3x3 stride 2 - BN - ReLU - conv 32@3x3 - BN, 1x1 projection] - global
 *   average pooling - dense 10.
 */
export const PRESETS: Record<PresetName, ModelSpec> = {
  mlp: {
    kind: "sequential",
    inputShape: [784],
    layers: [{ type: "dense", units: 128, activation: "relu" }, { type: "dense", units: 10 }],
  },
  cnn: {
    kind: "sequential",
    inputShape: [28, 28, 1],
    layers: [
      { type: "conv2d", filters: 16, kernelSize: 3, padding: "same", activation: "relu" },
      { type: "max-pool2d", poolSize: 2 },
      { type: "conv2d", filters: 32, kernelSize: 3, padding: "same", activation: "relu" },
      { type: "max-pool2d", poolSize: 2 },
      { type: "flatten" },
      { type: "dense", units: 10 },
    ],
  },
  "resnet-tiny": {
    kind: "sequential",
    inputShape: [28, 28, 1],
    layers: [
      { type: "conv2d", filters: 16, kernelSize: 3, padding: "same", activation: "relu" },
      {
        type: "residual",
        layers: [
          { type: "conv2d", filters: 16, kernelSize: 3, padding: "same", useBias: false },
          { type: "batch-norm" },
          { type: "activation", activation: "relu" },
          { type: "conv2d", filters: 16, kernelSize: 3, padding: "same", useBias: false },
          { type: "batch-norm" },
        ],
      },
      {
        type: "residual",
        shortcut: "projection",
        layers: [
          {
            type: "conv2d",
            filters: 32,
            kernelSize: 3,
            strides: 2,
            padding: "same",
            useBias: false,
          },
          { type: "batch-norm" },
          { type: "activation", activation: "relu" },
          { type: "conv2d", filters: 32, kernelSize: 3, padding: "same", useBias: false },
          { type: "batch-norm" },
        ],
      },
      { type: "global-avg-pool2d" },
      { type: "dense", units: 10 },
    ],
  },
};

/**
 * Looks up a built-in model.
 *
 * @param name `mlp`, `cnn` or `resnet-tiny`.
 * @returns A copy of its spec.
 * @throws {RangeError} On an unknown name, listing the known ones.
 * @example
 * ```ts
 * import { preset } from "./presets.ts";
 * console.log(preset("cnn").inputShape); // [28, 28, 1]
 * ```
 */
export function preset(name: string): ModelSpec {
  if (!(name in PRESETS)) {
    throw new RangeError(
      `Unknown model preset "${name}": known are ${Object.keys(PRESETS).join(", ")}`,
    );
  }
  return structuredClone(PRESETS[name as PresetName]);
}
