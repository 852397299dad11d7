// The worker pool against the single-thread evaluator: bit-identical results however the
// points are shared out, a clear rejection (never a hang) when a worker dies mid-scan, and the
// calling-thread fallback where there is one worker or no Worker at all.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Dataset } from "../lib/data/dataset.ts";
import {
  createParallelPlaneEvaluator,
  createPlaneEvaluator,
  type PlaneEvaluatorOptions,
} from "../lib/engine/mod.ts";
import { withWorkerFailure } from "../lib/engine/pool/parallel_evaluator.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { denseClassifier, type DenseSizes } from "./model_parity.ts";
import { createRng } from "../lib/random.ts";
import { scanPlane } from "../lib/scan/scan_plane.ts";

const DEFAULT: DenseSizes = { inputSize: 784, hidden: [128], classes: 10 };
const ODD: DenseSizes = { inputSize: 13, hidden: [7, 5], classes: 3 };

function makeOptions(sizes: DenseSizes, count: number, seed: number): PlaneEvaluatorOptions {
  const rng = createRng(seed);
  const spec = denseClassifier(sizes);
  const size = modelLayout(spec).size;
  const vector = (scale: number) => Float32Array.from({ length: size }, () => scale * rng.normal());
  const data: Dataset = {
    x: Float32Array.from({ length: count * sizes.inputSize }, () => rng.uniform()),
    y: Int32Array.from({ length: count }, () => rng.int(sizes.classes)),
    count,
    features: sizes.inputSize,
    classes: sizes.classes,
  };
  const scale = Math.sqrt(2 / sizes.inputSize);
  return { spec, center: vector(scale), d1: vector(scale), d2: vector(scale), data };
}

/** A 9x9 grid over [-1, 1]^2, row-major. */
const AXIS = Array.from({ length: 9 }, (_, i) => -1 + i / 4);
const ALPHAS = AXIS.flatMap(() => AXIS), BETAS = AXIS.flatMap((b) => AXIS.map(() => b));

async function singleThread(options: PlaneEvaluatorOptions, betas: number[] | null) {
  const evaluator = await createPlaneEvaluator(options);
  const loss = new Float32Array(ALPHAS.length), accuracy = new Float32Array(ALPHAS.length);
  evaluator.evaluate(ALPHAS, betas, loss, accuracy);
  evaluator.dispose();
  return { loss, accuracy };
}

