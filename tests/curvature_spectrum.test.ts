import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHessianOperator } from "../lib/analysis/curvature/hessian_operator.ts";
import { smallestEigen, topEigen } from "../lib/analysis/curvature/top_eigen.ts";
import { hutchinsonTrace } from "../lib/analysis/curvature/hutchinson_trace.ts";
import { densityMoment, spectralDensity } from "../lib/analysis/curvature/spectral_density.ts";
import { lanczos, ritzPairs } from "../lib/analysis/curvature/lanczos.ts";
import type { LinearOperator } from "../lib/analysis/curvature/linear_operator.ts";
import { symmetricEigen } from "../lib/directions/symmetric_eigen.ts";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { createRng } from "../lib/random.ts";
import type { ModelSpec } from "../lib/model/spec.ts";

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
// Eigenvalues as a set: repeated ones (within 1e-5 relative) once.
const distinct = (values: number[]) =>
  values.filter((value, i) => values.slice(0, i).every((other) => relative(value, other) > 1e-5));

// Linear regression with MSE over k = 2 outputs (TF.js one-hot needs depth >= 2): the loss is
// mean_i mean_k (x~_i . w_k - t_ik)^2 with x~ = [x, 1], so the Hessian is the Kronecker
// product of 2 X~^T X~ / (n k) with the identity over outputs: each eigenvalue of
// 2 X~^T X~ / (n k) twice. Lanczos from one vector sees every distinct eigenvalue once.
function regression(design: number[][]) {
  const n = design.length, d = design[0].length;
  const spec: ModelSpec = {
    kind: "sequential",
    inputShape: [d],
    loss: "mse",
    layers: [{ type: "dense", units: 2 }],
  };
  const data = {
    x: Float32Array.from(design.flat()),
    y: new Int32Array(n),
    count: n,
    features: d,
    classes: 2,
  };
  const withOnes = design.map((row) => [...row, 1]);
  const gram = withOnes[0].map((_, a) =>
    withOnes[0].map((_, b) => withOnes.reduce((s, row) => s + row[a] * row[b], 0) * 2 / (n * 2))
  );
  return { spec, data, exact: symmetricEigen(gram).values };
}

