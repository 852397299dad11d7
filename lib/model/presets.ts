/**
 * Built-in models, by name (`--model mlp`, `cnn`, `resnet-tiny`). All take 28x28 grey images
 * (MNIST digits) and output 10 logits for softmax cross-entropy.
 * @module
 */
import type { LayerSpec, ModelSpec } from "./spec.ts";

/** Names of the built-in models. */
export type PresetName =
  | "mlp"
  | "cnn"
  | "resnet-tiny"
  | "resmlp-deep"
  | "resmlp-deep-noskip";

/** Blocks and width of the deep dense presets (`resmlp-deep`, `resmlp-deep-noskip`). */
const DEEP_BLOCKS = 8, DEEP_WIDTH = 32;

/**
 * A deep dense network: dense 32 (ReLU), then 8 blocks [dense 32 - BN - ReLU - dense 32 - BN],
 * then dense 10. With shortcuts each block is `relu(block(x) + x)`; without, it is
 * `relu(block(x))`: the same layers and parameters, only the identity paths removed
 * (Li et al. 2018, sec. 5, compare ResNet-56 with and without its shortcuts).
 */
function deepDense(shortcuts: boolean): ModelSpec {
  const body = (): LayerSpec[] => [
    { type: "dense", units: DEEP_WIDTH, useBias: false },
    { type: "batch-norm" },
    { type: "activation", activation: "relu" },
    { type: "dense", units: DEEP_WIDTH, useBias: false },
    { type: "batch-norm" },
  ];
  const blocks: LayerSpec[] = Array.from(
    { length: DEEP_BLOCKS },
    () =>
      shortcuts
        ? { type: "residual", layers: body() }
        : [...body(), { type: "activation", activation: "relu" }],
  ).flat() as LayerSpec[];
  return {
    kind: "sequential",
    inputShape: [784],
    layers: [
      { type: "dense", units: DEEP_WIDTH, activation: "relu" },
      ...blocks,
      { type: "dense", units: 10 },
    ],
  };
}

/**
 * The built-in models.
 * - `mlp`: 784-128-10, ReLU, He init (101,770 parameters).
 * - `cnn`: conv 16@3x3 (same, ReLU) - max-pool 2 - conv 32@3x3 (same, ReLU) - max-pool 2 -
 *   flatten - dense 10 (20,490 parameters); only its first layer is linear in the weights.
 * - `resnet-tiny`: conv 16@3x3 - residual [conv 16@3x3 - BN - ReLU - conv 16@3x3 - BN] -
 *   residual [conv 32@3x3 stride 2 - BN - ReLU - conv 32@3x3 - BN, 1x1 projection] - global
 *   average pooling - dense 10.
 * - `resmlp-deep`: dense 32 - 8 residual blocks [dense 32 - BN - ReLU - dense 32 - BN] - dense 10
 *   (18 dense layers; 43,882 values, 1,024 of them moving statistics).
 * - `resmlp-deep-noskip`: the same layers without the shortcuts.
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
  "resmlp-deep": deepDense(true),
  "resmlp-deep-noskip": deepDense(false),
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
