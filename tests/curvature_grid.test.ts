import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { findLocalMinima } from "../lib/analysis/curvature/local_minima.ts";
import { convexityMap } from "../lib/analysis/curvature/convexity_map.ts";
import { matrixOperator } from "../lib/analysis/curvature/linear_operator.ts";
import { epsilonSharpness } from "../lib/analysis/curvature/epsilon_sharpness.ts";
import { compareQuadraticModel } from "../lib/analysis/curvature/quadratic_model.ts";
import { linspace } from "../lib/scan/grid.ts";

describe("local minima of a grid", () => {
  it("finds the two wells of (x^2 - 1)^2 + y^2 and nothing else", () => {
    const xs = linspace(-2, 2, 41), ys = linspace(-1, 1, 21);
    const values = ys.flatMap((y) => xs.map((x) => (x * x - 1) ** 2 + y * y));
    const minima = findLocalMinima(values, xs.length, ys.length);
    assert.equal(minima.length, 2);
    const found = minima.map((m) => [xs[m.i], ys[m.j]]).sort((a, b) => a[0] - b[0]);
    assert.deepEqual(found.map((p) => p.map((v) => +v.toFixed(6))), [[-1, 0], [1, 0]]);
    assert.ok(minima.every((m) => m.cells === 1 && !m.onBorder));
  });

  it("reports a plateau once, at its centre, and not a shelf next to lower ground", () => {
    // 7 x 5 grid: a flat 3x3 basin (value 1) surrounded by 5s, and a flat shelf (value 3)
    // touching a lower cell (value 2) on the right edge, which is itself a minimum.
    const nx = 7, ny = 5;
    const values = new Array(nx * ny).fill(5);
    for (let j = 1; j <= 3; j++) for (let i = 1; i <= 3; i++) values[j * nx + i] = 1;
    values[0 * nx + 5] = 3;
    values[1 * nx + 5] = 3;
    values[1 * nx + 6] = 2;
    const minima = findLocalMinima(values, nx, ny);
    assert.deepEqual(
      minima.map(({ i, j, value, cells, onBorder }) => [i, j, value, cells, onBorder]),
      [[2, 2, 1, 9, false], [6, 1, 2, 1, true]],
    );
  });

  it("skips NaN cells and handles 1D scans", () => {
    assert.deepEqual(findLocalMinima([2, NaN, 1, 1, 3, 0], 6).map((m) => [m.i, m.cells]), [
      [5, 1],
      [2, 2],
      [0, 1],
    ]);
    assert.throws(() => findLocalMinima([1, 2, 3], 2, 2), /needs 4 values/);
  });
});

describe("convexity map", () => {
  it("on f(a, b) = a^4/4 - a^2/2 + b^2: lambda_min < 0 exactly where |a| < 1/sqrt(3)", async () => {
    // The Hessian on the plane is diag(3a^2 - 1, 2): negative curvature in the middle band.
    const xs = linspace(-1, 1, 11), ys = linspace(-1, 1, 5);
    const map = await convexityMap({
      xcoordinates: xs,
      ycoordinates: ys,
      operatorAt: (a) => matrixOperator([[3 * a * a - 1, 0], [0, 2]]),
    });
    assert.equal(map.convergedPoints, 55);
    ys.forEach((_, j) =>
      xs.forEach((a, i) => {
        const k = j * xs.length + i;
        assert.ok(Math.abs(map.lambdaMin[k] - Math.min(3 * a * a - 1, 2)) < 1e-9);
        assert.ok(Math.abs(map.lambdaMax[k] - Math.max(3 * a * a - 1, 2)) < 1e-9);
        assert.equal(map.lambdaMin[k] < 0, Math.abs(a) < 1 / Math.sqrt(3));
        assert.ok(Math.abs(map.ratio[k] - Math.abs(map.lambdaMin[k] / map.lambdaMax[k])) < 1e-12);
      })
    );
  });
});

describe("epsilon-sharpness", () => {
  it("finds the box maximum of a separable convex quadratic (a corner, known in closed form)", () => {
    const curvature = [4, 1, 0.5, 9];
    const w = new Float32Array([0.3, -2, 0, 1]);
    const objective = {
      loss: (x: Float32Array) => x.reduce((s, v, i) => s + 0.5 * curvature[i] * v * v, 0),
      gradient: (x: Float32Array) => Array.from(x, (v, i) => curvature[i] * v),
    };
    const epsilon = 0.05;
    const result = epsilonSharpness(objective, w, { epsilon, maxIterations: 50, tolerance: 1e-9 });
    // Each coordinate moves to the box edge away from zero (either edge when w_i = 0).
    const best = Array.from(w, (v, i) => {
      const b = epsilon * (Math.abs(v) + 1);
      return 0.5 * curvature[i] * (Math.abs(v) + b) ** 2;
    }).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(result.maxLoss - best) < 1e-5 * best, `${result.maxLoss} vs ${best}`);
    const loss = objective.loss(w);
    assert.ok(Math.abs(result.sharpness - 100 * (best - loss) / (1 + loss)) < 1e-3);
    assert.ok(result.converged);
  });

  it("keeps masked weights fixed and rejects a radius <= 0", () => {
    const objective = {
      loss: (x: Float32Array) => x[0] * x[0] + x[1] * x[1],
      gradient: (x: Float32Array) => [2 * x[0], 2 * x[1]],
    };
    const result = epsilonSharpness(objective, new Float32Array([1, 1]), {
      epsilon: 0.1,
      mask: [1, 0],
    });
    assert.ok(Math.abs(result.maxLoss - (1.2 * 1.2 + 1)) < 1e-5);
    assert.throws(() => epsilonSharpness(objective, new Float32Array(2), { epsilon: 0 }));
  });
});

describe("quadratic model along an eigenvector", () => {
  it("holds up to where a quartic term makes the loss leave it by 10%", () => {
    const t = linspace(-2, 2, 81);
    const loss = t.map((x) => 0.1 + 0.5 * 3 * x * x + x ** 4); // relative error 2 t^2 / 3
    const { validRadius, model } = compareQuadraticModel(t, loss, 0.1, 3);
    assert.ok(Math.abs(model[40] - 0.1) < 1e-12);
    // 2 t^2 / 3 <= 0.1 up to t = 0.387: the last grid point inside is 0.35.
    assert.ok(Math.abs(validRadius - 0.35) < 1e-9, `${validRadius}`);
  });
});
