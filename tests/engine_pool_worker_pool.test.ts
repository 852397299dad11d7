// One pool for a whole run: planes of different models and sample sets loaded into the same
// workers, two at once (a train and a test split), each bit-identical to one thread; a plane
// that fails to load or is disposed leaves the pool working; a disposed pool refuses planes.
// Workers reuse their kernel instances across planes (reset: every allocation freed, zeroed). A
// pool lends one products buffer to one loading plane at a time, and reuses its shared copy of
// arrays whose bits did not change (a run's samples), so its memory does not grow with planes.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  createParallelPlaneEvaluator,
  createPlaneEvaluator,
  createWorkerPool,
  instantiateKernel,
  type PlaneEvaluatorOptions,
} from "../lib/engine/mod.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { denseClassifier, type DenseSizes } from "./model_parity.ts";
import { workerPoolInternals } from "../lib/engine/pool/worker_pool.ts";
import { type SharedCopies, shareTypedArrays } from "../lib/engine/pool/shared_copy.ts";
import { createRng } from "../lib/random.ts";

function makeOptions(sizes: DenseSizes, count: number, seed: number): PlaneEvaluatorOptions {
  const spec = denseClassifier(sizes);
  const rng = createRng(seed);
  const size = modelLayout(spec).size;
  const vector = () => Float32Array.from({ length: size }, () => 0.3 * rng.normal());
  const data = {
    x: Float32Array.from({ length: count * sizes.inputSize }, () => rng.uniform()),
    y: Int32Array.from({ length: count }, () => rng.int(sizes.classes)),
    count,
    features: sizes.inputSize,
    classes: sizes.classes,
  };
  return { spec, center: vector(), d1: vector(), d2: vector(), data };
}

const WIDE: DenseSizes = { inputSize: 20, hidden: [16], classes: 10 };
const ODD: DenseSizes = { inputSize: 13, hidden: [7, 5], classes: 3 };
const ALPHAS = Array.from({ length: 23 }, (_, i) => -1 + i / 11);
const BETAS = ALPHAS.map((a) => 0.5 - a / 3);

async function evaluateBoth(options: PlaneEvaluatorOptions, alphas: number[]) {
  const single = await createPlaneEvaluator(options);
  const want = new Float32Array(alphas.length), spare = new Float32Array(alphas.length);
  single.evaluate(alphas, BETAS.slice(0, alphas.length), want, spare);
  single.dispose();
  return want;
}

describe("createWorkerPool", () => {
  it("serves many planes, two at a time, each bit-identical to one thread", async () => {
    const pool = createWorkerPool({ workers: 2 });
    try {
      for (const [spec, seed] of [[WIDE, 1], [ODD, 2], [WIDE, 3]] as const) {
        const train = makeOptions(spec, 41, seed), test = makeOptions(spec, 17, seed + 10);
        const planes = await Promise.all(
          [train, test].map((options) => createParallelPlaneEvaluator({ ...options, pool })),
        );
        assert.equal(planes[0].workers, 2);
        for (const [index, options] of [train, test].entries()) {
          const loss = new Float32Array(ALPHAS.length), accuracy = new Float32Array(ALPHAS.length);
          await planes[index].evaluate(ALPHAS, BETAS, loss, accuracy);
          assert.deepEqual(
            loss,
            await evaluateBoth(options, ALPHAS),
            `seed ${seed} plane ${index}`,
          );
        }
        planes.forEach((plane) => plane.dispose());
        const loss = new Float32Array(1), accuracy = new Float32Array(1);
        await assert.rejects(planes[0].evaluate([0], [0], loss, accuracy), /disposed/);
      }
    } finally {
      pool.dispose();
    }
  });

  it("keeps working after a plane fails to load, and refuses planes once disposed", async () => {
    const pool = createWorkerPool({ workers: 2 });
    const options = makeOptions(ODD, 20, 4);
    const bad = { ...options, data: { ...options.data, y: options.data.y.map(() => 7) } };
    await assert.rejects(createParallelPlaneEvaluator({ ...bad, pool }), {
      name: "RangeError",
      message: "Labels must be in [0, 3): got y[0] = 7",
    });
    const plane = await createParallelPlaneEvaluator({ ...options, pool });
    const loss = new Float32Array(ALPHAS.length), accuracy = new Float32Array(ALPHAS.length);
    await plane.evaluate(ALPHAS, BETAS, loss, accuracy);
    assert.deepEqual(loss, await evaluateBoth(options, ALPHAS));
    pool.dispose();
    await assert.rejects(plane.evaluate([0], [0], loss, accuracy), /pool was disposed/);
    await assert.rejects(createParallelPlaneEvaluator({ ...options, pool }), /pool was disposed/);
    assert.throws(() => createWorkerPool({ workers: 1 }), /integer >= 2 workers: got 1/);
  });
});

