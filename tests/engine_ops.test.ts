// Every layer the engine runs, against TF.js (modelForward) at awkward sizes: one input channel,
// widths that are not multiples of 4, stride 2 on odd and even sizes, 1x1, 3x3 and 5x5 kernels,
// "same" and "valid" padding, batch 1. Each model is the layer under test plus a dense head, so
// a wrong layer shows in the loss; grids of 3x3 points over [-1, 1]^2, losses within 1e-4.
import { describe, it } from "node:test";
import type { LayerSpec, ModelSpec } from "../lib/model/spec.ts";
import { compareWithTfjs } from "./model_parity.ts";

/** The layers on an image input, then flatten and a dense head of 3 classes. */
function imageModel(inputShape: number[], layers: LayerSpec[]): ModelSpec {
  return {
    kind: "sequential",
    inputShape,
    layers: [...layers, { type: "flatten" }, { type: "dense", units: 3 }],
  };
}

const conv = (filters: number, kernelSize: number, extra: Partial<LayerSpec> = {}): LayerSpec =>
  ({ type: "conv2d", filters, kernelSize, ...extra }) as LayerSpec;

describe("conv2d vs TF.js", () => {
  it("as the precomputed first layer: 1 channel, 3x3 same, 5x5 valid, 1x1, stride 2", async () => {
    const cases: [string, number[], LayerSpec][] = [
      ["3x3 same on 7x7x1", [7, 7, 1], conv(5, 3, { padding: "same", activation: "relu" })],
      ["5x5 valid on 9x9x1", [9, 9, 1], conv(6, 5)],
      ["1x1 on 5x5x3", [5, 5, 3], conv(4, 1, { activation: "tanh" })],
      [
        "3x3 same stride 2 on 8x8x2 (odd pad at the end)",
        [8, 8, 2],
        conv(3, 3, { strides: 2, padding: "same" }),
      ],
      ["3x3 valid stride 2 on 9x9x1", [9, 9, 1], conv(9, 3, { strides: 2, activation: "relu" })],
    ];
    let seed = 100;
    for (const [name, shape, layer] of cases) {
      await compareWithTfjs(name, imageModel(shape, [layer]), {
        count: 13,
        classes: 3,
        seed: seed++,
      });
    }
  });

  it("per point after another conv: 5x5 same stride 2 on odd sizes, 3x3 valid, 1x1, batch 1", async () => {
    const head = conv(5, 1, { activation: "relu" });
    const cases: [string, number[], LayerSpec, number][] = [
      ["5x5 same stride 2 on 7x7", [7, 7, 2], conv(7, 5, { strides: 2, padding: "same" }), 11],
      ["3x3 valid on 6x5", [6, 5, 3], conv(9, 3, { activation: "relu" }), 11],
      ["1x1 stride 2 same on 5x5", [5, 5, 1], conv(4, 1, { strides: 2, padding: "same" }), 11],
      [
        "3x3 same stride [1, 2], batch 1",
        [6, 7, 1],
        conv(13, 3, { strides: [1, 2], padding: "same" }),
        1,
      ],
    ];
    let seed = 200;
    for (const [name, shape, layer, count] of cases) {
      await compareWithTfjs(name, imageModel(shape, [head, layer]), {
        count,
        classes: 3,
        seed: seed++,
      });
    }
  });
});

