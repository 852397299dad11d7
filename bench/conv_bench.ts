/**
 * The engine against the naive TF.js evaluation on the `cnn` preset (conv 16@3x3 - pool - conv
 * 32@3x3 - pool - dense 10) over 2,000 real MNIST digits (28x28x1), per grid point.
 *
 * Every entry evaluates the same eight points per iteration, so the ratio Deno prints is the
 * per-point speed-up:
 * - baseline: form w + a*d1 + b*d2 and run one TF.js forward pass (tfjs, wasm backend, data
 *   uploaded once) per point (`createReferenceEvaluator`), what a scan does without the engine;
 * - engine: `createPlaneEvaluator` built once outside the timing (its first-conv precompute runs
 *   once per plane, about as long as a few points), then `evaluate` on the four points;
 * - two Workers: `createParallelPlaneEvaluator` started once outside the timing, each worker
 *   evaluating four of the points.
 * A second group times the preset's second convolution alone (14x14x16 -> 32, 3x3 "same", on
 * 2,000 samples in one-sample blocks, as the runner calls it): direct convolution (the
 * baseline) against Winograd F(2x2, 3x3) (input transform, 16 GEMMs, output transform), both
 * followed by the preset's 2x2 max pool, and Winograd with that pool folded into its output
 * transform (as the engine runs it).
 * TF.js takes a few hundred ms per point, so the baseline runs three iterations after one warm-up.
 *
 * Run: `deno bench --allow-read=. bench/conv_bench.ts`.
 * @module
 */
import {
  createParallelPlaneEvaluator,
  createPlaneEvaluator,
  instantiateKernel,
} from "../lib/engine/mod.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { preset } from "../lib/model/presets.ts";
import { createRng } from "../lib/random.ts";
import { loadDigits, naiveEvaluator } from "./fixtures.ts";

const GROUP = "cnn preset, 2,000 MNIST digits (28x28x1), 8 grid points";
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
const points = Array.from({ length: 8 }, (_, i) => [Math.cos(i) * 0.8, Math.sin(2 * i) * 0.6]);
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
  name: "engine: precomputed first conv (+ pool) + Winograd second conv, one thread",
  group: GROUP,
  n: 8,
  warmup: 1,
  fn() {
    evaluator.evaluate(points.map((p) => p[0]), points.map((p) => p[1]), loss, accuracy);
  },
});

Deno.bench({
  name: "engine, two Workers (pool started once), 4 points each",
  group: GROUP,
  n: 8,
  warmup: 1,
  async fn() {
    await pool.evaluate(points.map((p) => p[0]), points.map((p) => p[1]), loss, accuracy);
  },
});

globalThis.addEventListener("unload", () => pool.dispose());

const CONV = "second conv of the cnn preset: 14x14x16 -> 32, 3x3 same, 2,000 samples";
const kernel = await instantiateKernel();
const [tiles, stride, coutp] = [49, 16, 32];
const input = kernel.allocate(196 * stride * 4), padded = kernel.allocate(256 * stride * 4);
const weights = kernel.allocate(9 * stride * coutp * 4), bias = kernel.allocate(coutp * 4);
const transformed = kernel.allocate(16 * stride * coutp * 4), zeros = kernel.allocate(coutp * 4);
const inputTiles = kernel.allocate(tiles * 16 * stride * 4);
const products = kernel.allocate(tiles * 16 * coutp * 4), out = kernel.allocate(196 * coutp * 4);
const pooled = kernel.allocate(49 * coutp * 4);
for (let i = 0; i < 196 * stride; i++) kernel.f32[input / 4 + i] = rng.uniform();
for (let i = 0; i < 9 * stride * coutp; i++) kernel.f32[weights / 4 + i] = 0.1 * rng.normal();
kernel.winogradWeights(weights, stride, stride, coutp, transformed);

/** The preset's 2x2 stride-2 max pool of the conv output, as a pass of its own. */
const maxPool = () => kernel.pool2d(out, 14, 14, coutp, 1, 2, 2, 2, 2, 0, 0, 7, 7, pooled, 0);

Deno.bench({
  name: "direct convolution (pad + conv2d, 4 pixels x 8 channels per block) + max pool",
  group: CONV,
  baseline: true,
  fn() {
    for (let s = 0; s < 2000; s++) {
      kernel.padImage(input, 14, 14, stride, 1, 1, 1, padded, 16, 16);
      kernel.conv2d(
        padded,
        16,
        16,
        stride,
        stride,
        1,
        3,
        3,
        1,
        1,
        14,
        14,
        weights,
        bias,
        coutp,
        out,
        1,
        zeros,
      );
      maxPool();
    }
  },
});

/** Pad, input transform and the 16 GEMMs of one sample. */
function winogradProducts() {
  kernel.padImage(input, 14, 14, stride, 1, 1, 1, padded, 16, 16);
  kernel.winogradInput(padded, 16, 16, stride, 1, 7, 7, inputTiles);
  kernel.winogradMultiply(inputTiles, tiles, stride, transformed, coutp, zeros, products);
}

Deno.bench({
  name: "Winograd F(2x2, 3x3): pad + input transform + 16 GEMMs + output transform + max pool",
  group: CONV,
  fn() {
    for (let s = 0; s < 2000; s++) {
      winogradProducts();
      kernel.winogradOutput(products, 1, 7, 7, coutp, bias, 1, 14, 14, 0, out);
      maxPool();
    }
  },
});

Deno.bench({
  name: "Winograd F(2x2, 3x3) with the max pool folded into the output transform",
  group: CONV,
  fn() {
    for (let s = 0; s < 2000; s++) {
      winogradProducts();
      kernel.winogradOutput(products, 1, 7, 7, coutp, bias, 1, 14, 14, 1, pooled);
    }
  },
});
