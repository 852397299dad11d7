import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { makeSynthetic } from "../lib/data/synthetic.ts";
import { evaluationSubset, splitDataset } from "../lib/data/split.ts";
import { scaleToUnitRange, standardize } from "../lib/data/preprocess.ts";
import type { Dataset } from "../lib/data/dataset.ts";

const rowsOf = (data: Dataset) =>
  Array.from(
    { length: data.count },
    (_, i) => `${data.x[2 * i]},${data.x[2 * i + 1]},${data.y[i]}`,
  );

function columnStats(data: Dataset, f: number) {
  let sum = 0;
  for (let i = 0; i < data.count; i++) sum += data.x[i * data.features + f];
  const mean = sum / data.count;
  let squares = 0;
  for (let i = 0; i < data.count; i++) squares += (data.x[i * data.features + f] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / data.count) };
}

describe("splits and evaluation subsets", () => {
  const data = makeSynthetic("blobs", { count: 200, seed: 2 });

  it("splits into disjoint train and test sets that together hold every sample", () => {
    const { train, test } = splitDataset(data, { testFraction: 0.25, seed: 5 });
    assert.equal(train.count, 150);
    assert.equal(test.count, 50);
    assert.deepEqual([...rowsOf(train), ...rowsOf(test)].sort(), rowsOf(data).sort());
    assert.deepEqual(splitDataset(data, { testFraction: 0.25, seed: 5 }).test, test);
    assert.notDeepEqual(splitDataset(data, { testFraction: 0.25, seed: 6 }).test.x, test.x);
    assert.equal(splitDataset(data, { testSize: 30 }).test.count, 30);
  });

  it("keeps the per-sample shape and rejects empty sides", () => {
    const images = { ...data, features: 2, shape: [1, 2, 1] };
    assert.deepEqual(splitDataset(images).train.shape, [1, 2, 1]);
    assert.throws(() => splitDataset(data, { testSize: 200 }), {
      name: "LosscapeError",
      message: "test size must be an integer in [1, 199] for 200 samples: got 200",
    });
    assert.throws(
      () => splitDataset(data, { testFraction: 1 }),
      /testFraction must be in \(0, 1\): got 1/,
    );
  });

  it("draws seeded evaluation subsets of the given size without repeats", () => {
    const subset = evaluationSubset(data, 40, 3);
    assert.equal(subset.count, 40);
    assert.equal(new Set(rowsOf(subset)).size, 40);
    const all = new Set(rowsOf(data));
    assert.ok(rowsOf(subset).every((row) => all.has(row)));
    assert.deepEqual(evaluationSubset(data, 40, 3), subset);
    assert.throws(
      () => evaluationSubset(data, 201),
      /evaluation size must be an integer in \[1, 200\]: got 201/,
    );
  });
});

describe("feature scaling fitted on the training split", () => {
  const split = splitDataset(makeSynthetic("moons", { count: 400, seed: 1 }), { seed: 1 });

  it("standardises train to mean 0, std 1 and applies the same map to test", () => {
    const { train, test, scaler } = standardize(split);
    for (let f = 0; f < 2; f++) {
      const stats = columnStats(train, f);
      assert.ok(Math.abs(stats.mean) < 1e-6 && Math.abs(stats.std - 1) < 1e-5, `${f}`);
      const raw = columnStats(split.train, f);
      assert.ok(Math.abs(scaler.shift[f] - raw.mean) < 1e-9);
      for (let i = 0; i < test.count; i++) {
        const expected = (split.test.x[2 * i + f] - raw.mean) / raw.std;
        assert.ok(Math.abs(test.x[2 * i + f] - expected) < 1e-5);
      }
    }
    assert.notEqual(train.x, split.train.x); // a copy; the input is unchanged
    assert.deepEqual(train.y, split.train.y);
  });

  it("scales train to exactly [0, 1]; constant features only shift", () => {
    const { train, test } = scaleToUnitRange(split);
    for (let f = 0; f < 2; f++) {
      const column = Array.from({ length: train.count }, (_, i) => train.x[2 * i + f]);
      assert.equal(Math.min(...column), 0);
      assert.ok(Math.abs(Math.max(...column) - 1) < 1e-6);
    }
    assert.equal(test.count, split.test.count);
    const constant: Dataset = {
      x: new Float32Array([5, 5]),
      y: new Int32Array(2),
      count: 2,
      features: 1,
      classes: 1,
    };
    const scaled = standardize({ train: constant, test: constant });
    assert.deepEqual([...scaled.train.x], [0, 0]);
  });
});
