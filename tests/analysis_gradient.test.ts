// Per-weight gradients from TF.js autodiff against central finite differences of the loss,
// tensor by tensor, on small models of every layer type (dense, conv, max and average pooling,
// batch norm, residual with identity and projection shortcuts, every loss). Each tensor is
// checked along a unit direction half random, half along the gradient (relative 1e-3: the
// difference is well conditioned);
// the chunked sum must equal the one-chunk gradient; no tensor may leak. A dense stack with
// softmax cross-entropy is back-propagated by hand (with its first layer over nonzero inputs
// when asked): checked against finite differences and against TF.js autodiff of the same mean
// loss (relative 1e-5), and the activation statistics gathered in its forward pass against a
// pass of their own.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { evaluateModel } from "../lib/train/evaluate_model.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { createRng } from "../lib/random.ts";
import { sparseGradientLayer, weightGradient } from "../lib/analysis/gradient.ts";
import {
  activationAccumulator,
  activationStatistics,
} from "../lib/analysis/health/activation_statistics.ts";
import { modelForward } from "../lib/train/model_forward.ts";
import { perSampleLoss } from "../lib/train/losses.ts";
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Dataset } from "../lib/data/dataset.ts";
import type { SparseFirstLayer } from "../lib/train/sparse_first_layer.ts";
import { uploadParams } from "../lib/analysis/param_tensors.ts";
import { makeData, makePlane } from "./model_parity.ts";

const tf = await loadTfjs();

/** The samples with about 80% of their inputs zeroed (as MNIST digits are). */
function mostlyZero(data: Dataset, seed: number): Dataset {
  const rng = createRng(seed);
  return { ...data, x: data.x.map((v) => (rng.uniform() < 0.8 ? 0 : v)) };
}

