/**
 * The engine against the naive TF.js evaluation on the `cnn` preset (conv 16@3x3 - pool - conv
 * 32@3x3 - pool - dense 10) over 2,000 real MNIST digits (28x28x1), per grid point.
 *
 * Every entry evaluates the same four points per iteration, so the ratio Deno prints is the
 * per-point speed-up:
 * - baseline: form w + a*d1 + b*d2 and run one TF.js forward pass (tfjs, wasm backend, data
 *   uploaded once) per point (`createReferenceEvaluator`), what a scan does without the engine;
 * - engine: `createPlaneEvaluator` built once outside the timing (its first-conv precompute runs
 *   once per plane, about as long as a few points), then `evaluate` on the four points;
 * - two Workers: `createParallelPlaneEvaluator` started once outside the timing, each worker
 *   evaluating two of the points.
 * TF.js takes a few hundred ms per point, so the baseline runs three iterations after one warm-up.
 *
 * Run: `deno bench --allow-read=. bench/conv_bench.ts`.
 * @module
 */
import { createPlaneEvaluator } from "../lib/engine/evaluator.ts";
import { createParallelPlaneEvaluator } from "../lib/engine/parallel_evaluator.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { preset } from "../lib/model/presets.ts";
import { createRng } from "../lib/random.ts";
import { loadDigits, naiveEvaluator } from "./fixtures.ts";

const GROUP = "cnn preset, 2,000 MNIST digits (28x28x1), 4 grid points";
const spec = preset("cnn");
const layout = modelLayout(spec);
const rng = createRng(7);
const [center, d1, d2] = [0, 1, 2].map(() => new Float32Array(layout.size));
for (const tensor of layout.tensors) {
  const fanIn = tensor.shape.slice(0, -1).reduce((product, size) => product * size, 1);
  const scale = tensor.role === "kernel" ? Math.sqrt(2 / fanIn) : 0.05;
  for (let i = tensor.offset; i < tensor.offset + tensor.size; i++) {
    center[i] = scale * rng.normal();
    d1[i] = scale * rng.normal();
    d2[i] = scale * rng.normal();
  }
}
const data = await loadDigits(2000);
const points = [[0.25, -0.5], [-0.75, 0.5], [0.5, 0.25], [-0.25, -0.75]];
const evaluator = await createPlaneEvaluator({ spec, center, d1, d2, data });
const loss = new Float32Array(points.length), accuracy = new Float32Array(points.length);
// The pool starts once, outside the timing: this group compares the cost per point.
const pool = await createParallelPlaneEvaluator({ spec, center, d1, d2, data, workers: 2 });

const naivePoint = await naiveEvaluator(spec, { center, d1, d2 }, data);

Deno.bench({
  name: "TF.js wasm, one forward pass per point (naive)",
  group: GROUP,
  baseline: true,
  n: 3,
  warmup: 0,
  fn() {
    for (let i = 0; i < points.length; i++) loss[i] = naivePoint(points[i][0], points[i][1]);
  },
});

Deno.bench({
  name: "engine: precomputed first conv + SIMD direct convolution, one thread",
  group: GROUP,
  n: 8,
  warmup: 1,
  fn() {
    evaluator.evaluate(points.map((p) => p[0]), points.map((p) => p[1]), loss, accuracy);
  },
});

Deno.bench({
  name: "engine, two Workers (pool started once), 2 points each",
  group: GROUP,
  n: 8,
  warmup: 1,
  async fn() {
    await pool.evaluate(points.map((p) => p[0]), points.map((p) => p[1]), loss, accuracy);
  },
});

globalThis.addEventListener("unload", () => pool.dispose());