describe("pooling, flatten and dropout vs TF.js", () => {
  it("max and average pooling, valid and same (average divides by the valid count)", async () => {
    const cases: [string, LayerSpec][] = [
      ["max 2x2 valid on 7x7", { type: "max-pool2d", poolSize: 2 }],
      ["max 3x3 stride 2 same", { type: "max-pool2d", poolSize: 3, strides: 2, padding: "same" }],
      ["avg 2x2 valid", { type: "avg-pool2d", poolSize: 2 }],
      ["avg 3x3 stride 2 same", { type: "avg-pool2d", poolSize: 3, strides: 2, padding: "same" }],
      ["avg 2x3 stride 1 same", {
        type: "avg-pool2d",
        poolSize: [2, 3],
        strides: 1,
        padding: "same",
      }],
    ];
    let seed = 300;
    for (const [name, layer] of cases) {
      const spec = imageModel([7, 7, 3], [
        conv(5, 3, { padding: "same", activation: "relu" }),
        layer,
      ]);
      await compareWithTfjs(name, spec, { count: 9, classes: 3, seed: seed++ });
    }
  });

  it("pooling and dropout straight on the samples (channels padded on the host), flatten first", async () => {
    await compareWithTfjs(
      "max-pool on 6x5x3 samples",
      imageModel([6, 5, 3], [
        { type: "dropout", rate: 0.5 },
        { type: "max-pool2d", poolSize: 2 },
        conv(4, 1),
      ]),
      { count: 7, classes: 3, seed: 400 },
    );
    await compareWithTfjs("flatten then dense first", {
      kind: "sequential",
      inputShape: [3, 5, 3],
      layers: [{ type: "flatten" }, { type: "dense", units: 6, activation: "relu" }, {
        type: "dense",
        units: 3,
      }],
    }, { count: 7, classes: 3, seed: 401 });
  });

  it("global average pooling", async () => {
    await compareWithTfjs("gap", {
      kind: "sequential",
      inputShape: [5, 7, 2],
      layers: [conv(6, 3, { activation: "relu" }), { type: "global-avg-pool2d" }, {
        type: "dense",
        units: 3,
      }],
    }, { count: 9, classes: 3, seed: 500 });
  });
});

describe("activations and batch norm vs TF.js", () => {
  it("every activation after a dense and after a conv layer (custom alphas too)", async () => {
    const activations: [string, Partial<LayerSpec>][] = [
      ["leaky-relu", { activation: "leaky-relu" }],
      ["leaky-relu 0.05", { activation: "leaky-relu", alpha: 0.05 }],
      ["elu", { activation: "elu" }],
      ["elu 0.5", { activation: "elu", alpha: 0.5 }],
      ["tanh", { activation: "tanh" }],
      ["sigmoid", { activation: "sigmoid" }],
      ["gelu", { activation: "gelu" }],
      ["softmax", { activation: "softmax" }],
    ];
    let seed = 600;
    for (const [name, extra] of activations) {
      const dense = {
        kind: "sequential",
        inputShape: [7],
        layers: [
          { type: "dense", units: 5 },
          { type: "dense", units: 9, ...extra },
          { type: "dense", units: 3 },
        ],
      } as ModelSpec;
      await compareWithTfjs(`dense ${name}`, dense, { count: 21, classes: 3, seed: seed++ });
      const image = imageModel([5, 5, 2], [conv(3, 1), conv(5, 3, { padding: "same", ...extra })]);
      await compareWithTfjs(`conv ${name}`, image, { count: 9, classes: 3, seed: seed++ });
    }
  });

  it("activation layers out of place, and batch norm with non-trivial moving statistics", async () => {
    await compareWithTfjs(
      "bn + gelu layer on samples",
      imageModel([4, 5, 3], [
        { type: "batch-norm" },
        { type: "activation", activation: "gelu" },
        conv(6, 3, { padding: "same" }),
        { type: "batch-norm", epsilon: 0.01 },
        { type: "activation", activation: "relu" },
      ]),
      { count: 9, classes: 3, seed: 700 },
    );
    await compareWithTfjs("bn on a flat vector after a padded flatten", {
      kind: "sequential",
      inputShape: [3, 3, 3],
      layers: [conv(3, 1), { type: "flatten" }, { type: "batch-norm" }, {
        type: "dense",
        units: 3,
      }],
    }, { count: 9, classes: 3, seed: 701 });
  });
});

describe("residual blocks vs TF.js", () => {
  it("identity and 1x1 projection shortcuts (stride 2 on an odd size), and a dense residual", async () => {
    await compareWithTfjs(
      "identity + projection",
      imageModel([7, 7, 1], [
        conv(4, 3, { padding: "same", activation: "relu" }),
        {
          type: "residual",
          layers: [
            conv(4, 3, { padding: "same", activation: "relu" }),
            conv(4, 3, { padding: "same" }),
          ],
        },
        {
          type: "residual",
          shortcut: "projection",
          activation: "elu",
          layers: [conv(6, 3, { strides: 2, padding: "same" }), { type: "batch-norm" }],
        },
      ]),
      { count: 9, classes: 3, seed: 800 },
    );
    await compareWithTfjs("dense residual with projection", {
      kind: "sequential",
      inputShape: [6],
      layers: [
        {
          type: "residual",
          shortcut: "projection",
          layers: [{ type: "dense", units: 5, activation: "tanh" }],
        },
        { type: "dense", units: 3 },
      ],
    }, { count: 17, classes: 3, seed: 801 });
  });
});
