// The weightless input layers (reshape, rescaling, normalization) and Keras's probability form
// of cross-entropy in the engine, against the TF.js reference on a 5x5 grid (losses within 1e-4
// relative): leading layers folded into the samples, the same layers after the first weighted
// layer (host ops), and a sigmoid output scored on probabilities, checked by hand as well.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createPlaneEvaluator } from "../lib/engine/mod.ts";
import { planModel } from "../lib/engine/program/plan_model.ts";
import { canFuseMlp } from "../lib/engine/run/fused_mlp.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { compareWithTfjs, makeData, makePlane } from "./model_parity.ts";
import { tf } from "./model_io_fixtures.ts";
import { modelForward } from "../lib/train/model_forward.ts";
import { tensorView } from "../lib/model/layout.ts";
import { modelLayout } from "../lib/model/model_layout.ts";

const GRID = { grid: 5 };

describe("weightless layers in the engine vs TF.js (5x5 grid)", () => {
  it("leading rescaling, normalization and reshape before a conv (folded into the samples)", async () => {
    const spec: ModelSpec = {
      kind: "sequential",
      inputShape: [42],
      layers: [
        { type: "rescaling", scale: 2.5, offset: -0.7 },
        { type: "reshape", targetShape: [7, -1, 2] },
        { type: "normalization", mean: [0.3, -0.2], variance: [0.5, 2] },
        { type: "conv2d", filters: 5, kernelSize: 3, padding: "same", activation: "relu" },
        { type: "flatten" },
        { type: "dense", units: 3 },
      ],
    };
    const plan = planModel(resolveModel(spec), { samples: 10, vectors: 3 });
    assert.ok(plan.first !== null && plan.inputAffine, "the conv is still precomputed");
    await compareWithTfjs("leading", spec, { count: 23, classes: 3, seed: 11, ...GRID });
  });

  it("leading rescaling before a one-hidden-layer classifier (the fused MLP path)", async () => {
    const spec: ModelSpec = {
      kind: "sequential",
      inputShape: [6],
      layers: [
        { type: "rescaling", scale: 1 / 255, offset: -0.5 },
        { type: "dense", units: 7, activation: "relu" },
        { type: "dense", units: 10 },
      ],
    };
    const plan = planModel(resolveModel(spec), { samples: 10, vectors: 3 });
    assert.ok(canFuseMlp(plan) && plan.inputAffine, "takes the fused path with an input map");
    await compareWithTfjs("fused", spec, { count: 19, classes: 10, seed: 5, ...GRID });
  });

  it("reshape, rescaling and normalization after the first layer (host ops)", async () => {
    const spec: ModelSpec = {
      kind: "sequential",
      inputShape: [9],
      layers: [
        { type: "dense", units: 18, activation: "tanh" },
        { type: "reshape", targetShape: [3, 2, 3] },
        { type: "rescaling", scale: [1.5, -0.5, 2], offset: 0.1 },
        { type: "conv2d", filters: 4, kernelSize: 2, padding: "same", activation: "relu" },
        { type: "reshape", targetShape: [2, 12] },
        { type: "normalization", mean: 0.2, variance: 0.3 },
        { type: "reshape", targetShape: [24] },
        { type: "dense", units: 4 },
      ],
    };
    const ops = planModel(resolveModel(spec), { samples: 10, vectors: 3 }).ops.map((op) => op.kind);
    assert.ok(ops.includes("reshape") && ops.includes("affine"), ops.join(", "));
    await compareWithTfjs("later", spec, { count: 17, classes: 4, seed: 12, ...GRID });
  });
});

describe("probability cross-entropy (Keras categorical_crossentropy on probabilities)", () => {
  const spec: ModelSpec = {
    kind: "sequential",
    inputShape: [6],
    loss: "probability-cross-entropy",
    layers: [
      { type: "dense", units: 8, activation: "relu" },
      { type: "dense", units: 5, activation: "sigmoid" },
    ],
  };

  it("matches TF.js over a grid", async () => {
    await compareWithTfjs("probability", spec, { count: 31, classes: 5, seed: 13, ...GRID });
  });

  it("equals the loss computed by hand from the sigmoid outputs, clipping included", async () => {
    const plane = makePlane(spec, 14);
    // Push one output to exactly 0 after the sigmoid (a huge negative logit): p clips to 1e-7.
    const layout = modelLayout(spec);
    const bias = layout.tensors.find((t) => t.name === "dense1/bias")!;
    plane.center[bias.offset] = -200;
    const data = makeData(spec, 20, 5, 15);
    data.y[0] = 0; // its label is the class whose output is 0
    const zero = new Float32Array(plane.center.length);
    const evaluator = await createPlaneEvaluator({
      spec,
      center: plane.center,
      d1: zero,
      d2: zero,
      data,
    });
    const loss = new Float32Array(1), accuracy = new Float32Array(1);
    evaluator.evaluate([0], [0], loss, accuracy);
    evaluator.dispose();
    const outputs = tf.tidy(() => {
      const param = (name: string) => {
        const slot = layout.tensors.find((t) => t.name === name)!;
        return tf.tensor(tensorView(plane.center, slot), slot.shape);
      };
      const x = tf.tensor2d(data.x, [data.count, 6]);
      return modelForward(tf, resolveModel(spec), param, x).arraySync() as number[][];
    });
    let sum = 0;
    outputs.forEach((row, i) => {
      const total = row.reduce((a, b) => a + b, 0);
      const p = Math.min(Math.max(row[data.y[i]] / total, 1e-7), 1 - 1e-7);
      sum += -Math.log(p);
    });
    const want = sum / data.count;
    assert.ok(-Math.log(1e-7) / data.count < want, "the clipped sample is in the mean");
    assert.ok(Math.abs(loss[0] - want) <= 1e-5 * want, `engine ${loss[0]} vs by hand ${want}`);
  });
});
