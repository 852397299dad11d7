/**
 * The engine against the naive TF.js evaluation on the default scan: a 41x41 grid over
 * [-1, 1]^2 for the 784-128-10 MLP on 2,000 real MNIST digits.
 *
 * Every entry does the same unit of work, the full grid (1,681 points), end to end, so the
 * "faster than baseline" ratio Deno prints is the honest ratio per grid:
 * - baseline: for each point form w + a*d1 + b*d2 and run one TF.js forward pass (tfjs-core,
 *   wasm backend, data uploaded once): what a scan does without the engine;
 * - engine, one thread: createPlaneEvaluator (with its first-layer precompute) + evaluate;
 * - engine, two Workers, as `deno task scan` runs each plane: the run's pool is already
 *   running (`createWorkerPool`, started once per run, outside the timing), and each grid loads
 *   the plane into it (each worker does its own precompute) + scanPlane in tiles + dispose;
 * - the same with a pool started for the grid and terminated after it (what every plane paid
 *   before the pool was shared by the run).
 * The baseline takes ~25 s per grid; Deno runs an entry at least 3 times even with n = 1, so
 * it gets n = 1 and no warm-up beyond one point (~75 s of the bench's ~2 minutes).
 *
 * Run: `deno task bench` (`deno bench --allow-read=. bench/`).
 * @module
 */
import {
  createParallelPlaneEvaluator,
  createPlaneEvaluator,
  createWorkerPool,
} from "../lib/engine/mod.ts";
import { preset } from "../lib/model/presets.ts";
import { scanPlane } from "../lib/scan/scan_plane.ts";
import { loadDigits, naiveEvaluator, randomPlane, squareGrid } from "./fixtures.ts";

const GROUP = "41x41 grid, 784-128-10, 2,000 MNIST digits, end to end";

const data = await loadDigits(2000);
const plane = randomPlane(7);
const { axis, alphas, betas } = squareGrid(41);
const loss = new Float32Array(alphas.length), accuracy = new Float32Array(alphas.length);

const naivePoint = await naiveEvaluator(preset("mlp"), plane, data);

Deno.bench({
  name: "TF.js wasm, one forward pass per point (naive)",
  group: GROUP,
  baseline: true,
  n: 1,
  warmup: 0,
  fn() {
    for (let i = 0; i < alphas.length; i++) loss[i] = naivePoint(alphas[i], betas[i]);
  },
});

Deno.bench({
  name: "engine, one thread: precompute + tiled SIMD kernel",
  group: GROUP,
  n: 5,
  warmup: 1,
  async fn() {
    const evaluator = await createPlaneEvaluator({ spec: preset("mlp"), ...plane, data });
    evaluator.evaluate(alphas, betas, loss, accuracy);
    evaluator.dispose();
  },
});

const runPool = createWorkerPool({ workers: 2 });
globalThis.addEventListener("unload", () => runPool.dispose());

for (const shared of [true, false]) {
  Deno.bench({
    name: shared
      ? "engine, two Workers, pool of the run: load plane + scanPlane + dispose"
      : "engine, two Workers, pool per plane: start pool + scanPlane + dispose",
    group: GROUP,
    n: 5,
    warmup: 1,
    async fn() {
      const evaluator = await createParallelPlaneEvaluator({
        spec: preset("mlp"),
        ...plane,
        data,
        workers: 2,
        pool: shared ? runPool : undefined,
      });
      await scanPlane({
        evaluator,
        plane: "bench",
        xcoordinates: axis,
        ycoordinates: axis,
        tilePoints: 128, // what scanPlaneToFolder uses with two workers
      });
      evaluator.dispose();
    },
  });
}
