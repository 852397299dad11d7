// The measures the experiments add, against independent references: brute force, closed forms
// and a dense eigensolver.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  explainedVarianceRatios,
  gridCurvature,
  monotonicity,
  nonConvexShare,
  randomWalk,
  randomWalkVarianceShares,
  roundNumbers,
  trackSharpness,
} from "../lib/experiments/mod.ts";
import { principalPlane } from "../lib/directions/mod.ts";
import { createRng } from "../lib/random.ts";
import { loadTfjs } from "../lib/train/mod.ts";
import type { ModelSpec } from "../lib/model/mod.ts";
import { symmetricEigen } from "../lib/directions/symmetric_eigen.ts";

/** Largest L(b) - L(a) over a < b, by trying every pair. */
function bruteMaxRise(values: number[]): number {
  let rise = 0;
  for (let a = 0; a < values.length; a++) {
    for (let b = a + 1; b < values.length; b++) rise = Math.max(rise, values[b] - values[a]);
  }
  return rise;
}

describe("monotonicity", () => {
  it("matches the brute-force largest rise on random curves (exact)", () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 50; trial++) {
      const values = Array.from({ length: 2 + trial }, () => rng.normal());
      assert.equal(monotonicity(values).maxRise, bruteMaxRise(values));
    }
  });

  it("gives closed-form answers on a falling curve with one bump", () => {
    // 1 - x on [0, 1] plus a bump of height 0.1 at x = 0.5: rise 0.1 over a fall of 1.
    const xs = Array.from({ length: 11 }, (_, i) => i / 10);
    const values = xs.map((x) => 1 - x + (x === 0.5 ? 0.15 : 0));
    const m = monotonicity(values);
    assert.ok(Math.abs(m.maxRise - (0.15 - 0.1)) < 1e-12, `${m.maxRise}`);
    assert.ok(Math.abs(m.relativeRise - 0.05) < 1e-12);
    assert.equal(m.decreasingSteps, 9 / 10);
    assert.deepEqual(monotonicity([3, 2, 2, 1]), {
      maxRise: 0,
      relativeRise: 0,
      decreasingSteps: 1,
      start: 3,
      end: 1,
    });
    assert.equal(monotonicity([1, 2]).relativeRise, Infinity);
  });

  it("rejects short and non-finite curves", () => {
    assert.throws(() => monotonicity([1]), /at least 2 values: got 1/);
    assert.throws(() => monotonicity([1, NaN]), /Value 1 .* not finite/);
  });
});

describe("explained variance", () => {
  it("gives a^2 / (a^2 + b^2) for points evenly on an ellipse (closed form, 1e-9)", () => {
    const a = 3, b = 1, n = 16;
    const points = Array.from({ length: n }, (_, t) => {
      const angle = (2 * Math.PI * t) / n;
      return [a * Math.cos(angle), b * Math.sin(angle), 0];
    });
    const ratios = explainedVarianceRatios(points, 3);
    assert.ok(Math.abs(ratios[0] - 0.9) < 1e-9, `${ratios}`);
    assert.ok(Math.abs(ratios[1] - 0.1) < 1e-9);
    assert.ok(Math.abs(ratios[2]) < 1e-9);
  });

  it("agrees with the principal plane of the directions module (1e-6)", () => {
    const rng = createRng(5);
    const points = Array.from({ length: 9 }, () => Float32Array.from({ length: 40 }, rng.normal));
    const [first, second] = explainedVarianceRatios(points, 2);
    const plane = principalPlane(points, points[8]);
    assert.ok(Math.abs(first - plane.explainedVariance[0]) < 1e-6);
    assert.ok(Math.abs(second - plane.explainedVariance[1]) < 1e-6);
  });

  it("rejects too few points and points without variance", () => {
    assert.throws(() => explainedVarianceRatios([[1, 2]]), /at least 2 points: got 1/);
    assert.throws(() => explainedVarianceRatios([[1, 2], [1, 2]]), /no variance/);
  });
});

