// The comparison's measures against closed forms: the basin width and the plane ε-sharpness of
// a quadratic bowl, and the loss barrier between two models with a known barrier (a network and
// the same network with its two hidden units swapped), evaluated by the engine.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  barrierHeight,
  interpolationBarrier,
  planeEpsilonSharpness,
  sliceWidth,
} from "../lib/compare/mod.ts";
import { linspace } from "../lib/scan/mod.ts";
import { modelLayout, type ModelSpec, resolveModel } from "../lib/model/mod.ts";

describe("sliceWidth", () => {
  it("is 2 sqrt(delta / c) for the bowl L = L0 + c a^2 (within 1e-4)", () => {
    const alphas = linspace(-1, 1, 2001);
    for (const [c, delta] of [[3, 0.1], [0.5, 0.2], [40, 0.05]]) {
      const losses = alphas.map((a) => 0.7 + c * a * a);
      const width = sliceWidth(alphas, losses, delta);
      assert.ok(Math.abs(width.width - 2 * Math.sqrt(delta / c)) < 1e-4, `c ${c}: ${width.width}`);
      assert.equal(width.open, false);
      assert.ok(Math.abs(width.left + width.right) < 1e-9);
    }
  });
  it("says when the basin reaches the end of the slice", () => {
    const alphas = linspace(-1, 1, 21);
    const width = sliceWidth(alphas, alphas.map((a) => 0.01 * a * a), 0.1);
    assert.equal(width.open, true);
    assert.equal(width.width, 2);
  });
  it("stops at a non-finite loss", () => {
    const width = sliceWidth([-1, 0, 1], [NaN, 0, 0], 1);
    assert.deepEqual([width.left, width.right, width.open], [0, 1, true]);
  });
});

describe("planeEpsilonSharpness", () => {
  const axis = linspace(-1, 1, 41);
  const bowl = (c: number, base: number) => {
    const values = new Float32Array(41 * 41);
    axis.forEach((y, j) => axis.forEach((x, i) => values[j * 41 + i] = base + c * (x * x + y * y)));
    return {
      plane: "bowl",
      xcoordinates: axis,
      ycoordinates: axis,
      xlabel: "",
      ylabel: "",
      metrics: { train_loss: values },
    };
  };
  it("is 100 * 2 c eps^2 / (1 + L0) on the bowl L0 + c (x^2 + y^2) (within 1e-4 relative)", () => {
    for (const [c, base, epsilon] of [[2, 0.3, 0.5], [10, 1.5, 0.25], [0.1, 0, 1]]) {
      const expected = 100 * 2 * c * epsilon * epsilon / (1 + base);
      const got = planeEpsilonSharpness(bowl(c, base), epsilon);
      assert.ok(Math.abs(got - expected) <= 1e-4 * expected, `c ${c}: ${got} vs ${expected}`);
    }
  });
  it("is NaN when the box holds no grid point but the centre", () => {
    assert.ok(Number.isNaN(planeEpsilonSharpness(bowl(1, 0), 0.01)));
  });
});

describe("barrierHeight", () => {
  it("is the highest loss on [0, 1] above the worse endpoint, and 0 without a rise", () => {
    const alphas = [-0.5, 0, 0.25, 0.5, 0.75, 1, 1.5];
    assert.deepEqual(barrierHeight(alphas, [9, 1, 2, 4, 2, 1.5, 9]), {
      height: 2.5,
      at: 0.5,
      endpoints: [1, 1.5],
    });
    assert.equal(barrierHeight([0, 0.5, 1], [3, 2, 1]).height, 0);
    assert.throws(() => barrierHeight([0.1, 1], [1, 1]), /α = 0/);
  });
});

describe("interpolationBarrier", () => {
  it("matches the closed form between a network and its hidden-unit permutation (1e-5 relative)", async () => {
    // f(x) = V relu(W x): A uses hidden unit 0, B the same function through unit 1. Along the
    // line the class-1 logit is s x ((1 - t)^2 + t^2), lowest at t = 1/2 where it halves, so
    // with every label 1 the barrier is mean softplus(-s x / 2) - mean softplus(-s x).
    const spec: ModelSpec = {
      kind: "sequential",
      inputShape: [1],
      layers: [{ type: "dense", units: 2, activation: "relu" }, { type: "dense", units: 2 }],
    };
    const layout = modelLayout(resolveModel(spec));
    const offset = (name: string) => layout.tensors.find((t) => t.name === name)!.offset;
    const s = 4;
    const model = (unit: number) => {
      const values = new Float32Array(layout.size);
      values[offset("dense0/kernel") + unit] = 1;
      values[offset("dense1/kernel") + unit * 2 + 1] = s;
      return values;
    };
    const xs = linspace(0.5, 1.5, 64);
    const data = {
      x: Float32Array.from(xs),
      y: new Int32Array(xs.length).fill(1),
      count: xs.length,
      features: 1,
      classes: 2,
    };
    const softplusMean = (scale: number) =>
      xs.reduce((sum, x) => sum + Math.log1p(Math.exp(-scale * x)), 0) / xs.length;
    const expected = softplusMean(s / 2) - softplusMean(s);
    const { barrier, loss } = await interpolationBarrier({
      spec,
      a: model(0),
      b: model(1),
      data,
      points: 41,
    });
    assert.ok(
      Math.abs(barrier.height - expected) <= 1e-5 * expected,
      `${barrier.height} vs ${expected}`,
    );
    assert.equal(barrier.at, 0.5);
    assert.ok(Math.abs(loss[0] - softplusMean(s)) < 1e-6);
  });
});
