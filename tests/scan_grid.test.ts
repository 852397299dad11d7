import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { linspace } from "../lib/scan/grid.ts";
import { scanPlane, type TileEvaluator } from "../lib/scan/scan_plane.ts";

/** A stand-in engine whose loss is a known function of (a, b). */
function analytic(f: (a: number, b: number) => number, calls: number[] = []): TileEvaluator {
  return {
    evaluate(alphas, betas, loss, accuracy, offset = 0) {
      calls.push(alphas.length);
      for (let i = 0; i < alphas.length; i++) {
        loss[offset + i] = f(alphas[i], betas ? betas[i] : 0);
        accuracy[offset + i] = 0.5;
      }
    },
  };
}

describe("grids", () => {
  it("linspace includes both ends and hits 0 exactly on a symmetric odd grid", () => {
    const axis = linspace(-1, 1, 41);
    assert.equal(axis.length, 41);
    assert.equal(axis[0], -1);
    assert.equal(axis[40], 1);
    assert.equal(axis[20], 0);
    assert.throws(() => linspace(-1, 1, 1), /Grid size must be an integer >= 2: got 1/);
  });

  it("keeps orientation on non-square grids: row j is y = ycoordinates[j]", async () => {
    const xcoordinates = linspace(-1, 1, 5);
    const ycoordinates = linspace(0, 3, 3);
    const { landscape } = await scanPlane({
      evaluator: analytic((a, b) => 10 * b + a),
      plane: "test",
      xcoordinates,
      ycoordinates,
      tilePoints: 4,
    });
    const grid = landscape.metrics.train_loss;
    assert.equal(grid.length, 15);
    for (let j = 0; j < 3; j++) {
      for (let i = 0; i < 5; i++) {
        assert.ok(Math.abs(grid[j * 5 + i] - (10 * ycoordinates[j] + xcoordinates[i])) < 1e-6);
      }
    }
  });

  it("writes non-finite losses as NaN (accuracy too) and keeps going", async () => {
    const { landscape } = await scanPlane({
      evaluator: analytic((a) => (a > 0 ? Infinity : a)),
      plane: "test",
      xcoordinates: [-1, 0, 1],
      ycoordinates: null,
    });
    assert.equal(landscape.metrics.train_loss[0], -1);
    assert.ok(Number.isNaN(landscape.metrics.train_loss[2]));
    assert.ok(Number.isNaN(landscape.metrics.train_acc[2]));
  });

  it("resumes: done points are not evaluated again and keep their values", async () => {
    const xcoordinates = [0, 1, 2];
    const ycoordinates = [0, 1];
    const first = await scanPlane({
      evaluator: analytic((a, b) => a + b),
      plane: "test",
      xcoordinates,
      ycoordinates,
    });
    const done = Uint8Array.from([1, 1, 0, 0, 1, 0]);
    const calls: number[] = [];
    const resumed = await scanPlane({
      evaluator: analytic((a, b) => 100 + a + b, calls),
      plane: "test",
      xcoordinates,
      ycoordinates,
      resume: { landscape: first.landscape, done },
    });
    assert.deepEqual(calls, [3]);
    assert.deepEqual([...resumed.landscape.metrics.train_loss], [0, 1, 102, 101, 2, 103]);
    assert.ok(resumed.done.every((flag) => flag === 1));
    await assert.rejects(
      scanPlane({
        evaluator: analytic(() => 0),
        plane: "test",
        xcoordinates: [0, 1],
        ycoordinates,
        resume: { landscape: first.landscape, done },
      }),
      /different grid/,
    );
  });

  it("evaluates extra splits at every point into their own metrics, and resumes them", async () => {
    const xcoordinates = [0, 1, 2];
    const ycoordinates = [0, 1];
    const calls: number[] = [];
    const first = await scanPlane({
      evaluator: analytic((a, b) => a + b),
      extraSplits: [{ split: "test", evaluator: analytic((a, b) => 10 + a + b, calls) }],
      plane: "test",
      xcoordinates,
      ycoordinates,
      tilePoints: 4,
    });
    assert.deepEqual(Object.keys(first.landscape.metrics), [
      "train_loss",
      "train_acc",
      "test_loss",
      "test_acc",
    ]);
    assert.deepEqual([...first.landscape.metrics.test_loss], [10, 11, 12, 11, 12, 13]);
    assert.deepEqual(calls, [4, 2]);
    const done = Uint8Array.from([1, 1, 1, 0, 0, 0]);
    const resumed = await scanPlane({
      evaluator: analytic((a, b) => a + b),
      extraSplits: [{ split: "test", evaluator: analytic((a, b) => 20 + a + b) }],
      plane: "test",
      xcoordinates,
      ycoordinates,
      resume: { landscape: first.landscape, done },
    });
    assert.deepEqual([...resumed.landscape.metrics.test_loss], [10, 11, 12, 21, 22, 23]);
    await assert.rejects(
      scanPlane({
        evaluator: analytic(() => 0),
        extraSplits: [{ split: "valid", evaluator: analytic(() => 0) }],
        plane: "test",
        xcoordinates,
        ycoordinates,
        resume: { landscape: first.landscape, done },
      }),
      /different grid/,
    );
  });
});
