// The evaluator's edges: non-finite weights give NaN (never a crash), bad inputs give clear
// TypeError/RangeError messages, and the committed kernel matches its sources.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createPlaneEvaluator } from "../lib/engine/mod.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { LosscapeError } from "../lib/errors.ts";
import { denseClassifier } from "./model_parity.ts";
import { createRng } from "../lib/random.ts";
import { kernelSourceHash, recordedKernelHash } from "../scripts/check_wasm.ts";

const SPEC = denseClassifier({ inputSize: 13, hidden: [7, 5], classes: 3 });

function setup(seed = 1) {
  const rng = createRng(seed);
  const size = modelLayout(SPEC).size;
  const vector = () => Float32Array.from({ length: size }, () => 0.5 * rng.normal());
  const count = 40;
  const data = {
    x: Float32Array.from({ length: count * 13 }, () => rng.uniform()),
    y: Int32Array.from({ length: count }, () => rng.int(3)),
    count,
    features: 13,
    classes: 3,
  };
  return { spec: SPEC, center: vector(), d1: vector(), d2: vector(), data };
}

describe("non-finite weights", () => {
  it("give NaN loss and accuracy for a direction scaled to 1e30, and finite values at the centre", async () => {
    const options = setup();
    options.d1 = options.d1.map((value) => value * 1e30);
    const evaluator = await createPlaneEvaluator(options);
    const loss = new Float32Array(4), accuracy = new Float32Array(4);
    evaluator.evaluate([0, 1, -0.5, 1e10], [0, 0, 0.5, 0], loss, accuracy);
    assert.ok(Number.isFinite(loss[0]) && Number.isFinite(accuracy[0]), `centre gave ${loss[0]}`);
    for (let i = 1; i < 4; i++) {
      assert.ok(Number.isNaN(loss[i]), `point ${i}: loss ${loss[i]}`);
      assert.ok(Number.isNaN(accuracy[i]), `point ${i}: accuracy ${accuracy[i]}`);
    }
  });

  it("give NaN when the centre itself holds NaN or Infinity", async () => {
    for (const bad of [NaN, Infinity]) {
      const options = setup(2);
      options.center[modelLayout(SPEC).size - 1] = bad; // the last bias: only the logits see it
      const evaluator = await createPlaneEvaluator(options);
      const loss = new Float32Array(1), accuracy = new Float32Array(1);
      evaluator.evaluate([0.5], [0.5], loss, accuracy);
      assert.ok(Number.isNaN(loss[0]), `${bad} gave ${loss[0]}`);
    }
  });
});

describe("input validation", () => {
  it("rejects vectors, datasets and specs that do not fit, saying what was expected", async () => {
    const good = setup();
    const size = modelLayout(SPEC).size;
    const cases: [Record<string, unknown>, new (message: string) => Error, RegExp][] = [
      [
        { center: new Float32Array(size - 1) },
        RangeError,
        new RegExp(`center .*\\(${size}\\): got ${size - 1}`),
      ],
      [{ d1: new Float64Array(size) }, TypeError, /d1 must be a Float32Array: got Float64Array/],
      [{ d2: new Float32Array(3) }, RangeError, /d2 must hold one value per model parameter/],
      [
        { data: { ...good.data, features: 12 } },
        RangeError,
        /features must equal .*\(13\): got 12/,
      ],
      [
        { data: { ...good.data, y: good.data.y.map(() => 3) } },
        RangeError,
        /Labels must be in \[0, 3\): got y\[0\] = 3/,
      ],
      [{ data: { ...good.data, count: 41 } }, RangeError, /must hold 41 samples/],
      [
        { spec: { ...SPEC, layers: [{ type: "dense", units: 0 }, ...SPEC.layers.slice(1)] } },
        LosscapeError,
        /layers\[0\] \(dense "dense0"\): units must be a positive integer: got 0/,
      ],
      [
        { spec: { ...SPEC, layers: [{ type: "dense", units: 7, activation: "swish" }] } },
        LosscapeError,
        /activation must be one of linear, relu, .*: got "swish"/,
      ],
    ];
    for (const [change, type, message] of cases) {
      await assert.rejects(
        createPlaneEvaluator({ ...good, ...change } as never),
        (error: Error) => error instanceof type && message.test(error.message),
        JSON.stringify(Object.keys(change)),
      );
    }
  });

  it("rejects bad evaluate arguments and use after dispose", async () => {
    const evaluator = await createPlaneEvaluator(setup());
    const line = await createPlaneEvaluator({ ...setup(), d2: null });
    const out = () => new Float32Array(2);
    assert.throws(
      () => evaluator.evaluate([0, 1], [0], out(), out()),
      /betas must have one value per alpha \(2\): got 1/,
    );
    assert.throws(
      () => evaluator.evaluate([0, 1], null, out(), out(), 1),
      /loss must have room for 2 values at offset 1/,
    );
    assert.throws(
      () => evaluator.evaluate([0, NaN], null, out(), out()),
      /alphas\[1\] must be a finite/,
    );
    assert.throws(
      () => evaluator.evaluate([0], [1e39], out(), out()),
      /betas\[0\] must be a finite float32/,
    );
    assert.throws(
      () => line.evaluate([0], [0], out(), out()),
      /betas must be null: .* no second direction/,
    );
    assert.throws(() => evaluator.evaluate([0], null, [0] as never, out()), TypeError);
    evaluator.evaluate([], null, new Float32Array(0), new Float32Array(0)); // nothing to do is fine
    evaluator.dispose();
    assert.throws(() => evaluator.evaluate([0], null, out(), out()), /disposed/);
  });
});

describe("the committed kernel", () => {
  it("was built from the current assembly/ sources (else run deno task build:wasm)", async () => {
    assert.equal(recordedKernelHash("."), await kernelSourceHash("."));
  });
});
