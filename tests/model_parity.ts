// Shared by the engine's model parity tests: a seeded plane for any model spec, class-structured
// synthetic samples of its input shape, and a grid comparison against the TF.js reference.
import assert from "node:assert/strict";
import type { Dataset } from "../lib/data/dataset.ts";
import { createPlaneEvaluator } from "../lib/engine/mod.ts";
import { createReferenceEvaluator } from "../lib/engine/reference.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { createRng } from "../lib/random.ts";

/**
 * He-scaled kernels, N(0, 0.1) biases and beta, gamma in [0.5, 1.5], moving means N(0, 0.3) and
 * moving variances in [0.3, 1.3] (positive, non-trivial), and two directions of half that scale.
 */
export function makePlane(spec: ModelSpec, seed: number, directionScale = 0.5) {
  const layout = modelLayout(spec);
  const rng = createRng(seed);
  const [center, d1, d2] = [0, 1, 2].map(() => new Float32Array(layout.size));
  for (const tensor of layout.tensors) {
    const fanIn = tensor.shape.slice(0, -1).reduce((product, size) => product * size, 1);
    const scale = tensor.role === "kernel" ? Math.sqrt(2 / fanIn) : 0.1;
    for (let i = tensor.offset; i < tensor.offset + tensor.size; i++) {
      if (tensor.role === "gamma") center[i] = 0.5 + rng.uniform();
      else if (tensor.role === "moving-variance") center[i] = 0.3 + rng.uniform();
      else if (tensor.role === "moving-mean") center[i] = 0.3 * rng.normal();
      else center[i] = scale * rng.normal();
      // Directions keep variances positive at |b| <= 1: scaled to a fraction of the centre.
      const directionSize = tensor.role === "moving-variance" ? 0.2 * center[i] : scale;
      d1[i] = directionScale * directionSize * rng.normal();
      d2[i] = directionScale * directionSize * rng.normal();
    }
  }
  return { center, d1, d2 };
}

/** Samples of the model's input shape; each class has its own mean plus noise. */
export function makeData(spec: ModelSpec, count: number, classes: number, seed: number): Dataset {
  const rng = createRng(seed);
  const features = spec.inputShape.reduce((product, size) => product * size, 1);
  const means = Array.from(
    { length: classes },
    () => Float32Array.from({ length: features }, () => rng.uniform()),
  );
  const y = Int32Array.from({ length: count }, () => rng.int(classes));
  const x = new Float32Array(count * features);
  for (let i = 0; i < count; i++) {
    for (let f = 0; f < features; f++) x[i * features + f] = means[y[i]][f] + 0.3 * rng.normal();
  }
  return { x, y, count, features, classes, shape: [...spec.inputShape] };
}

/** (w + a d1) + b d2 with every operation rounded to f32, as the engine defines it. */
export function weightsAt(plane: ReturnType<typeof makePlane>, a: number, b: number) {
  const fa = Math.fround(a), fb = Math.fround(b);
  return plane.center.map((w, i) =>
    Math.fround(Math.fround(w + Math.fround(fa * plane.d1[i])) + Math.fround(fb * plane.d2[i]))
  );
}

/** Options of {@linkcode compareWithTfjs}. */
export interface CompareOptions {
  /** Samples. */
  count: number;
  /** Classes of the labels (2 for binary cross-entropy). */
  classes: number;
  /** Seed of plane and data. */
  seed: number;
  /** Grid points per axis over [-1, 1]. Default 3. */
  grid?: number;
  /** Relative tolerance on the loss. Default 1e-4. */
  tolerance?: number;
}

/**
 * Evaluates a grid with the engine and with TF.js and asserts that every loss agrees within the
 * relative tolerance and every accuracy within one sample; returns the engine's losses.
 */
export async function compareWithTfjs(
  name: string,
  spec: ModelSpec,
  options: CompareOptions,
): Promise<Float32Array> {
  const { count, classes, seed, grid = 3, tolerance = 1e-4 } = options;
  const plane = makePlane(spec, seed);
  const data = makeData(spec, count, classes, seed + 1);
  const axis = Array.from({ length: grid }, (_, i) => -1 + (2 * i) / (grid - 1));
  const alphas = axis.flatMap(() => axis), betas = axis.flatMap((b) => axis.map(() => b));
  const evaluator = await createPlaneEvaluator({ spec, ...plane, data });
  const reference = await createReferenceEvaluator({ spec, data });
  const loss = new Float32Array(alphas.length), accuracy = new Float32Array(alphas.length);
  evaluator.evaluate(alphas, betas, loss, accuracy);
  for (let i = 0; i < alphas.length; i++) {
    const want = reference.evaluate(weightsAt(plane, alphas[i], betas[i]));
    const where = `${name} at (${alphas[i]}, ${betas[i]})`;
    assert.ok(Number.isFinite(want.loss), `TF.js loss not finite ${where}`);
    assert.ok(
      Math.abs(loss[i] - want.loss) <= tolerance * Math.abs(want.loss),
      `loss ${loss[i]} vs TF.js ${want.loss} ${where}`,
    );
    assert.ok(
      Math.abs(accuracy[i] - want.accuracy) <= 1 / count + 1e-7,
      `accuracy ${accuracy[i]} vs TF.js ${want.accuracy} ${where}`,
    );
  }
  evaluator.dispose();
  reference.dispose();
  return loss;
}

/** Sizes of a dense ReLU classifier, `inputSize -> hidden... -> classes`. */
export interface DenseSizes {
  /** Features per sample. */
  inputSize: number;
  /** Hidden widths. */
  hidden: number[];
  /** Classes (width of the logits). */
  classes: number;
}

/** The dense ReLU classifier of those sizes as a model spec (`preset("mlp")` is 784-128-10). */
export function denseClassifier({ inputSize, hidden, classes }: DenseSizes): ModelSpec {
  return {
    kind: "sequential",
    inputShape: [inputSize],
    layers: [
      ...hidden.map((units) => ({ type: "dense" as const, units, activation: "relu" as const })),
      { type: "dense", units: classes },
    ],
  };
}
