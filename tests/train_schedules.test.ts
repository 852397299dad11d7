import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createSchedule } from "../lib/train/schedules.ts";
import { clipByGlobalNorm, clipScale, globalNorm } from "../lib/train/clip.ts";

const near = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} vs ${expected}`);

describe("learning-rate schedules", () => {
  it("constant and step decay (lr * gamma^floor(step / stepSize))", () => {
    const constant = createSchedule({ learningRate: 0.3 });
    assert.deepEqual([0, 1, 1000].map(constant), [0.3, 0.3, 0.3]);
    const step = createSchedule({ kind: "step", learningRate: 0.1, stepSize: 10, gamma: 0.5 });
    [[0, 0.1], [9, 0.1], [10, 0.05], [19, 0.05], [20, 0.025], [35, 0.0125]].forEach(([t, lr]) =>
      near(step(t), lr)
    );
  });

  it("cosine: lr at 0, midpoint (lr + min) / 2, min at the end and after", () => {
    const cosine = createSchedule({
      kind: "cosine",
      learningRate: 0.1,
      totalSteps: 100,
      minLearningRate: 0.02,
    });
    near(cosine(0), 0.1);
    near(cosine(50), 0.06);
    near(cosine(25), 0.02 + 0.08 * (1 + Math.cos(Math.PI / 4)) / 2);
    near(cosine(100), 0.02);
    near(cosine(500), 0.02);
  });

  it("cosine with warm-up: linear lr*(t+1)/warmup, then the cosine over the remaining steps", () => {
    const schedule = createSchedule({
      kind: "cosine",
      learningRate: 0.2,
      totalSteps: 110,
      warmupSteps: 10,
    });
    near(schedule(0), 0.02);
    near(schedule(4), 0.1);
    near(schedule(9), 0.2);
    near(schedule(10), 0.2);
    near(schedule(60), 0.1);
    near(schedule(110), 0);
  });

  it("rejects unknown kinds and missing or bad parameters with a LosscapeError", () => {
    assert.throws(
      // @ts-expect-error: an unknown kind, as a CLI might pass it
      () => createSchedule({ kind: "linear" }),
      {
        name: "LosscapeError",
        message: 'schedule must be one of constant, step, cosine: got "linear"',
      },
    );
    assert.throws(
      () => createSchedule({ kind: "step" }),
      /step schedule: stepSize must be an integer >= 1: got undefined/,
    );
    assert.throws(
      () => createSchedule({ kind: "cosine" }),
      /cosine schedule: totalSteps must be an integer >= 1/,
    );
    assert.throws(
      () => createSchedule({ kind: "cosine", totalSteps: 10, warmupSteps: 10 }),
      /warmupSteps must be an integer in \[0, totalSteps = 10\): got 10/,
    );
    assert.throws(
      () => createSchedule({ learningRate: -1 }),
      /learningRate must be a number > 0: got -1/,
    );
  });
});

describe("gradient clipping by global norm", () => {
  it("scales a too-long gradient to the limit, keeping its direction; leaves short ones alone", () => {
    const grads = Float32Array.from([3, 0, -4, 0]);
    assert.equal(clipByGlobalNorm(grads, 2.5), 5);
    assert.deepEqual([...grads], [1.5, 0, -2, 0]);
    assert.ok(Math.abs(globalNorm(grads) - 2.5) < 1e-6);
    const short = Float32Array.from([0.3, 0.4]);
    assert.equal(clipByGlobalNorm(short, 1), globalNorm(Float32Array.from([0.3, 0.4])));
    assert.deepEqual(short, Float32Array.from([0.3, 0.4]));
  });

  it("leaves a non-finite gradient for the training loop to report; rejects maxNorm <= 0", () => {
    const grads = Float32Array.from([NaN, 1]);
    assert.ok(Number.isNaN(clipByGlobalNorm(grads, 1)));
    assert.equal(grads[1], 1);
    assert.equal(clipScale(Infinity, 1), 1);
    assert.throws(() => clipByGlobalNorm(grads, 0), /maxNorm must be a number > 0: got 0/);
  });
});
