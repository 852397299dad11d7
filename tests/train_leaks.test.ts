// No tensor outlives training, evaluation or a gradient: tf.memory().numTensors is the same
// before and after, for every layer type and every loss (checkpoint evaluations included).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { trainModel } from "../lib/train/train_model.ts";
import { evaluateModel } from "../lib/train/evaluate_model.ts";
import { modelForward } from "../lib/train/model_forward.ts";
import { perSampleLoss } from "../lib/train/losses.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { initializeModel } from "../lib/model/init_model.ts";
import { createRng } from "../lib/random.ts";
import type { Dataset } from "../lib/data/dataset.ts";
import type { ModelSpec } from "../lib/model/spec.ts";

const images = (count: number, shape: number[], classes: number, seed: number): Dataset => {
  const rng = createRng(seed);
  const features = shape.reduce((a, b) => a * b);
  return {
    x: Float32Array.from({ length: count * features }, () => rng.normal()),
    y: Int32Array.from({ length: count }, () => rng.int(classes)),
    count,
    features,
    classes,
    shape,
  };
};

/** Between them, every layer type (and both residual shortcuts) and every loss. */
const MODELS: Record<string, ModelSpec> = {
  "conv, pools, batch norm, residual blocks": {
    kind: "sequential",
    inputShape: [8, 8, 2],
    layers: [
      { type: "conv2d", filters: 3, kernelSize: 3, padding: "same", activation: "relu" },
      { type: "batch-norm" },
      { type: "max-pool2d", poolSize: 2 },
      {
        type: "residual",
        layers: [
          { type: "conv2d", filters: 3, kernelSize: 3, padding: "same", useBias: false },
          { type: "batch-norm" },
        ],
      },
      {
        type: "residual",
        shortcut: "projection",
        layers: [{ type: "conv2d", filters: 4, kernelSize: 3, strides: 2, padding: "same" }],
      },
      { type: "avg-pool2d", poolSize: 2, padding: "same" },
      { type: "global-avg-pool2d" },
      { type: "dense", units: 3 },
    ],
  },
  "flatten, dense, dropout, activations, dense residual (mse)": {
    kind: "sequential",
    inputShape: [8, 8, 2],
    loss: "mse",
    layers: [
      { type: "flatten" },
      { type: "dense", units: 6, activation: "gelu" },
      { type: "dropout", rate: 0.3 },
      {
        type: "residual",
        shortcut: "projection",
        layers: [{ type: "dense", units: 5, activation: "elu" }],
      },
      { type: "activation", activation: "tanh" },
      { type: "dense", units: 3 },
    ],
  },
  "dense stack (back-propagated by hand in training)": {
    kind: "sequential",
    inputShape: [8, 8, 2],
    layers: [{ type: "flatten" }, { type: "dense", units: 5, activation: "relu" }, {
      type: "dense",
      units: 3,
    }],
  },
  "binary cross-entropy": {
    kind: "sequential",
    inputShape: [8, 8, 2],
    loss: "binary-cross-entropy",
    layers: [{ type: "flatten" }, { type: "dense", units: 1, activation: "sigmoid" }],
  },
};

describe("no leaked tensors", () => {
  for (const [name, spec] of Object.entries(MODELS)) {
    it(`${name}: training, evaluation and a gradient leave numTensors unchanged`, async () => {
      const tf = await loadTfjs();
      const classes = spec.loss === "binary-cross-entropy" ? 2 : 3;
      const data = {
        train: images(24, [8, 8, 2], classes, 1),
        test: images(8, [8, 8, 2], classes, 2),
      };
      const before = tf.memory().numTensors;
      const result = await trainModel({ spec, data, epochs: 2, batchSize: 8, checkpointEvery: 2 });
      assert.equal(result.checkpoints.length, 1 + 6 / 2);
      assert.equal(tf.memory().numTensors, before, "after training");

      const model = resolveModel(spec);
      const layout = modelLayout(model);
      const values = initializeModel(model, layout, 0);
      const params = new Map(
        layout.tensors.map((slot) => [
          slot.name,
          tf.tensor(values.subarray(slot.offset, slot.offset + slot.size), slot.shape),
        ]),
      );
      const withParams = tf.memory().numTensors;
      evaluateModel(tf, model, (key) => params.get(key)!, data.test, 3);
      assert.equal(tf.memory().numTensors, withParams, "after evaluation");
      tf.tidy(() => {
        const x = tf.tensor2d(data.train.x, [data.train.count, data.train.features]);
        const labels = tf.tensor1d(data.train.y, "int32");
        const trainable = layout.tensors.filter((slot) => !slot.role.startsWith("moving-"));
        const grads = tf.grads((...weights) => {
          const lookup = new Map(trainable.map((slot, i) => [slot.name, weights[i]]));
          const outputs = modelForward(
            tf,
            model,
            (key) => lookup.get(key) ?? params.get(key)!,
            x,
            { training: true, dropoutSeed: 1 },
          );
          return tf.mean(
            perSampleLoss(tf, spec.loss ?? "softmax-cross-entropy", outputs, labels).loss,
          );
        })(trainable.map((slot) => params.get(slot.name)!));
        grads.forEach((gradient) => assert.ok(gradient.dataSync().every(Number.isFinite)));
      });
      assert.equal(tf.memory().numTensors, withParams, "after a gradient");
      params.forEach((tensor) => tensor.dispose());
      assert.equal(tf.memory().numTensors, before);
    });
  }
});
