import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHessianOperator } from "../lib/analysis/curvature/hessian_operator.ts";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { initializeModel } from "../lib/model/init_model.ts";
import { createRng } from "../lib/random.ts";
import type { ModelSpec } from "../lib/model/spec.ts";

// Hessian-vector products against central finite differences of gradients,
// (g(w + eps v) - g(w - eps v)) / 2 eps, on small models of every kind. Smooth activations
// where a kink crossed by the perturbation would spoil the difference quotient itself.
const image = (layers: ModelSpec["layers"]): ModelSpec => ({
  kind: "sequential",
  inputShape: [6, 6, 2],
  layers,
});
const CASES: Record<string, ModelSpec> = {
  "MLP (ReLU, softmax cross-entropy)": {
    kind: "sequential",
    inputShape: [5],
    layers: [{ type: "dense", units: 7, activation: "relu" }, { type: "dense", units: 3 }],
  },
  "MLP (tanh, gelu, elu, leaky ReLU, sigmoid; MSE)": {
    kind: "sequential",
    inputShape: [5],
    loss: "mse",
    layers: [
      { type: "dense", units: 6, activation: "tanh" },
      { type: "dense", units: 6, activation: "gelu" },
      { type: "dense", units: 6, activation: "elu" },
      { type: "dense", units: 6, activation: "leaky-relu" },
      { type: "dense", units: 3, activation: "sigmoid" },
    ],
  },
  "CNN (conv, max-pool same and valid, avg-pool)": image([
    { type: "conv2d", filters: 3, kernelSize: 3, padding: "same", activation: "tanh" },
    { type: "max-pool2d", poolSize: 2 },
    { type: "conv2d", filters: 4, kernelSize: 2, padding: "valid", activation: "gelu" },
    { type: "max-pool2d", poolSize: 2, strides: 1, padding: "same" },
    { type: "avg-pool2d", poolSize: 2 },
    { type: "flatten" },
    { type: "dense", units: 3 },
  ]),
  "Keras layers (rescaling, reshape, normalization; sigmoid outputs, cross-entropy on probabilities)":
    {
      kind: "sequential",
      inputShape: [6],
      loss: "probability-cross-entropy",
      layers: [
        { type: "rescaling", scale: 0.5, offset: 0.25 },
        { type: "reshape", targetShape: [3, 2] },
        { type: "normalization", mean: [0.1, -0.2], variance: [0.5, 2] },
        { type: "flatten" },
        { type: "dense", units: 5, activation: "tanh" },
        { type: "dense", units: 3, activation: "sigmoid" },
      ],
    },
  "batch norm (moving statistics)": {
    kind: "sequential",
    inputShape: [5],
    layers: [
      { type: "dense", units: 6 },
      { type: "batch-norm" },
      { type: "activation", activation: "elu" },
      { type: "dense", units: 3 },
    ],
  },
  "residual (identity and strided projection, BN, global pooling)": image([
    { type: "conv2d", filters: 3, kernelSize: 3, padding: "same", activation: "tanh" },
    {
      type: "residual",
      activation: "gelu",
      layers: [
        { type: "conv2d", filters: 3, kernelSize: 3, padding: "same", activation: "tanh" },
        { type: "batch-norm" },
      ],
    },
    {
      type: "residual",
      shortcut: "projection",
      activation: "tanh",
      layers: [{ type: "conv2d", filters: 4, kernelSize: 3, strides: 2, padding: "same" }],
    },
    { type: "global-avg-pool2d" },
    { type: "dense", units: 3 },
  ]),
};

function setup(spec: ModelSpec, seed: number) {
  const model = resolveModel(spec);
  const layout = modelLayout(model);
  const values = initializeModel(model, layout, seed);
  const rng = createRng(seed + 100);
  // Moving statistics away from their initial 0 and 1, so that they matter.
  for (const slot of layout.tensors) {
    for (let i = slot.offset; i < slot.offset + slot.size; i++) {
      if (slot.role === "moving-mean") values[i] = 0.3 * rng.normal();
      if (slot.role === "moving-variance") values[i] = 0.5 + rng.uniform();
    }
  }
  const features = spec.inputShape.reduce((a, b) => a * b, 1);
  const count = 12;
  const data = {
    x: Float32Array.from({ length: count * features }, () => rng.normal()),
    y: Int32Array.from({ length: count }, (_, i) => i % 3),
    count,
    features,
    classes: 3,
  };
  return { model, values, data, rng };
}

describe("Hessian-vector products", () => {
  for (const [name, spec] of Object.entries(CASES)) {
    it(`match central differences of gradients: ${name}`, async () => {
      const tf = await loadTfjs();
      const before = tf.memory().numTensors;
      const { model, values, data, rng } = setup(spec, 5);
      const hessian = await createHessianOperator({ model, values, data, batchSize: 5 });
      const v = Float64Array.from({ length: hessian.size }, () => rng.normal());
      const norm = Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
      v.forEach((x, i) => (v[i] = x / norm));
      const hv = hessian.apply(v);
      const eps = 1e-3;
      const step = hessian.toFull(v);
      hessian.setWeights(values.map((w, i) => w + eps * step[i]));
      const plus = hessian.gradient();
      hessian.setWeights(values.map((w, i) => w - eps * step[i]));
      const minus = hessian.gradient();
      hessian.dispose();
      let error = 0, size = 0;
      for (let i = 0; i < hv.length; i++) {
        error += ((plus[i] - minus[i]) / (2 * eps) - hv[i]) ** 2;
        size += hv[i] ** 2;
      }
      assert.ok(size > 1e-6, "the product is not trivially zero");
      // float32 gradients: the difference quotient carries ~1e-7 / eps relative noise.
      assert.ok(Math.sqrt(error / size) < 5e-3, `relative error ${Math.sqrt(error / size)}`);
      assert.equal(tf.memory().numTensors, before, "no tensor leaked");
    });
  }

  for (const names of [["bn0/gamma", "bn0/beta"], ["dense1/kernel", "dense1/bias"]]) {
    it(`on one layer's block equal that block of the full product: ${names[0]}`, async () => {
      const { model, values, data, rng } = setup(CASES["batch norm (moving statistics)"], 2);
      const full = await createHessianOperator({ model, values, data });
      const block = await createHessianOperator({ model, values, data, tensors: names });
      const v = Float64Array.from({ length: block.size }, () => rng.normal());
      const embedded = block.toFull(v); // zeros outside the block, in the full layout
      const fullVector = new Float64Array(full.size);
      let offset = 0;
      for (const slot of full.block) {
        for (let i = 0; i < slot.size; i++) fullVector[offset + i] = embedded[slot.offset + i];
        offset += slot.size;
      }
      const fromFull = full.apply(fullVector);
      const fromBlock = block.apply(v);
      const start = full.block.findIndex((slot) => slot.name === names[0]);
      const at = full.block.slice(0, start).reduce((sum, slot) => sum + slot.size, 0);
      fromBlock.forEach((x, i) => assert.ok(Math.abs(x - fromFull[at + i]) < 1e-5));
      full.dispose();
      block.dispose();
    });
  }
});
