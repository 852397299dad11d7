// Weight influence on a net small enough to do by hand: the gradient, the importance |w g|, the
// intensity curve and the 80% share; histograms whose counts sum to the number of weights;
// percentiles, magnitude bins, top weights and unit maps against direct computation.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { buildLayout } from "../lib/model/layout.ts";
import { createRng } from "../lib/random.ts";
import { weightGradient } from "../lib/analysis/gradient.ts";
import { parameterLayers } from "../lib/analysis/layers.ts";
import {
  firstOrderImportance,
  intensityCurve,
  weightShareCarrying,
} from "../lib/analysis/influence/importance.ts";
import { evenEdges, histogram, percentiles } from "../lib/analysis/influence/histograms.ts";
import { checkpointInfluence } from "../lib/analysis/influence/checkpoint_influence.ts";
import { influenceByMagnitude } from "../lib/analysis/influence/magnitude.ts";
import { topWeights } from "../lib/analysis/influence/top_weights.ts";
import { unitMaps } from "../lib/analysis/influence/unit_maps.ts";

const close = (a: number, b: number, tolerance = 1e-6) =>
  assert.ok(Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

describe("weight influence by hand", () => {
  // One dense layer 2 -> 2, MSE against one-hot(0), one sample x = [1, 2]:
  // z0 = 0.5 + 0.5 + 0.1 = 1.1, z1 = -1 + 4 - 0.2 = 2.8; L = ((z0 - 1)^2 + z1^2) / 2,
  // dL/dz = [0.1, 2.8], dW[i][o] = x_i dL/dz_o, db = dL/dz.
  const model = resolveModel({
    kind: "sequential",
    inputShape: [2],
    loss: "mse",
    layers: [{ type: "dense", units: 2 }],
  });
  const layout = modelLayout(model);
  const values = new Float32Array([0.5, -1, 0.25, 2, 0.1, -0.2]);
  const data = {
    x: new Float32Array([1, 2]),
    y: new Int32Array([0]),
    count: 1,
    features: 2,
    classes: 2,
  };
  const expected = [0.1, 2.8, 0.2, 5.6, 0.1, 2.8];

  it("gradient, importance, intensity curve and the 80% share", async () => {
    const tf = await loadTfjs();
    const { loss, gradient } = weightGradient(tf, model, layout, values, data);
    close(loss, (0.1 ** 2 + 2.8 ** 2) / 2, 1e-6);
    expected.forEach((g, i) => close(gradient[i], g, 1e-5));
    const importance = firstOrderImportance(values, gradient);
    const exact = [0.05, 2.8, 0.05, 11.2, 0.01, 0.56];
    exact.forEach((v, i) => close(importance[i], v, 1e-5));
    // Sorted: 11.2, 2.8, 0.56, 0.05, 0.05, 0.01; total 14.67.
    const curve = intensityCurve(importance, 7);
    const cumulative = [0, 11.2, 14, 14.56, 14.61, 14.66, 14.67].map((v) => v / 14.67);
    curve.importanceShare.forEach((v, i) => close(v, cumulative[i], 1e-5));
    close(curve.total, 14.67, 1e-5);
    // 11.2 / 14.67 = 76% < 80%, with 2.8 it is 95%: two weights of six.
    close(curve.carrying80, 2 / 6);
    close(weightShareCarrying(importance, 0.8), 2 / 6);
    close(weightShareCarrying(importance, 0.7), 1 / 6);
    // Halfway between whole weights the curve interpolates: 1.5 weights carry 11.2 + 1.4.
    close(intensityCurve(importance, 5).importanceShare[1], (11.2 + 1.4) / 14.67, 1e-5);
  });

  it("a tensor's top weight is named by unit and input", () => {
    const [top] = topWeights(layout, values, new Float32Array(expected), 1);
    assert.equal(top.tensor, "dense0/kernel");
    assert.deepEqual(top.position, [1, 1]);
    assert.equal(top.unit, 1);
    assert.equal(top.input, 1);
    close(top.importance, 11.2, 1e-6);
  });
});

describe("histograms and summaries", () => {
  const rng = createRng(7);
  const values = Float32Array.from({ length: 1001 }, () => rng.normal() * 0.3);
  values[5] = 0;
  values[6] = 40; // an outlier beyond every bin

  it("bin counts sum to the number of values, outliers in the end bins", () => {
    const result = histogram(values, evenEdges(-1, 1, 16));
    assert.equal(result.counts.reduce((a, b) => a + b, 0), values.length);
    assert.ok(result.counts[15] >= 1);
    const brute = new Array(16).fill(0);
    for (const v of values) brute[Math.min(15, Math.max(0, Math.floor((v + 1) / 0.125)))]++;
    assert.deepEqual(result.counts, brute);
  });

  it("symmetric ranges have symmetric edges, 0 in the middle; a value on an edge goes right", () => {
    for (let k = 0; k < 200; k++) {
      // Ranges as percentiles of gradients give them: float32 values of every scale.
      const range = Math.fround(Math.exp(rng.normal() * 8));
      for (const bins of [4, 9, 40]) {
        const edges = evenEdges(-range, range, bins);
        assert.equal(edges.length, bins + 1);
        for (let i = 0; i <= bins; i++) {
          assert.ok(edges[i] === -edges[bins - i], `range ${range}, ${bins} bins, edge ${i}`);
          if (i > 0) assert.ok(edges[i] > edges[i - 1]);
        }
        if (bins % 2 === 0) assert.equal(Object.is(edges[bins / 2], 0), true);
        // Every inner edge's own value lands in the bin to its right.
        const counts = histogram(edges.slice(1, -1), edges).counts;
        assert.deepEqual(counts, Array.from({ length: bins }, (_, b) => (b === 0 ? 0 : 1)));
      }
    }
  });

  it("per-layer histograms of a checkpoint sum to the layer's weights (log: with the zeros)", () => {
    const model = resolveModel({
      kind: "sequential",
      inputShape: [6],
      layers: [{ type: "dense", units: 5 }, { type: "dense", units: 3 }],
    });
    const layout = modelLayout(model);
    const layers = parameterLayers(model, layout);
    const w = Float32Array.from({ length: layout.size }, () => rng.normal());
    const g = Float32Array.from(
      { length: layout.size },
      (_, i) => (i % 4 === 0 ? 0 : rng.normal()),
    );
    const result = checkpointInfluence(layers, w, g, { bins: 9 });
    result.layers.forEach((layer, l) => {
      for (const h of Object.values(layer.histograms)) {
        assert.equal(h.counts.reduce((a, b) => a + b, 0) + (h.zeros ?? 0), layers[l].size);
      }
    });
    assert.ok(result.layers[0].histograms.gradientLog.zeros! > 0);
  });

  it("percentiles match sorted order statistics", () => {
    const sorted = Array.from(values).sort((a, b) => a - b);
    const [p0, p50, p100] = percentiles(values, [0, 50, 100]);
    assert.equal(p0, sorted[0]);
    assert.equal(p50, sorted[500]);
    assert.equal(p100, sorted[1000]);
    close(percentiles([1, 2, 3, 4], [25])[0], 1.75);
  });

  it("mean |gradient| in bins of |w|", () => {
    const bins = influenceByMagnitude([0.1, -0.2, 0.9, -1, 0.45], [1, 3, -5, 7, 2], 2);
    assert.deepEqual(bins.edges, [0, 0.5, 1]);
    assert.deepEqual(bins.counts, [3, 2]);
    close(bins.meanAbsGradient[0], 2);
    close(bins.meanAbsGradient[1], 6);
  });

  it("unit maps follow the kernel's layout: dense on images and conv filters", () => {
    const [dense] = buildLayout([{ name: "d/kernel", shape: [2 * 3 * 2, 4], role: "kernel" }])
      .tensors;
    const perWeight = Float32Array.from({ length: dense.size }, (_, i) => i);
    const maps = unitMaps(dense, perWeight, [12], [2, 3, 2]);
    assert.deepEqual([maps.units, maps.height, maps.width], [4, 2, 3]);
    // Unit 1, pixel (1, 2): input rows (1*3+2)*2 + c for c = 0, 1, each times 4 units plus 1.
    const pixel = 1 * 3 + 2;
    close(maps.maps[1 * 6 + pixel], (pixel * 2 * 4 + 1) + ((pixel * 2 + 1) * 4 + 1));
    close(
      maps.totals[3],
      Array.from(perWeight).filter((_, i) => i % 4 === 3).reduce((a, b) => a + b),
    );
    const [conv] = buildLayout([{ name: "c/kernel", shape: [3, 3, 2, 5], role: "kernel" }]).tensors;
    const convMaps = unitMaps(conv, Float32Array.from({ length: conv.size }, (_, i) => i), [
      8,
      8,
      2,
    ]);
    assert.deepEqual([convMaps.units, convMaps.height, convMaps.width], [5, 3, 3]);
    // Filter 4 at (2, 0): flat indices ((2*3+0)*2 + c)*5 + 4.
    close(convMaps.maps[4 * 9 + 6], (12 * 5 + 4) + (13 * 5 + 4));
  });
});