describe("random walks", () => {
  it("takes steps of the requested lengths, from the origin", () => {
    const lengths = [0.5, 2, 0, 1];
    const walk = randomWalk(lengths, 300, 9);
    assert.equal(walk.length, 5);
    assert.ok(walk[0].every((v) => v === 0));
    lengths.forEach((length, t) => {
      const step = Math.hypot(...walk[t + 1].map((v, i) => v - walk[t][i]));
      assert.ok(Math.abs(step - length) < 1e-5, `step ${t}: ${step}`);
    });
    assert.throws(() => randomWalk([-1], 3, 0), /finite and >= 0: got -1/);
  });

  it("has closed-form shares that tend to 6 / (pi^2 k^2) for long walks (1e-3)", () => {
    const shares = randomWalkVarianceShares(100, 3);
    shares.forEach((share, k) => {
      const limit = 6 / (Math.PI ** 2 * (k + 1) ** 2);
      assert.ok(Math.abs(share - limit) < 1e-3, `component ${k + 1}: ${share} vs ${limit}`);
    });
  });

  it("in high dimension puts the closed-form shares on its components (0.02)", () => {
    const steps = 20, expected = randomWalkVarianceShares(steps, 3);
    const seeds = [1, 2, 3];
    const measured = seeds.map((seed) =>
      explainedVarianceRatios(randomWalk(new Array(steps).fill(1), 20000, seed), 3)
    );
    expected.forEach((share, k) => {
      const mean = measured.reduce((sum, m) => sum + m[k], 0) / seeds.length;
      assert.ok(Math.abs(mean - share) < 0.02, `component ${k + 1}: ${mean} vs ${share}`);
    });
  });
});

describe("sharpness tracking", () => {
  it("equals the closed-form top eigenvalue of a linear model's MSE Hessian (1e-3)", async () => {
    // Dense 3 -> 2 with bias, MSE averaged over n samples and k = 2 outputs:
    // H = (2 / (n k)) [X 1]^T [X 1] for each output, so lambda_max = 2 mu_max / (n k).
    const tf = await loadTfjs();
    const rng = createRng(11);
    const n = 7, features = 3, k = 2;
    const x = Float32Array.from({ length: n * features }, rng.normal);
    const data = { x, y: new Int32Array(n), count: n, features, classes: k };
    const spec: ModelSpec = {
      kind: "sequential",
      inputShape: [features],
      loss: "mse",
      layers: [{ type: "dense", units: k }],
    };
    const augmented = Array.from({ length: n }, (_, i) => [...x.subarray(i * 3, i * 3 + 3), 1]);
    const gram = [0, 1, 2, 3].map((a) =>
      [0, 1, 2, 3].map((b) => augmented.reduce((sum, row) => sum + row[a] * row[b], 0))
    );
    const expected = (2 * Math.max(...symmetricEigen(gram).values)) / (n * k);
    const checkpoints = [0, 5, 10].map((step) => ({
      step,
      values: Float32Array.from({ length: 8 }, () => rng.normal()),
    }));
    const before = tf.memory().numTensors;
    const track = await trackSharpness({ spec, checkpoints, data });
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(track.map((p) => p.step), [0, 5, 10]);
    for (const point of track) {
      assert.ok(
        Math.abs(point.sharpness - expected) <= 1e-3 * expected,
        `${point.sharpness} vs ${expected}`,
      );
      assert.ok(point.relativeResidual < 1e-3);
      assert.ok(point.loss > 0);
    }
  });
});

describe("grid curvature", () => {
  it("is exact on a quadratic: the eigenvalues of [[2a, b], [b, 2c]] (1e-9)", () => {
    const a = 1.5, b = -2, c = 0.25;
    const xs = [-1, -0.5, 0, 0.5, 1], ys = [-0.6, -0.3, 0, 0.3];
    const values = ys.flatMap((y) => xs.map((x) => a * x * x + b * x * y + c * y * y + 3 * x));
    const { min, max } = gridCurvature(values, 5, 4, 0.5, 0.3);
    const [high, low] = symmetricEigen([[2 * a, b], [b, 2 * c]]).values;
    assert.equal(min.length, 3 * 2);
    for (let cell = 0; cell < min.length; cell++) {
      assert.ok(Math.abs(min[cell] - low) < 1e-9 && Math.abs(max[cell] - high) < 1e-9);
    }
  });

  it("counts saddles as non-convex and bowls, or weak negative curvature, as not", () => {
    const xs = [-1, 0, 1, 2];
    const grid = (f: (x: number, y: number) => number) => xs.flatMap((y) => xs.map((x) => f(x, y)));
    const share = (f: (x: number, y: number) => number) =>
      nonConvexShare(gridCurvature(grid(f), 4, 4, 1, 1));
    assert.equal(share((x, y) => x * x - y * y), 1);
    assert.equal(share((x, y) => x * x + 2 * y * y), 0);
    assert.equal(share((x, y) => x * x - 0.05 * y * y), 0); // |lambda_min / lambda_max| = 0.05
    assert.ok(Number.isNaN(nonConvexShare(gridCurvature(new Array(9).fill(NaN), 3, 3, 1, 1))));
    assert.throws(() => gridCurvature([1, 2, 3, 4], 2, 2, 1, 1), /at least 3 x 3/);
  });
});

describe("results rounding", () => {
  it("rounds nested numbers and typed arrays and turns NaN into null", () => {
    assert.deepEqual(roundNumbers({ a: [1 / 3, NaN], b: new Float32Array([0.5]), c: "x" }, 3), {
      a: [0.333, null],
      b: [0.5],
      c: "x",
    });
  });
});