describe("createParallelPlaneEvaluator", () => {
  for (
    const [name, spec, count] of [["784-128-10", DEFAULT, 500], ["13-7-5-3", ODD, 333]] as const
  ) {
    it(`matches one thread bit for bit on ${name}, 9x9 grid, 2 and 3 workers, plane and line`, async () => {
      const options = makeOptions(spec, count, 5);
      for (const [d2, betas] of [[options.d2, BETAS], [null, null]] as const) {
        const want = await singleThread({ ...options, d2 }, betas);
        for (const workers of [2, 3]) {
          const pool = await createParallelPlaneEvaluator({ ...options, d2, workers });
          assert.equal(pool.workers, workers);
          // Offset 2 and a call per 7 points: shares of 3, 2 and 2 points land where they belong.
          const loss = new Float32Array(2 + ALPHAS.length),
            accuracy = new Float32Array(loss.length);
          for (let start = 0; start < ALPHAS.length; start += 7) {
            const end = Math.min(start + 7, ALPHAS.length);
            await pool.evaluate(
              ALPHAS.slice(start, end),
              betas?.slice(start, end) ?? null,
              loss,
              accuracy,
              2 + start,
            );
          }
          pool.dispose();
          assert.deepEqual(loss.subarray(2), want.loss, `${workers} workers, d2 ${d2 !== null}`);
          assert.deepEqual(accuracy.subarray(2), want.accuracy);
        }
      }
    });
  }

  it("rejects, naming the worker and the tile, when a worker dies; finished tiles are kept", async () => {
    const options = makeOptions(ODD, 50, 9);
    const pool = await createParallelPlaneEvaluator(
      withWorkerFailure({ ...options, workers: 2 }, { worker: 1, tile: 2 }),
    );
    const finished: number[] = [];
    let saved: Float32Array | null = null;
    await assert.rejects(
      scanPlane({
        evaluator: pool,
        plane: "test",
        xcoordinates: AXIS,
        ycoordinates: AXIS,
        tilePoints: 10,
        onTile: (done, _total, state) => {
          finished.push(done);
          saved = Float32Array.from(state.landscape.metrics.train_loss);
        },
      }),
      /^Error: Worker 2 of 2 failed while evaluating tile 2 \(its points 5\.\.9 of 10\): died \(.*injected failure on tile 2/,
    );
    assert.deepEqual(finished, [10, 20]);
    assert.equal(saved!.filter(Number.isFinite).length, 20);
    // The pool stays broken: later calls reject at once instead of waiting for the dead worker.
    const loss = new Float32Array(4), accuracy = new Float32Array(4);
    await assert.rejects(
      pool.evaluate([0, 0.1, 0.2, 0.3], [0, 0, 0, 0], loss, accuracy),
      /Worker 2 of 2 died/,
    );
    pool.dispose();
    await assert.rejects(pool.evaluate([0], [0], loss, accuracy), /disposed/);
  });

  it("with two tiles in flight: the same bits, tiles stored in order, finished tiles kept", async () => {
    const options = makeOptions(DEFAULT, 200, 11);
    const want = await singleThread(options, BETAS);
    const pool = await createParallelPlaneEvaluator({ ...options, workers: 2 });
    const order: number[] = [];
    const { landscape } = await scanPlane({
      evaluator: pool,
      plane: "test",
      xcoordinates: AXIS,
      ycoordinates: AXIS,
      tilePoints: 10,
      tilesInFlight: 2,
      onTile: (done) => void order.push(done),
    });
    pool.dispose();
    assert.deepEqual(landscape.metrics.train_loss, want.loss);
    assert.deepEqual(landscape.metrics.train_acc, want.accuracy);
    assert.deepEqual(order, [10, 20, 30, 40, 50, 60, 70, 80, 81]);
    const failing = await createParallelPlaneEvaluator(
      withWorkerFailure({ ...makeOptions(ODD, 50, 9), workers: 2 }, { worker: 1, tile: 2 }),
    );
    const finished: number[] = [];
    await assert.rejects(
      scanPlane({
        evaluator: failing,
        plane: "test",
        xcoordinates: AXIS,
        ycoordinates: AXIS,
        tilePoints: 10,
        tilesInFlight: 2,
        onTile: (done) => void finished.push(done),
      }),
      /^Error: Worker 2 of 2 failed while evaluating tile 2 /,
    );
    assert.deepEqual(finished, [10, 20]);
    failing.dispose();
  });

  it("reports the evaluator's own input errors with their class and message", async () => {
    const options = makeOptions(ODD, 20, 3);
    const bad = { ...options, data: { ...options.data, y: options.data.y.map(() => 7) } };
    await assert.rejects(createParallelPlaneEvaluator({ ...bad, workers: 2 }), {
      name: "RangeError",
      message: "Labels must be in [0, 3): got y[0] = 7",
    });
    await assert.rejects(createParallelPlaneEvaluator({ ...options, workers: 0 }), {
      name: "RangeError",
      message: "workers must be an integer >= 1: got 0",
    });
    const pool = await createParallelPlaneEvaluator({ ...options, workers: 2 });
    const loss = new Float32Array(2), accuracy = new Float32Array(2);
    await assert.rejects(
      pool.evaluate([0, NaN], [0, 0], loss, accuracy),
      /alphas\[1\] must be a finite/,
    );
    pool.dispose();
  });

  it("runs on the calling thread with one worker or where Worker does not exist", async () => {
    const options = makeOptions(ODD, 40, 4);
    const want = await singleThread(options, BETAS);
    const loss = new Float32Array(ALPHAS.length), accuracy = new Float32Array(ALPHAS.length);
    const one = await createParallelPlaneEvaluator({ ...options, workers: 1 });
    assert.equal(one.workers, 0);
    await one.evaluate(ALPHAS, BETAS, loss, accuracy);
    one.dispose();
    assert.deepEqual(loss, want.loss);
    const saved = globalThis.Worker;
    // @ts-ignore: simulate an edge runtime without Worker
    delete globalThis.Worker;
    try {
      const fallback = await createParallelPlaneEvaluator({ ...options, workers: 4 });
      assert.equal(fallback.workers, 0);
      loss.fill(0);
      await fallback.evaluate(ALPHAS, BETAS, loss, accuracy);
      fallback.dispose();
    } finally {
      globalThis.Worker = saved;
    }
    assert.deepEqual(loss, want.loss);
  });
});
