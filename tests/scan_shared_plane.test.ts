// One loaded plane for the slice and the random plane (lib/scan/shared_plane.ts): the line along
// d1 scanned on the plane's evaluator at beta = 0 against the line loaded on its own, bit for bit,
// for each of the engine's paths (the fused MLP, a precomputed conv first layer with its pool and a
// Winograd conv, the general runner with batch norm and a residual block; on this thread and on
// two Workers); and the loads: one per sample set, disposed once, by the shared plane only.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Dataset } from "../lib/data/dataset.ts";
import {
  createParallelPlaneEvaluator,
  createPlaneEvaluator,
  type PlaneEvaluator,
} from "../lib/engine/mod.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { createRng } from "../lib/random.ts";
import { sharePlane } from "../lib/scan/shared_plane.ts";

const MODELS: Record<string, ModelSpec> = {
  "fused MLP": {
    kind: "sequential",
    inputShape: [20],
    layers: [{ type: "dense", units: 128, activation: "relu" }, { type: "dense", units: 10 }],
  },
  "conv, pool, Winograd conv": {
    kind: "sequential",
    inputShape: [8, 8, 1],
    layers: [
      { type: "conv2d", filters: 8, kernelSize: 3, padding: "same", activation: "relu" },
      { type: "max-pool2d", poolSize: 2 },
      { type: "conv2d", filters: 8, kernelSize: 3, padding: "same", activation: "relu" },
      { type: "flatten" },
      { type: "dense", units: 4 },
    ],
  },
  "batch norm and a residual block": {
    kind: "sequential",
    inputShape: [12],
    layers: [
      { type: "dense", units: 8, activation: "relu" },
      {
        type: "residual",
        layers: [
          { type: "dense", units: 8, useBias: false },
          { type: "batch-norm" },
          { type: "activation", activation: "relu" },
          { type: "dense", units: 8 },
        ],
      },
      { type: "dense", units: 4 },
    ],
  },
};

function problem(spec: ModelSpec, seed: number) {
  const rng = createRng(seed);
  const size = modelLayout(spec).size;
  // Centres away from zero keep batch norm's variances positive; small directions.
  const center = Float32Array.from({ length: size }, () => 0.3 + 0.1 * Math.abs(rng.normal()));
  const d1 = Float32Array.from({ length: size }, () => 0.05 * rng.normal());
  const d2 = Float32Array.from({ length: size }, () => 0.05 * rng.normal());
  const features = spec.inputShape.reduce((product, side) => product * side, 1);
  const count = 37, outputs = (spec.layers.at(-1) as { units: number }).units;
  const data: Dataset = {
    x: Float32Array.from({ length: count * features }, () => rng.uniform() - 0.3),
    y: Int32Array.from({ length: count }, () => rng.int(outputs)),
    count,
    features,
    classes: outputs,
  };
  return { spec, center, d1, d2, data };
}

const ALPHAS = [-1.5, -0.75, -0.1, 0, 0.2, 0.5, 1, 2.25];

async function scores(evaluator: PlaneEvaluator) {
  const loss = new Float32Array(ALPHAS.length), accuracy = new Float32Array(ALPHAS.length);
  await evaluator.evaluate(ALPHAS, null, loss, accuracy);
  return { loss, accuracy };
}

function sameBits(actual: Float32Array, expected: Float32Array, what: string) {
  assert.deepEqual(
    new Uint32Array(actual.buffer),
    new Uint32Array(expected.buffer),
    `${what}: ${actual} against ${expected}`,
  );
}

describe("a line scanned on its plane's evaluator", () => {
  for (const [name, spec] of Object.entries(MODELS)) {
    it(`gives the line's own bits: ${name}`, async () => {
      const { center, d1, d2, data } = problem(spec, 11);
      const own = await createPlaneEvaluator({ spec, center, d1, data });
      const expected = await scores(own);
      own.dispose();
      using shared = sharePlane((samples) =>
        createPlaneEvaluator({ spec, center, d1, d2, data: samples })
      );
      const actual = await scores(await shared.line(data));
      assert.ok(expected.loss.every(Number.isFinite), "the reference losses are finite");
      sameBits(actual.loss, expected.loss, "loss");
      sameBits(actual.accuracy, expected.accuracy, "accuracy");
      // And the plane itself answers off the line as a plane loaded on its own does.
      const plane = await shared.plane(data);
      const alone = await createPlaneEvaluator({ spec, center, d1, d2, data });
      const [a, b] = [[0.5, -1], [0.25, 0.75]];
      const [l1, c1, l2, c2] = [0, 1, 2, 3].map(() => new Float32Array(2));
      await plane.evaluate(a, b, l1, c1);
      await alone.evaluate(a, b, l2, c2);
      alone.dispose();
      sameBits(l1, l2, "plane loss");
    });
  }

  it("gives the line's own bits on two Workers", async () => {
    const spec = MODELS["conv, pool, Winograd conv"];
    const { center, d1, d2, data } = problem(spec, 5);
    const own = await createParallelPlaneEvaluator({ spec, center, d1, data, workers: 2 });
    const expected = await scores(own);
    own.dispose();
    using shared = sharePlane((samples) =>
      createParallelPlaneEvaluator({ spec, center, d1, d2, data: samples, workers: 2 })
    );
    const line = await shared.line(data);
    assert.equal(line.workers, 2);
    const actual = await scores(line);
    sameBits(actual.loss, expected.loss, "loss");
    sameBits(actual.accuracy, expected.accuracy, "accuracy");
  });
});

describe("sharePlane", () => {
  const spec = MODELS["fused MLP"];
  const { center, d1, d2, data } = problem(spec, 3);

  it("loads once per sample set and disposes each load once, when it is disposed", async () => {
    const loads: Dataset[] = [];
    let disposed = 0;
    const shared = sharePlane(async (samples) => {
      loads.push(samples);
      const evaluator = await createPlaneEvaluator({ spec, center, d1, d2, data: samples });
      return {
        ...evaluator,
        evaluate: evaluator.evaluate,
        dispose: () => (disposed++, evaluator.dispose()),
      };
    });
    const test: Dataset = { ...data };
    const line = await shared.line(data);
    const plane = await shared.plane(data);
    await shared.line(test);
    assert.deepEqual(loads, [data, test]);
    // A scan disposes the evaluators it was given: the shared plane keeps them loaded.
    line.dispose();
    plane.dispose();
    assert.equal(disposed, 0);
    await scores(line);
    shared.dispose();
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(disposed, 2);
    shared.dispose();
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(disposed, 2, "disposed once");
  });

  it("refuses betas on the line, and a failed load fails every scan that asks for it", async () => {
    using shared = sharePlane((samples) =>
      createPlaneEvaluator({ spec, center, d1, d2, data: samples })
    );
    const line = await shared.line(data);
    const out = [new Float32Array(1), new Float32Array(1)] as const;
    await assert.rejects(line.evaluate([0], [0], ...out), /betas must be null for a line/);
    using failing = sharePlane(() => Promise.reject(new RangeError("no such plane")));
    await assert.rejects(failing.line(data), /no such plane/);
    await assert.rejects(failing.plane(data), /no such plane/);
  });
});