describe("Hessian spectrum of linear regression (MSE), against the exact eigendecomposition", () => {
  const rng = createRng(4);
  const design = Array.from({ length: 40 }, () => Array.from({ length: 4 }, () => rng.normal()));
  design.forEach((row) => (row[1] = 0.5 * row[0] + 3 * row[1])); // uneven, correlated

  it("top eigenvalues and the smallest within 1e-3 relative; leaves no tensors", async () => {
    const tf = await loadTfjs();
    const before = tf.memory().numTensors;
    const { spec, data, exact } = regression(design);
    const hessian = await createHessianOperator({
      model: spec,
      values: new Float32Array(10),
      data,
    });
    const top = topEigen(hessian, { k: 3, maxIterations: 10, tolerance: 1e-4 });
    assert.ok(top.converged, `residuals ${top.relativeResiduals}`);
    distinct(top.eigenvalues).forEach((value, i) =>
      assert.ok(relative(value, exact[i]) < 1e-3, `${top.eigenvalues} vs ${exact}`)
    );
    const low = smallestEigen(hessian, { maxIterations: 10, tolerance: 1e-4 });
    assert.ok(relative(low.eigenvalues[0], exact.at(-1)!) < 1e-3, `${low.eigenvalues} ${exact}`);
    hessian.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it("trace: exact for an orthogonal design, and within 4 standard errors otherwise", async () => {
    // Hadamard columns are orthogonal to each other and to the ones column: a diagonal
    // Hessian, on which every Rademacher probe gives the trace exactly.
    const hadamard = [[1, 1], [1, -1]].flatMap((r) =>
      [[1, 1], [1, -1]].map((c) => [...r.flatMap((a) => c.map((b) => a * b))])
    );
    const orthogonal = [...hadamard, ...hadamard].map((row) => [2 * row[1], 0.5 * row[2], row[3]]);
    const diagonal = regression(orthogonal);
    let hessian = await createHessianOperator({
      model: diagonal.spec,
      values: new Float32Array(8),
      data: diagonal.data,
    });
    const exactTrace = 2 * diagonal.exact.reduce((a, b) => a + b, 0);
    const trace = hutchinsonTrace(hessian, { maxIterations: 20, seed: 1 });
    assert.ok(relative(trace.trace, exactTrace) < 1e-3, `${trace.trace} vs ${exactTrace}`);
    assert.ok(trace.standardError < 1e-3 * exactTrace);
    // There every probe weighs each eigenvector equally: SLQ moments are exact too.
    const density = spectralDensity(hessian, { runs: 2, maxIterations: 8, seed: 4 });
    for (const p of [1, 2, 3]) {
      const truth = diagonal.exact.reduce((sum, value) => sum + value ** p, 0) /
        diagonal.exact.length;
      assert.ok(relative(densityMoment(density, p), truth) < 1e-3, `moment ${p}`);
    }
    hessian.dispose();
    const general = regression(design);
    hessian = await createHessianOperator({
      model: general.spec,
      values: new Float32Array(10),
      data: general.data,
    });
    const estimate = hutchinsonTrace(hessian, { maxIterations: 400, tolerance: 1e-6, seed: 2 });
    const exact = 2 * general.exact.reduce((a, b) => a + b, 0);
    assert.ok(estimate.standardError > 0);
    assert.ok(
      Math.abs(estimate.trace - exact) < 4 * estimate.standardError,
      `${estimate.trace} ${exact}`,
    );
    assert.equal(estimate.converged, false, "400 probes cannot reach 1e-6 here");
    hessian.dispose();
  });

  it("density: Gauss quadrature reproduces each probe's moments; the moments match the exact ones", async () => {
    const { spec, data, exact } = regression(design);
    const hessian = await createHessianOperator({
      model: spec,
      values: new Float32Array(10),
      data,
    });
    const result = spectralDensity(hessian, { runs: 300, maxIterations: 10, seed: 3 });
    // Nodes of every run are the eigenvalues (5 distinct here), within 1e-3.
    for (const nodes of result.nodes) {
      const near = (a: number[], b: number[]) =>
        a.every((x) => b.some((y) => relative(x, y) < 1e-3));
      assert.ok(near(distinct(nodes), exact) && near(exact, nodes), `${nodes} vs ${exact}`);
    }
    hessian.dispose();
    // Moments over probes are unbiased estimates of mean(lambda^p): within 4 standard errors.
    for (const p of [1, 2]) {
      const perRun = result.nodes.map((nodes, r) =>
        nodes.reduce((s, theta, j) => s + result.weights[r][j] * theta ** p, 0)
      );
      const mean = perRun.reduce((a, b) => a + b, 0) / perRun.length;
      const sd = Math.sqrt(perRun.reduce((s, x) => s + (x - mean) ** 2, 0) / (perRun.length - 1));
      const truth = exact.reduce((s, value) => s + value ** p, 0) / exact.length;
      assert.ok(
        Math.abs(mean - truth) < 4 * sd / Math.sqrt(perRun.length),
        `p=${p}: ${mean} vs ${truth}`,
      );
      assert.ok(relative(densityMoment(result, p), mean) < 1e-12);
    }
  });
});

// A diagonal quadratic with a known spectrum: 2,000 eigenvalues, 5 isolated ones on top.
const spectrum = Array.from({ length: 2000 }, (_, i) => (i < 5 ? 50 - 7 * i : -1 + (i % 100) / 40));
const quadratic: LinearOperator = {
  size: spectrum.length,
  apply: (v) => v.map((x, i) => x * spectrum[i]),
};

describe("Lanczos and SLQ on a diagonal quadratic", () => {
  it("finds the top five eigenpairs and reports their residuals", () => {
    const result = topEigen(quadratic, { k: 5, maxIterations: 80, tolerance: 1e-6, seed: 1 });
    assert.ok(result.converged);
    result.eigenvalues.forEach((value, i) => assert.ok(relative(value, 50 - 7 * i) < 1e-8));
    // Each eigenvector is the matching coordinate vector.
    result.eigenvectors.forEach((vector, i) => assert.ok(Math.abs(Math.abs(vector[i]) - 1) < 1e-6));
  });

  it("never hides non-convergence: too few steps leave a large residual and converged false", () => {
    const result = topEigen(quadratic, { k: 5, maxIterations: 6, tolerance: 1e-6 });
    assert.equal(result.converged, false);
    assert.ok(Math.max(...result.relativeResiduals) > 1e-6);
  });

  it("the smallest eigenvalue by a shift", () => {
    const result = smallestEigen(quadratic, { maxIterations: 200, tolerance: 1e-6 });
    assert.ok(Math.abs(result.eigenvalues[0] - -1) < 1e-3, `${result.eigenvalues[0]}`);
  });

  it("keeps the basis orthonormal (full reorthogonalisation)", () => {
    const state = lanczos(quadratic, { start: new Float64Array(2000).fill(1), steps: 60 });
    for (let a = 0; a < state.basis.length; a += 7) {
      for (let b = 0; b < state.basis.length; b += 5) {
        const product = state.basis[a].reduce((s, x, i) => s + x * state.basis[b][i], 0);
        assert.ok(Math.abs(product - (a === b ? 1 : 0)) < 1e-10);
      }
    }
    assert.ok(ritzPairs(state).values.length === 60);
  });

  it("SLQ: the density integrates to 1, peaks at the bulk, and its mean is the trace / n", () => {
    const result = spectralDensity(quadratic, { runs: 4, maxIterations: 60, points: 800, seed: 5 });
    const dx = result.grid[1] - result.grid[0];
    const mass = result.density.reduce((a, b) => a + b, 0) * dx;
    assert.ok(Math.abs(mass - 1) < 1e-3, `mass ${mass}`);
    const bulk = result.grid.filter((t, i) => t < 2 && result.density[i] > 0).length;
    assert.ok(bulk > 0);
    const mean = spectrum.reduce((a, b) => a + b, 0) / spectrum.length;
    assert.ok(
      Math.abs(densityMoment(result, 1) - mean) < 0.15,
      `${densityMoment(result, 1)} ${mean}`,
    );
    assert.ok(Math.abs(Math.max(...result.nodes[0]) - 50) < 1e-6, "top node is the top eigenvalue");
  });

  it("rejects bad options", () => {
    assert.throws(() => topEigen(quadratic, { k: 2001 }), /k must be an integer in \[1, 2000\]/);
    assert.throws(() => topEigen(quadratic, { maxIterations: 0 }), /maxIterations/);
    assert.throws(() => hutchinsonTrace(quadratic, { tolerance: 0 }), /tolerance/);
  });
});
