// Per-weight gradients from TF.js autodiff against central finite differences of the loss,
// tensor by tensor, on small models of every layer type (dense, conv, max and average pooling,
// batch norm, residual with identity and projection shortcuts, every loss). Each tensor is
// checked along a unit direction half random, half along the gradient (relative 1e-3: the
// difference is well conditioned);
// the chunked sum must equal the one-chunk gradient; no tensor may leak.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { evaluateModel } from "../lib/train/evaluate_model.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { createRng } from "../lib/random.ts";
import { weightGradient } from "../lib/analysis/gradient.ts";
import { uploadParams } from "../lib/analysis/param_tensors.ts";
import { makeData, makePlane } from "./model_parity.ts";

const tf = await loadTfjs();

function checkAgainstDifferences(spec: ModelSpec, classes: number, seed: number) {
  const model = resolveModel(spec);
  const layout = modelLayout(model);
  const { center } = makePlane(spec, seed);
  const data = makeData(spec, 24, classes, seed + 1);
  const before = tf.memory().numTensors;
  const { loss, gradient } = weightGradient(tf, model, layout, center, data, { chunk: 7 });
  const whole = weightGradient(tf, model, layout, center, data, { chunk: 24 });
  assert.equal(tf.memory().numTensors, before, "weightGradient leaked tensors");
  const lossAt = (values: Float32Array) => {
    const params = uploadParams(tf, layout, values);
    try {
      return evaluateModel(tf, model, params.param, data).loss;
    } finally {
      params.dispose();
    }
  };
  assert.ok(Math.abs(loss - lossAt(center)) < 1e-5 * Math.abs(loss) + 1e-7);
  const rng = createRng(seed + 2);
  for (const slot of layout.tensors) {
    const part = gradient.subarray(slot.offset, slot.offset + slot.size);
    for (let i = 0; i < slot.size; i++) {
      const other = whole.gradient[slot.offset + i];
      assert.ok(
        Math.abs(part[i] - other) <= 1e-4 * (Math.abs(other) + 1e-3),
        `${slot.name}[${i}]: ${part[i]} vs ${other}`,
      );
    }
    if (slot.role.startsWith("moving-")) {
      assert.ok(part.every((g) => g === 0), `${slot.name}: moving statistics are not trained`);
      continue;
    }
    // Half along the gradient (so the difference is well conditioned), half random (so an
    // error in any direction shows).
    const random = Float64Array.from({ length: slot.size }, () => rng.normal());
    const randomNorm = Math.hypot(...random), gradientNorm = Math.hypot(...part) || 1;
    const direction = random.map((r, i) => r / randomNorm + part[i] / gradientNorm);
    const norm = Math.hypot(...direction);
    let analytic = 0;
    for (let i = 0; i < slot.size; i++) analytic += part[i] * (direction[i] /= norm);
    // Small enough that no max-pool window changes its maximum, large enough for float32.
    const step = 3e-3;
    const shifted = (sign: number) => {
      const values = Float32Array.from(center);
      for (let i = 0; i < slot.size; i++) values[slot.offset + i] += sign * step * direction[i];
      return lossAt(values);
    };
    const numeric = (shifted(1) - shifted(-1)) / (2 * step);
    const scale = Math.max(Math.abs(analytic), 1e-2 * loss);
    assert.ok(
      Math.abs(numeric - analytic) <= 1e-3 * scale,
      `${spec.layers.map((l) => l.type).join("-")} ${slot.name}: autodiff ${analytic}, ` +
        `finite differences ${numeric}`,
    );
  }
}

describe("weight gradients vs central finite differences", () => {
  it("dense layers (tanh, gelu) with softmax cross-entropy", () => {
    checkAgainstDifferences(
      {
        kind: "sequential",
        inputShape: [7],
        layers: [
          { type: "dense", units: 6, activation: "tanh" },
          { type: "dense", units: 5, activation: "gelu" },
          { type: "dense", units: 3 },
        ],
      },
      3,
      1,
    );
  });

  it("ELU with alpha 0.5 (not TF.js's own elu)", () => {
    checkAgainstDifferences(
      {
        kind: "sequential",
        inputShape: [7],
        layers: [
          { type: "dense", units: 6, activation: "elu", alpha: 0.5 },
          { type: "dense", units: 5, activation: "tanh" },
          { type: "dense", units: 3 },
        ],
      },
      3,
      5,
    );
  });

  it("conv, max-pool, avg-pool, flatten with MSE", () => {
    checkAgainstDifferences(
      {
        kind: "sequential",
        inputShape: [8, 8, 2],
        loss: "mse",
        layers: [
          { type: "conv2d", filters: 3, kernelSize: 3, padding: "same", activation: "tanh" },
          { type: "max-pool2d", poolSize: 2 },
          { type: "conv2d", filters: 4, kernelSize: 2, strides: 1, activation: "elu" },
          { type: "avg-pool2d", poolSize: 3 },
          { type: "flatten" },
          { type: "dense", units: 4 },
        ],
      },
      4,
      2,
    );
  });

  it("batch norm (inference mode) and global average pooling", () => {
    checkAgainstDifferences(
      {
        kind: "sequential",
        inputShape: [6, 6, 2],
        layers: [
          { type: "conv2d", filters: 4, kernelSize: 3, useBias: false },
          { type: "batch-norm" },
          { type: "activation", activation: "tanh" },
          { type: "global-avg-pool2d" },
          { type: "dense", units: 3 },
        ],
      },
      3,
      3,
    );
  });

  it("residual blocks (identity and projection) on images and vectors, binary cross-entropy", () => {
    checkAgainstDifferences(
      {
        kind: "sequential",
        inputShape: [6, 6, 2],
        loss: "binary-cross-entropy",
        layers: [
          {
            type: "residual",
            layers: [
              { type: "conv2d", filters: 2, kernelSize: 3, padding: "same", activation: "tanh" },
              { type: "batch-norm" },
            ],
            activation: "tanh",
          },
          {
            type: "residual",
            shortcut: "projection",
            layers: [{ type: "conv2d", filters: 3, kernelSize: 3, strides: 2, padding: "same" }],
            activation: "tanh",
          },
          { type: "flatten" },
          {
            type: "residual",
            shortcut: "projection",
            layers: [{ type: "dense", units: 4, activation: "tanh" }],
            activation: "tanh",
          },
          { type: "dense", units: 1, activation: "sigmoid" },
        ],
      },
      2,
      4,
    );
  });
});