function checkAgainstDifferences(
  spec: ModelSpec,
  classes: number,
  seed: number,
  options: { sparse?: SparseFirstLayer; zeros?: boolean } = {},
) {
  const model = resolveModel(spec);
  const layout = modelLayout(model);
  const { center } = makePlane(spec, seed);
  const dense = makeData(spec, 24, classes, seed + 1);
  const data = options.zeros ? mostlyZero(dense, seed + 3) : dense;
  const { sparse } = options;
  const before = tf.memory().numTensors;
  const { loss, gradient } = weightGradient(tf, model, layout, center, data, { chunk: 7, sparse });
  const whole = weightGradient(tf, model, layout, center, data, { chunk: 24, sparse });
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

/** TF.js autodiff of the mean loss over all samples in one pass: the reference. */
function tapeGradient(spec: ModelSpec, values: Float32Array, data: Dataset) {
  const model = resolveModel(spec);
  const layout = modelLayout(model);
  const params = uploadParams(tf, layout, values);
  try {
    return tf.tidy(() => {
      const x = tf.tensor2d(data.x, [data.count, data.features]);
      const labels = tf.tensor1d(data.y, "int32");
      const slots = params.trainable;
      const meanLoss = (...weights: Tensor[]) => {
        const given = new Map(slots.map((slot, i) => [slot.name, weights[i]]));
        const outputs = modelForward(tf, model, (name) => given.get(name)!, x);
        return tf.mean(perSampleLoss(tf, model.spec.loss, outputs, labels).loss);
      };
      const { value, grads } = tf.valueAndGrads(meanLoss)(
        slots.map((slot) => params.param(slot.name)),
      );
      const gradient = new Float32Array(layout.size);
      slots.forEach((slot, i) => gradient.set(grads[i].dataSync(), slot.offset));
      return { loss: value.dataSync()[0], gradient };
    });
  } finally {
    params.dispose();
  }
}

// A dense stack the hand-written backward pass takes: ReLU, tanh, sigmoid, a fused softmax.
const STACK: ModelSpec = {
  kind: "sequential",
  inputShape: [4, 5, 1],
  layers: [
    { type: "flatten" },
    { type: "dense", units: 9, activation: "relu" },
    { type: "dense", units: 7, activation: "tanh" },
    { type: "dense", units: 6, activation: "sigmoid" },
    { type: "dense", units: 4, activation: "softmax" },
  ],
};

// The same stack without ReLU's kink, where a finite difference may step across it.
const SMOOTH: ModelSpec = {
  ...STACK,
  layers: STACK.layers.map((layer) =>
    "activation" in layer && layer.activation === "relu" ? { ...layer, activation: "tanh" } : layer
  ),
};

describe("a dense stack back-propagated by hand", () => {
  it("matches finite differences, without and with the sparse first layer", async () => {
    checkAgainstDifferences(SMOOTH, 4, 11);
    checkAgainstDifferences(SMOOTH, 4, 12, { zeros: true });
    const model = resolveModel(SMOOTH);
    const sparse = await sparseGradientLayer(tf, model, modelLayout(model), 24);
    assert.ok(sparse, "a dense stack gets sparse products");
    checkAgainstDifferences(SMOOTH, 4, 13, { sparse, zeros: true });
  });

  it("matches TF.js autodiff of the mean loss (relative 1e-5), and no other model is taken", async () => {
    const model = resolveModel(STACK);
    const layout = modelLayout(model);
    const sparse = await sparseGradientLayer(tf, model, layout, 40);
    for (const seed of [21, 22, 23]) {
      const { center } = makePlane(STACK, seed);
      const data = mostlyZero(makeData(STACK, 100, 4, seed + 1), seed + 2);
      const reference = tapeGradient(STACK, center, data);
      const scale = reference.gradient.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
      for (const options of [{}, { sparse }, { sparse, chunk: 40 }, { chunk: 33 }]) {
        const before = tf.memory().numTensors;
        const { loss, gradient } = weightGradient(tf, model, layout, center, data, options);
        assert.equal(tf.memory().numTensors, before, "leaked tensors");
        assert.ok(Math.abs(loss - reference.loss) <= 1e-5 * reference.loss);
        for (let i = 0; i < layout.size; i++) {
          assert.ok(
            Math.abs(gradient[i] - reference.gradient[i]) <= 1e-5 * scale,
            `seed ${seed} ${JSON.stringify(options.chunk)} [${i}]: ${gradient[i]} vs ${
              reference.gradient[i]
            }`,
          );
        }
      }
    }
    // A hidden layer the stack does not write out (gelu): the tape; a CNN: no sparse products.
    const cnn = resolveModel({
      kind: "sequential",
      inputShape: [4, 4, 1],
      layers: [{ type: "conv2d", filters: 2, kernelSize: 3 }, { type: "flatten" }, {
        type: "dense",
        units: 3,
      }],
    });
    assert.equal(await sparseGradientLayer(tf, cnn, modelLayout(cnn), 8), undefined);
  });

  it("gathers the activation statistics of its pass as a separate, unchunked pass finds them", async () => {
    const cases: ModelSpec[] = [STACK, {
      kind: "sequential",
      inputShape: [5, 5, 1],
      layers: [
        { type: "conv2d", filters: 3, kernelSize: 3, activation: "relu" },
        { type: "flatten" },
        { type: "dense", units: 4, activation: "tanh" },
        { type: "dense", units: 3 },
      ],
    }];
    for (const spec of cases) {
      const model = resolveModel(spec);
      const layout = modelLayout(model);
      const sparse = await sparseGradientLayer(tf, model, layout, 30);
      const { center } = makePlane(spec, 31);
      const data = mostlyZero(makeData(spec, 70, 3, 32), 33);
      // One pass of its own against the gradient's three chunks: the sample is every k-th value
      // of the whole pass either way.
      const expected = activationStatistics(tf, model, layout, center, data, { chunk: 70 });
      const before = tf.memory().numTensors;
      const gathered = activationAccumulator(tf, model, data.count);
      weightGradient(tf, model, layout, center, data, {
        chunk: 30,
        sparse,
        onLayerOutput: gathered.onLayerOutput,
      });
      assert.equal(tf.memory().numTensors, before, "leaked tensors");
      const found = gathered.statistics();
      assert.deepEqual(found.map((s) => s.layer), expected.map((s) => s.layer));
      found.forEach((stats, l) => {
        const other = expected[l];
        assert.equal(stats.rows, other.rows);
        assert.equal(stats.activation, other.activation);
        assert.equal(stats.sample.length, other.sample.length);
        const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string) => {
          const scale = Array.from(b).reduce((m, v) => Math.max(m, Math.abs(v)), 1e-6);
          for (let i = 0; i < b.length; i++) {
            assert.ok(Math.abs(a[i] - b[i]) <= 1e-5 * scale, `${stats.layer} ${what}[${i}]`);
          }
        };
        close(stats.gram, other.gram, "gram");
        close(stats.sum, other.sum, "sum");
        close(stats.max, other.max, "max");
        close(stats.sample, other.sample, "sample");
      });
    }
  });
});

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