describe("a pool's shared memory across planes", () => {
  it("lends one products buffer at a time, zero-filled, grown to the largest plane", () => {
    const pool = createWorkerPool({ workers: 2 });
    try {
      const { lendProducts } = workerPoolInternals(pool);
      const first = lendProducts(64);
      new Float32Array(first.buffer).fill(3);
      const meanwhile = lendProducts(32); // the first is still lent: a buffer of its own
      assert.notEqual(meanwhile.buffer, first.buffer);
      meanwhile.giveBack();
      first.giveBack();
      const again = lendProducts(48);
      assert.equal(again.buffer, first.buffer);
      assert.deepEqual([...new Float32Array(again.buffer, 0, 12)], new Array(12).fill(0));
      again.giveBack();
      const larger = lendProducts(128);
      assert.notEqual(larger.buffer, first.buffer);
      assert.equal(larger.buffer.byteLength, 128);
      larger.giveBack();
      assert.equal(lendProducts(100).buffer, larger.buffer);
    } finally {
      pool.dispose();
    }
  });

  it("shares a source array once while its bits stay the same, again once they change", () => {
    const copies: SharedCopies = new WeakMap();
    const x = new Float32Array([1, 2, 3]), y = new Int32Array([4, 5]);
    const first = shareTypedArrays({ data: { x, y } }, copies);
    const second = shareTypedArrays({ data: { x, y } }, copies);
    assert.ok(first.data.x.buffer instanceof SharedArrayBuffer);
    assert.equal(second.data.x, first.data.x);
    assert.equal(second.data.y, first.data.y);
    x[1] = NaN;
    const third = shareTypedArrays({ data: { x, y } }, copies);
    assert.notEqual(third.data.x, first.data.x);
    assert.ok(Number.isNaN(third.data.x[1]));
    assert.equal(third.data.y, first.data.y);
  });

  it("evaluates a plane on samples changed in place since the last plane (no stale copy)", async () => {
    const pool = createWorkerPool({ workers: 2 });
    try {
      const options = makeOptions(WIDE, 37, 21);
      const before = await createParallelPlaneEvaluator({ ...options, pool });
      before.dispose();
      options.data.x.forEach((v, i, x) => (x[i] = 1 - v));
      const after = await createParallelPlaneEvaluator({ ...options, pool });
      const loss = new Float32Array(ALPHAS.length), accuracy = new Float32Array(ALPHAS.length);
      await after.evaluate(ALPHAS, BETAS, loss, accuracy);
      assert.deepEqual(loss, await evaluateBoth(options, ALPHAS));
      after.dispose();
    } finally {
      pool.dispose();
    }
  });
});

describe("Kernel.reset", () => {
  it("frees every allocation and zeroes what they used", async () => {
    const kernel = await instantiateKernel();
    const first = kernel.allocate(1000);
    kernel.f32.fill(7, first / 4, first / 4 + 250);
    kernel.allocate(64);
    kernel.reset();
    const again = kernel.allocate(1000);
    assert.equal(again, first);
    assert.ok(kernel.f32.subarray(again / 4, again / 4 + 250).every((value) => value === 0));
  });
});
