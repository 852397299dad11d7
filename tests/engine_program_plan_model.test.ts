// Whole models against TF.js on a 5x5 grid over [-1, 1]^2 (losses within 1e-4 relative): an MLP
// as a model spec, the cnn and resnet-tiny presets on 28x28x1 inputs, a batch-norm network with
// non-trivial moving statistics; every loss; and the errors for specs the engine cannot run.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createPlaneEvaluator } from "../lib/engine/mod.ts";
import { LosscapeError } from "../lib/errors.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { preset } from "../lib/model/presets.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { compareWithTfjs, makeData, makePlane } from "./model_parity.ts";

const GRID = { grid: 5 };

describe("whole models vs TF.js (5x5 grid)", () => {
  it("an MLP written as a model spec (13-7-5-3, odd widths)", async () => {
    const spec: ModelSpec = {
      kind: "sequential",
      inputShape: [13],
      layers: [
        { type: "dense", units: 7, activation: "relu" },
        { type: "dense", units: 5, activation: "relu" },
        { type: "dense", units: 3 },
      ],
    };
    const losses = await compareWithTfjs("mlp 13-7-5-3", spec, {
      count: 50,
      classes: 3,
      seed: 1,
      ...GRID,
    });
    // A flat landscape would let a wrong evaluator pass: demand real variation.
    assert.ok(Math.max(...losses) - Math.min(...losses) > 0.05 * Math.min(...losses));
  });

  it("the cnn preset on 28x28x1 samples", async () => {
    await compareWithTfjs("cnn", preset("cnn"), { count: 12, classes: 10, seed: 2, ...GRID });
  });

  it("the resnet-tiny preset on 28x28x1 samples", async () => {
    await compareWithTfjs("resnet-tiny", preset("resnet-tiny"), {
      count: 6,
      classes: 10,
      seed: 3,
      ...GRID,
    });
  });

  it("a net with batch norm (random gamma, beta, moving mean and variance > 0) and dropout", async () => {
    const spec: ModelSpec = {
      kind: "sequential",
      inputShape: [9, 9, 2],
      layers: [
        { type: "conv2d", filters: 6, kernelSize: 3, useBias: false },
        { type: "batch-norm" },
        { type: "activation", activation: "relu" },
        { type: "max-pool2d", poolSize: 2 },
        { type: "flatten" },
        { type: "dropout", rate: 0.3 },
        { type: "dense", units: 10, activation: "gelu" },
        { type: "batch-norm" },
        { type: "dense", units: 4 },
      ],
    };
    await compareWithTfjs("bn net", spec, { count: 15, classes: 4, seed: 4, ...GRID });
  });
});

describe("losses vs TF.js", () => {
  const base = (last: Record<string, unknown>, loss?: string, units = 4): ModelSpec => ({
    kind: "sequential",
    inputShape: [6],
    layers: [{ type: "dense", units: 8, activation: "tanh" }, { type: "dense", units, ...last }],
    ...(loss ? { loss } : {}),
  } as ModelSpec);

  it("cross-entropy: a final softmax is fused, so both conventions give the same numbers", async () => {
    const plain = await compareWithTfjs("ce", base({}), { count: 30, classes: 4, seed: 5 });
    const fused = await compareWithTfjs("ce + softmax", base({ activation: "softmax" }), {
      count: 30,
      classes: 4,
      seed: 5,
    });
    assert.deepEqual(fused, plain);
  });

  it("binary cross-entropy on one logit, with and without a final (fused) sigmoid", async () => {
    const options = { count: 31, classes: 2, seed: 6 };
    const plain = await compareWithTfjs("bce", base({}, "binary-cross-entropy", 1), options);
    const fused = await compareWithTfjs(
      "bce + sigmoid",
      base({ activation: "sigmoid" }, "binary-cross-entropy", 1),
      options,
    );
    assert.deepEqual(fused, plain);
  });

  it("mse against one-hot labels, on logits and on a (not fused) final softmax", async () => {
    await compareWithTfjs("mse", base({}, "mse"), { count: 30, classes: 4, seed: 7 });
    await compareWithTfjs("mse + softmax", base({ activation: "softmax" }, "mse"), {
      count: 30,
      classes: 4,
      seed: 8,
    });
  });
});

describe("specs and data the engine rejects before any work", () => {
  const spec: ModelSpec = preset("cnn");
  const plane = () => makePlane(spec, 9);
  const data = () => makeData(spec, 3, 10, 10);

  it("names the layer and lists what is supported for an unknown layer or activation", async () => {
    const badLayer = { ...spec, layers: [{ type: "lstm", units: 4 }, ...spec.layers] } as never;
    await assert.rejects(
      createPlaneEvaluator({ spec: badLayer, ...plane(), data: data() }),
      (error: Error) =>
        error instanceof LosscapeError &&
        /layers\[0\].*"lstm".*supported are dense, conv2d/.test(error.message),
    );
    const badActivation = structuredClone(spec);
    (badActivation.layers[2] as { activation: string }).activation = "swish";
    await assert.rejects(
      createPlaneEvaluator({ spec: badActivation, ...plane(), data: data() }),
      (error: Error) =>
        /layers\[2\] \(conv2d "conv1"\).*one of linear, relu.*"swish"/.test(error.message),
    );
  });

  it("names both shapes on a mismatch, and checks samples against the input shape", async () => {
    const mismatch: ModelSpec = { ...spec, layers: [{ type: "dense", units: 3 }] };
    await assert.rejects(
      createPlaneEvaluator({ spec: mismatch, ...makePlane(preset("mlp"), 1), data: data() }),
      /layers\[0\] \(dense "dense0"\): expects a flat input \[features\]: got \[28, 28, 1\]/,
    );
    const wrongFeatures = { ...data(), features: 783 };
    await assert.rejects(
      createPlaneEvaluator({ spec, ...plane(), data: wrongFeatures }),
      /features must equal the product of the model's inputShape \[28, 28, 1\] \(784\): got 783/,
    );
    const vector = new Float32Array(modelLayout(spec).size + 1);
    await assert.rejects(
      createPlaneEvaluator({ spec, center: vector, d1: vector, data: data() }),
      /center must hold one value per model parameter \(20490\)/,
    );
  });

  it("reads samples as [count, ...inputShape] whatever the dataset's own shape says", async () => {
    const samples = data();
    const evaluator = await createPlaneEvaluator({ spec, ...plane(), data: samples });
    const flat = await createPlaneEvaluator({
      spec,
      ...plane(),
      data: { ...samples, shape: [784] },
    });
    const [a, b] = [new Float32Array(2), new Float32Array(2)];
    evaluator.evaluate([0, 0.5], [0, 0.5], a, new Float32Array(2));
    flat.evaluate([0, 0.5], [0, 0.5], b, new Float32Array(2));
    assert.deepEqual(a, b);
  });
});
