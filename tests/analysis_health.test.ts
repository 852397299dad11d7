// Layer health: eigenvalues against cyclic Jacobi; saturation on a known covariance (closed
// form) and on activations drawn with that covariance and measured through TF.js; dead ReLU
// units on a net built to have them; norms and the update ratio by direct computation.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { createRng } from "../lib/random.ts";
import { symmetricEigen } from "../lib/directions/symmetric_eigen.ts";
import { symmetricEigenvalues } from "../lib/analysis/health/eigenvalues.ts";
import { covarianceFromSums, saturation } from "../lib/analysis/health/saturation.ts";
import { activationStatistics } from "../lib/analysis/health/activation_statistics.ts";
import { layerHealth } from "../lib/analysis/health/layer_health.ts";
import { parameterLayers } from "../lib/analysis/layers.ts";

/** A random orthogonal matrix (Gram-Schmidt on Gaussian columns), row-major. */
function orthogonal(n: number, seed: number): number[][] {
  const rng = createRng(seed);
  const q: number[][] = [];
  while (q.length < n) {
    const v = Array.from({ length: n }, () => rng.normal());
    for (const u of q) {
      const dot = u.reduce((s, x, i) => s + x * v[i], 0);
      u.forEach((x, i) => (v[i] -= dot * x));
    }
    const norm = Math.hypot(...v);
    q.push(v.map((x) => x / norm));
  }
  return q;
}

// Variances 80, 15, 4.95 and four of about 0.01 (total 100): three directions hold 99.95%, two
// hold 95%, so 99% needs exactly 3 of the 7.
const SPECTRUM = [80, 15, 4.95, 0.02, 0.01, 0.01, 0.01];

describe("eigenvalues and saturation", () => {
  it("eigenvalues match cyclic Jacobi at awkward sizes", () => {
    for (const n of [1, 2, 3, 5, 8, 17]) {
      const rng = createRng(n);
      const a = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.normal()));
      const m = a.map((row, i) => row.map((_, j) => (a[i][j] + a[j][i]) / 2));
      const mine = symmetricEigenvalues(m.flat(), n);
      const reference = symmetricEigen(m).values;
      mine.forEach((v, k) =>
        assert.ok(Math.abs(v - reference[k]) < 1e-9, `n=${n}: ${v} vs ${reference[k]}`)
      );
    }
  });

  it("saturation of a known covariance Q diag(spectrum) Q^T is 3 / 7", () => {
    const n = SPECTRUM.length;
    const q = orthogonal(n, 3);
    const covariance = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        for (let k = 0; k < n; k++) covariance[i * n + j] += q[k][i] * SPECTRUM[k] * q[k][j];
      }
    }
    assert.deepEqual(saturation(covariance, n), { saturation: 3 / 7, components: 3, width: 7 });
    assert.equal(saturation(covariance, n, 0.9).components, 2);
    assert.equal(saturation(new Float64Array(n * n), n).saturation, 0);
  });

  it("activations drawn with that covariance, measured through a linear layer in TF.js", async () => {
    const tf = await loadTfjs();
    const n = SPECTRUM.length, count = 6000;
    const q = orthogonal(n, 4);
    const rng = createRng(5);
    const x = new Float32Array(count * n);
    for (let s = 0; s < count; s++) {
      const z = SPECTRUM.map((variance) => Math.sqrt(variance) * rng.normal());
      for (let i = 0; i < n; i++) {
        x[s * n + i] = 3 + z.reduce((sum, zk, k) => sum + zk * q[k][i], 0);
      }
    }
    // An identity dense layer passes the samples through unchanged.
    const model = resolveModel({
      kind: "sequential",
      inputShape: [n],
      layers: [{ type: "dense", units: n }, { type: "dense", units: 2 }],
    });
    const layout = modelLayout(model);
    const values = new Float32Array(layout.size);
    for (let i = 0; i < n; i++) values[i * n + i] = 1;
    const data = { x, y: new Int32Array(count), count, features: n, classes: 2 };
    const before = tf.memory().numTensors;
    const [stats] = activationStatistics(tf, model, layout, values, data, { chunk: 700 });
    assert.equal(tf.memory().numTensors, before);
    assert.equal(stats.rows, count);
    // The streamed covariance equals the two-pass sample covariance in float64.
    const mean = Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let r = 0; r < count; r++) s += x[r * n + i];
      return s / count;
    });
    const streamed = covarianceFromSums(stats.gram, stats.sum, stats.rows);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let c = 0;
        for (let r = 0; r < count; r++) c += (x[r * n + i] - mean[i]) * (x[r * n + j] - mean[j]);
        assert.ok(Math.abs(streamed[i * n + j] - c / count) < 1e-3 * 80);
      }
    }
    assert.equal(saturation(streamed, n).components, 3);
  });
});

