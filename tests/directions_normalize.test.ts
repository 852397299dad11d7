// Direction normalisations and orthogonalisation against hand computations.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { filterNormalizedDirection } from "../lib/directions/filter_normalize.ts";
import { normalizeDirection, randomDirection } from "../lib/directions/normalize.ts";
import { cosineSimilarity, orthogonalize } from "../lib/directions/orthogonalize.ts";
import { buildLayout } from "../lib/model/layout.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { denseClassifier } from "./model_parity.ts";
import { heNormal } from "../lib/model/init.ts";
import { createRng } from "../lib/random.ts";
import { runDirections } from "../lib/run/random_directions.ts";

// A 2x2 dense kernel, its bias, and batch-norm tensors: every role once.
const layout = buildLayout([
  { name: "w", shape: [2, 2], role: "kernel" },
  { name: "b", shape: [2], role: "bias" },
  { name: "gamma", shape: [2], role: "gamma" },
  { name: "mean", shape: [2], role: "moving-mean" },
]);
const weights = new Float32Array([3, 0, 4, 2, 1, -1, 2, 2, 0.5, 0.5]);
const direction = () => new Float32Array([1, 1, 1, 1, 2, 0, 0, 3, 7, 7]);
const close = (actual: ArrayLike<number>, expected: number[], tolerance = 1e-6) => {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= tolerance,
      `[${i}] ${actual[i]} vs ${expected[i]}`,
    );
  }
};

describe("normalisations (Li et al. 2018, net_plotter.normalize_direction)", () => {
  it("filter: each output column scaled to the weights' column norm; biases zero", () => {
    // Column 0 of w is (3, 4): norm 5; column 1 is (0, 2): norm 2. d's columns have norm sqrt 2.
    const d = normalizeDirection(direction(), weights, layout, { norm: "filter" });
    const s0 = 5 / Math.SQRT2, s1 = 2 / Math.SQRT2;
    close(d, [s0, s1, s0, s1, 0, 0, 0, 0, 0, 0], 1e-5);
  });

  it("layer: each tensor scaled to the tensor's norm", () => {
    // |w| = sqrt(9 + 16 + 4) = sqrt 29, |d_w| = 2; bias (1, -1): sqrt 2 over |(2, 0)| = 2.
    const d = normalizeDirection(direction(), weights, layout, { norm: "layer", bias: "include" });
    const sw = Math.sqrt(29) / 2, sb = Math.SQRT2 / 2, sg = Math.sqrt(8) / 3;
    close(d, [sw, sw, sw, sw, 2 * sb, 0, 0, 3 * sg, 0, 0], 1e-5);
  });

  it("weight: the direction times the weights, elementwise; moving statistics stay zero", () => {
    const d = normalizeDirection(direction(), weights, layout, { norm: "weight", bias: "include" });
    close(d, [3, 0, 4, 2, 2, 0, 0, 6, 0, 0]);
  });

  it("none: the raw Gaussian draw, biases zero unless included", () => {
    const rng = createRng(9);
    const raw = Array.from({ length: layout.size }, () => rng.normal());
    const zero = randomDirection(weights, layout, 9, { norm: "none" });
    close(zero, [...raw.slice(0, 4), 0, 0, 0, 0, 0, 0]);
    const include = randomDirection(weights, layout, 9, { norm: "none", bias: "include" });
    close(include, [...raw.slice(0, 8), 0, 0]);
  });

  it("filter with biases zero is the earlier filterNormalizedDirection, bit for bit", () => {
    const mlp = modelLayout(denseClassifier({ inputSize: 13, hidden: [7], classes: 5 }));
    const w = heNormal(mlp, 3);
    assert.deepEqual(randomDirection(w, mlp, 11), filterNormalizedDirection(w, mlp, 11));
  });

  it("rejects unknown words and mismatched lengths", () => {
    const word = "batch" as unknown as "filter";
    assert.throws(
      () => normalizeDirection(direction(), weights, layout, { norm: word }),
      /filter, layer/,
    );
    assert.throws(() => normalizeDirection(new Float32Array(3), weights, layout), /10 values/);
  });
});

describe("orthogonalisation", () => {
  const big = modelLayout(denseClassifier({ inputSize: 784, hidden: [128], classes: 10 }));
  const w = heNormal(big, 1);

  it("leaves a cosine below 1e-6 and keeps the second direction's norm", () => {
    for (const norm of ["filter", "layer", "weight", "none"] as const) {
      const d1 = randomDirection(w, big, 1, { norm });
      const d2 = randomDirection(w, big, 2, { norm });
      // Make them far from orthogonal first, so that the projection has work to do.
      for (let i = 0; i < d2.length; i++) d2[i] += 0.5 * d1[i];
      assert.ok(Math.abs(cosineSimilarity(d1, d2)) > 0.1);
      const orthogonal = orthogonalize(d1, d2);
      const cosine = cosineSimilarity(d1, orthogonal);
      assert.ok(Math.abs(cosine) < 1e-6, `${norm}: cosine ${cosine}`);
      const norms = [d2, orthogonal].map((v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)));
      assert.ok(Math.abs(norms[1] - norms[0]) <= 1e-5 * norms[0], `${norm}: ${norms}`);
    }
  });

  it("is the hand-computed projection on a small case", () => {
    close(
      orthogonalize(new Float32Array([2, 0, 0]), new Float32Array([3, 4, 0]), { keepNorm: false }),
      [0, 4, 0],
    );
    close(orthogonalize(new Float32Array([2, 0, 0]), new Float32Array([3, 4, 0])), [0, 5, 0]);
    assert.throws(
      () => orthogonalize(new Float32Array([1, 1]), new Float32Array([2, 2])),
      /parallel/,
    );
  });

  it("runDirections stores the cosine, orthogonalised or not", async () => {
    const settings = { seed: 4, norm: "filter" as const, bias: "zero" as const, directions: "" };
    const plain = await runDirections({ ...settings, orthogonalize: false }, w, big);
    const made = await runDirections({ ...settings, orthogonalize: true }, w, big);
    assert.equal(plain.metadata.cosine, cosineSimilarity(plain.d1, plain.d2));
    assert.ok(Math.abs(plain.cosine) > 1e-5, `two random directions: ${plain.cosine}`);
    assert.ok(Math.abs(made.cosine) < 1e-6);
    assert.deepEqual(made.d1, plain.d1);
  });
});
