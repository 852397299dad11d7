// Input saliency: dL/dx from autodiff against central finite differences; SmoothGrad with zero
// noise equals the vanilla map; with noise, one copy equals |dL/dx| at the same seeded noisy
// input; gradient noise: batches equal to the full set have zero variance.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { evaluateModel } from "../lib/train/evaluate_model.ts";
import { createRng } from "../lib/random.ts";
import { inputGradients, saliencyMaps } from "../lib/analysis/saliency/saliency.ts";
import { featureSaliency } from "../lib/analysis/saliency/saliency_grid.ts";
import { gradientNoise } from "../lib/analysis/influence/gradient_noise.ts";
import { uploadParams } from "../lib/analysis/param_tensors.ts";
import { weightGradient } from "../lib/analysis/gradient.ts";
import { selectSamples } from "../lib/data/split.ts";
import { makeData, makePlane } from "./model_parity.ts";
import type { ModelSpec } from "../lib/model/spec.ts";

const tf = await loadTfjs();
const spec: ModelSpec = {
  kind: "sequential",
  inputShape: [4, 4, 1],
  layers: [
    { type: "conv2d", filters: 3, kernelSize: 3, padding: "same", activation: "tanh" },
    { type: "flatten" },
    { type: "dense", units: 3 },
  ],
};
const model = resolveModel(spec);
const layout = modelLayout(model);
const { center } = makePlane(spec, 11);
const data = makeData(spec, 6, 3, 12);

describe("input saliency", () => {
  it("dL_i/dx_i matches central differences of sample i's loss", () => {
    const { gradient } = inputGradients(tf, model, layout, center, data);
    const params = uploadParams(tf, layout, center);
    const one = (x: Float32Array) =>
      evaluateModel(tf, model, params.param, { ...data, x, y: data.y.subarray(2, 3), count: 1 })
        .loss;
    const x = Float32Array.from(data.x.subarray(2 * 16, 3 * 16));
    for (const f of [0, 5, 15]) {
      const step = 1e-2;
      const plus = Float32Array.from(x), minus = Float32Array.from(x);
      plus[f] += step;
      minus[f] -= step;
      const numeric = (one(plus) - one(minus)) / (2 * step);
      const analytic = gradient[2 * 16 + f];
      assert.ok(
        Math.abs(numeric - analytic) <= 2e-3 * Math.max(Math.abs(analytic), 1e-2),
        `${f}: ${analytic} vs ${numeric}`,
      );
    }
    params.dispose();
  });

  it("SmoothGrad with zero noise equals the vanilla map", () => {
    const maps = saliencyMaps(tf, model, layout, center, data, { noise: 0, copies: 3 });
    assert.deepEqual(Array.from(maps.smooth), Array.from(maps.vanilla));
    const { gradient } = inputGradients(tf, model, layout, center, data);
    assert.deepEqual(Array.from(maps.vanilla), Array.from(gradient, Math.abs));
  });

  it("one noisy copy is |dL/dx| at the seeded noisy input", () => {
    const maps = saliencyMaps(tf, model, layout, center, data, { noise: 0.2, copies: 1, seed: 9 });
    let low = Infinity, high = -Infinity;
    for (const v of data.x) [low, high] = [Math.min(low, v), Math.max(high, v)];
    assert.ok(Math.abs(maps.noiseStd - 0.2 * (high - low)) < 1e-9);
    const rng = createRng(9);
    const noisy = data.x.map((v) => v + maps.noiseStd * rng.normal());
    const { gradient } = inputGradients(tf, model, layout, center, { ...data, x: noisy });
    gradient.forEach((g, i) => assert.ok(Math.abs(Math.abs(g) - maps.smooth[i]) < 1e-7));
    assert.notDeepEqual(Array.from(maps.smooth), Array.from(maps.vanilla));
  });

  it("per-feature saliency is the mean |dL/dx| over the samples", () => {
    const { gradient } = inputGradients(tf, model, layout, center, data);
    const bars = featureSaliency(tf, model, layout, center, data);
    let sum = 0;
    for (let s = 0; s < data.count; s++) sum += Math.abs(gradient[s * 16 + 7]);
    assert.ok(Math.abs(bars[7] - sum / data.count) < 1e-7);
  });
});

describe("gradient noise", () => {
  it("variance is the mean squared distance of batch gradients from the full gradient", () => {
    const big = makeData(spec, 12, 3, 13);
    const noise = gradientNoise(tf, model, layout, center, big, { batchSize: 4 });
    assert.equal(noise.batches, 3);
    assert.deepEqual(noise.layers.map((l) => l.layer), ["conv0", "dense0"]);
    // Three batches of 4 cover the 12 samples: the batch gradients average to the full one, and
    // each differs from it.
    const full = weightGradient(tf, model, layout, center, big).gradient;
    const conv = layout.tensors.filter((slot) => slot.name.startsWith("conv0/"));
    let squared = 0;
    for (let b = 0; b < 3; b++) {
      const batch = selectSamples(big, [4 * b, 4 * b + 1, 4 * b + 2, 4 * b + 3]);
      const g = weightGradient(tf, model, layout, center, batch).gradient;
      for (const slot of conv) {
        for (let i = slot.offset; i < slot.offset + slot.size; i++) {
          squared += (g[i] - full[i]) ** 2;
        }
      }
    }
    assert.ok(Math.abs(noise.layers[0].variance - squared / 3) <= 1e-6 * squared);
    for (const layer of noise.layers) {
      assert.ok(layer.variance > 0 && Number.isFinite(layer.signalToNoise));
      assert.ok(Math.abs(layer.signalToNoise - layer.gradientNorm ** 2 / layer.variance) < 1e-9);
    }
    assert.throws(
      () => gradientNoise(tf, model, layout, center, big, { batchSize: 8 }),
      RangeError,
    );
  });
});