describe("dead units and norms", () => {
  it("finds the ReLU units built never to fire, per unit and per conv channel", async () => {
    const tf = await loadTfjs();
    // Inputs in [0.1, 1]: unit 0 fires (w = 1), unit 1 never (w = 0, b = -1), unit 2 never
    // (w = -1), unit 3 fires (b = 0.5).
    const model = resolveModel({
      kind: "sequential",
      inputShape: [1],
      layers: [{ type: "dense", units: 4, activation: "relu" }, { type: "dense", units: 2 }],
    });
    const layout = modelLayout(model);
    const values = new Float32Array(layout.size);
    values.set([1, 0, -1, 0], 0);
    values.set([0, -1, 0, 0.5], 4);
    const x = Float32Array.from({ length: 50 }, (_, i) => 0.1 + (0.9 * i) / 49);
    const data = { x, y: new Int32Array(50), count: 50, features: 1, classes: 2 };
    const stats = activationStatistics(tf, model, layout, values, data);
    const gradient = Float32Array.from({ length: layout.size }, (_, i) => i);
    const previous = values.map((v) => v * 0.5);
    const layers = parameterLayers(model, layout);
    const [hidden, logits] = layerHealth(
      ["dense0", "dense1"],
      stats,
      layers,
      values,
      gradient,
      previous,
    );
    assert.equal(hidden.deadFraction, 0.5);
    assert.equal(logits.deadFraction, null, "logits are not ReLU units");
    const own = Array.from(values.subarray(0, 8));
    assert.ok(Math.abs(hidden.weightNorm! - Math.hypot(...own)) < 1e-6);
    assert.ok(Math.abs(hidden.gradientNorm! - Math.hypot(0, 1, 2, 3, 4, 5, 6, 7)) < 1e-6);
    assert.ok(Math.abs(hidden.updateRatio! - 1) < 1e-6, "w - w/2 over w/2");

    const conv = resolveModel({
      kind: "sequential",
      inputShape: [3, 3, 1],
      layers: [
        { type: "conv2d", filters: 2, kernelSize: 1, activation: "relu" },
        { type: "flatten" },
        { type: "dense", units: 2 },
      ],
    });
    const convLayout = modelLayout(conv);
    const convValues = new Float32Array(convLayout.size);
    convValues.set([1, -1], 0); // filter 1 is negative on positive images: dead everywhere
    const images = {
      x: Float32Array.from({ length: 18 }, (_, i) => 0.1 + i / 20),
      y: new Int32Array(2),
      count: 2,
      features: 9,
      classes: 2,
    };
    const [convStats] = activationStatistics(tf, conv, convLayout, convValues, images);
    assert.equal(convStats.rows, 18, "channels are measured over every position");
    const [convHealth] = layerHealth(
      ["conv0"],
      [convStats],
      parameterLayers(conv, convLayout),
      convValues,
      convValues,
    );
    assert.equal(convHealth.deadFraction, 0.5);
  });
});
