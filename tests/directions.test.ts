import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { filterNormalize, filterNormalizedDirection } from "../lib/directions/filter_normalize.ts";
import { principalPlane, projectTrajectory } from "../lib/directions/pca.ts";
import { symmetricEigen } from "../lib/directions/symmetric_eigen.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { denseClassifier } from "./model_parity.ts";
import { heNormal } from "../lib/model/init.ts";
import { createRng } from "../lib/random.ts";

const spec = denseClassifier({ inputSize: 13, hidden: [7], classes: 5 });

function columnNorm(values: Float32Array, offset: number, rows: number, cols: number, j: number) {
  let sum = 0;
  for (let i = 0; i < rows; i++) sum += values[offset + i * cols + j] ** 2;
  return Math.sqrt(sum);
}

describe("filter normalisation (Li et al. 2018, eq. 1)", () => {
  it("gives every output neuron's column the norm of the weights' column; biases zero", () => {
    const layout = modelLayout(spec);
    const weights = heNormal(layout, 3);
    const direction = filterNormalizedDirection(weights, layout, 11);
    for (const slot of layout.tensors) {
      if (slot.role === "bias") {
        assert.ok(direction.subarray(slot.offset, slot.offset + slot.size).every((v) => v === 0));
        continue;
      }
      const [rows, cols] = slot.shape;
      for (let j = 0; j < cols; j++) {
        const expected = columnNorm(weights, slot.offset, rows, cols, j);
        const actual = columnNorm(direction, slot.offset, rows, cols, j);
        assert.ok(Math.abs(actual - expected) <= 1e-5 * expected, `${slot.name}[:, ${j}]`);
      }
    }
  });

  it("draws from a Gaussian (not U[0,1]): mean ~0, variance ~1, symmetric", () => {
    const layout = {
      tensors: [{ name: "w", shape: [20000, 1], offset: 0, size: 20000, role: "kernel" as const }],
      size: 20000,
    };
    const weights = new Float32Array(20000).fill(1);
    const d = filterNormalizedDirection(weights, layout, 5);
    // The column of ones has norm sqrt(20000); the direction is rescaled to it, so its RMS is ~1.
    const mean = d.reduce((s, v) => s + v, 0) / d.length;
    const variance = d.reduce((s, v) => s + (v - mean) ** 2, 0) / d.length;
    const negative = d.filter((v) => v < 0).length / d.length;
    assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 0.03, `variance ${variance}`);
    assert.ok(Math.abs(negative - 0.5) < 0.02, `negative fraction ${negative}`);
  });

  it("is deterministic for a seed and different across seeds", () => {
    const layout = modelLayout(spec);
    const weights = heNormal(layout, 1);
    assert.deepEqual(
      filterNormalizedDirection(weights, layout, 4),
      filterNormalizedDirection(weights, layout, 4),
    );
    assert.notDeepEqual(
      filterNormalizedDirection(weights, layout, 4),
      filterNormalizedDirection(weights, layout, 5),
    );
  });

  it("zero weight filters get zero direction; bad bias mode is named", () => {
    const layout = {
      tensors: [{ name: "w", shape: [2, 2], offset: 0, size: 4, role: "kernel" as const }],
      size: 4,
    };
    const d = filterNormalize(
      new Float32Array([1, 1, 1, 1]),
      new Float32Array([0, 3, 0, 4]),
      layout,
    );
    assert.deepEqual([...d].map((v) => Math.round(v * 1e6) / 1e6), [0, 3.535534, 0, 3.535534]);
    assert.throws(
      () => filterNormalize(d, d, layout, { bias: "nope" as "zero" }),
      /Bias mode must be one of zero, filter: got "nope"/,
    );
  });
});

describe("PCA of a trajectory", () => {
  it("symmetricEigen reproduces A v = lambda v on a random symmetric matrix", () => {
    const rng = createRng(2);
    const n = 7;
    const a = Array.from({ length: n }, () => new Array(n).fill(0));
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i][j] = a[j][i] = rng.normal();
    const { values, vectors } = symmetricEigen(a);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        const av = a[i].reduce((s, aij, j) => s + aij * vectors[k][j], 0);
        assert.ok(Math.abs(av - values[k] * vectors[k][i]) < 1e-9);
      }
      if (k > 0) assert.ok(values[k - 1] >= values[k]);
    }
  });

  it("recovers a trajectory that lies in a known plane, with its explained variance", () => {
    const size = 500;
    const rng = createRng(9);
    const u = Float64Array.from({ length: size }, () => rng.normal());
    const v = Float64Array.from({ length: size }, () => rng.normal());
    // Gram-Schmidt so that the plane's basis is orthonormal.
    const norm = (w: Float64Array) => Math.sqrt(w.reduce((s, x) => s + x * x, 0));
    const nu = norm(u);
    u.forEach((x, i) => (u[i] = x / nu));
    const uv = u.reduce((s, x, i) => s + x * v[i], 0);
    v.forEach((x, i) => (v[i] = x - uv * u[i]));
    const nv = norm(v);
    v.forEach((x, i) => (v[i] = x / nv));
    const final = Float32Array.from({ length: size }, () => rng.normal());
    const coords = [[-8, 3], [-5, -2], [-3, 1.5], [-1, -0.5], [0, 0]];
    const checkpoints = coords.map(([x, y]) =>
      Float32Array.from(final, (w, i) => w + x * u[i] + y * v[i])
    );
    const plane = principalPlane(checkpoints, final);
    // d1, d2 span the same plane: their projections on u, v have unit norm.
    for (const d of [plane.d1, plane.d2]) {
      const pu = d.reduce((s, x, i) => s + x * u[i], 0);
      const pv = d.reduce((s, x, i) => s + x * v[i], 0);
      assert.ok(Math.abs(pu * pu + pv * pv - 1) < 1e-4);
    }
    const [e1, e2] = plane.explainedVariance;
    assert.ok(Math.abs(e1 + e2 - 1) < 1e-6);
    // Closed form: eigenvalues of the centred 2x2 covariance of the coordinates.
    const mx = coords.reduce((s, c) => s + c[0], 0) / 5;
    const my = coords.reduce((s, c) => s + c[1], 0) / 5;
    const sxx = coords.reduce((s, c) => s + (c[0] - mx) ** 2, 0);
    const syy = coords.reduce((s, c) => s + (c[1] - my) ** 2, 0);
    const sxy = coords.reduce((s, c) => s + (c[0] - mx) * (c[1] - my), 0);
    const disc = Math.sqrt(((sxx - syy) / 2) ** 2 + sxy ** 2);
    const top = (sxx + syy) / 2 + disc;
    assert.ok(Math.abs(e1 - top / (sxx + syy)) < 1e-5, `${e1} vs ${top / (sxx + syy)}`);
    // Projection preserves distances within the plane: |p_t| equals |(x, y)|.
    const path = projectTrajectory(checkpoints, final, plane);
    path.points.forEach((p, t) => {
      assert.ok(Math.abs(Math.hypot(p.x, p.y) - Math.hypot(coords[t][0], coords[t][1])) < 1e-3);
    });
    assert.deepEqual(path.points[4], { epoch: 4, x: 0, y: 0 });
  });

  it("needs 3 checkpoints and two independent directions", () => {
    const a = new Float32Array([1, 2]);
    assert.throws(() => principalPlane([a, a], a), /at least 3 checkpoints: got 2/);
    const line = [0, 1, 2, 3].map((t) => new Float32Array([t, 2 * t]));
    assert.throws(() => principalPlane(line, line[3]), /fewer than 2 directions/);
  });
});
