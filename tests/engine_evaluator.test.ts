// The plane evaluator against the naive TF.js reference at every point of a 9x9 grid over
// [-1, 1]^2, for the default 784-128-10 MLP and for deeper, odd-width ones, on both kernel
// builds (plain and relaxed SIMD).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createPlaneEvaluator } from "../lib/engine/mod.ts";
import { createReferenceEvaluator } from "../lib/engine/reference.ts";
import type { LossName, ModelSpec } from "../lib/model/spec.ts";
import {
  denseClassifier,
  type DenseSizes,
  makeData as makeModelData,
  makePlane as makeModelPlane,
  weightsAt,
} from "./model_parity.ts";
import { KERNEL_VARIANTS, kernelVariantBytes } from "../lib/engine/kernel/variants.ts";

const runnableVariants = KERNEL_VARIANTS.filter((variant) =>
  WebAssembly.validate(kernelVariantBytes(variant))
);

/** A dense ReLU classifier's sizes, and its loss when not softmax cross-entropy. */
type Mlp = DenseSizes & { loss?: LossName };
const specOf = ({ loss, ...sizes }: Mlp): ModelSpec => ({
  ...denseClassifier(sizes),
  ...(loss ? { loss } : {}),
});
/** The shared parity fixtures, which take a model spec. */
const makePlane = (mlp: Mlp, seed: number) => makeModelPlane(specOf(mlp), seed);
const makeData = (mlp: Mlp, count: number, seed: number) =>
  makeModelData(specOf(mlp), count, mlp.classes, seed);

async function compareGrid(mlp: Mlp, count: number, seed: number) {
  const spec = specOf(mlp);
  const plane = makePlane(mlp, seed);
  const data = makeData(mlp, count, seed + 1);
  const axis = Array.from({ length: 9 }, (_, i) => -1 + i / 4);
  const alphas = axis.flatMap(() => axis), betas = axis.flatMap((b) => axis.map(() => b));
  const reference = await createReferenceEvaluator({ spec, data });
  const wanted = alphas.map((a, i) => reference.evaluate(weightsAt(plane, a, betas[i])));
  reference.dispose();
  let losses = new Float32Array(0);
  // Both kernel builds, against the same tolerance: FMA (relaxed) only changes the last bits.
  for (const kernel of runnableVariants) {
    const evaluator = await createPlaneEvaluator({ spec, ...plane, data, kernel });
    // Offset 3 checks that results land at loss[offset + i] and nothing is written before it.
    const loss = new Float32Array(3 + alphas.length).fill(-1);
    const accuracy = new Float32Array(3 + alphas.length).fill(-1);
    evaluator.evaluate(alphas, betas, loss, accuracy, 3);
    evaluator.dispose();
    assert.deepEqual([...loss.subarray(0, 3)], [-1, -1, -1]);
    for (let i = 0; i < alphas.length; i++) {
      const want = wanted[i];
      const got = { loss: loss[3 + i], accuracy: accuracy[3 + i] };
      const where = `${mlp.inputSize}-${mlp.hidden.join("-")}-${mlp.classes} (${kernel}) at (${
        alphas[i]
      }, ${betas[i]})`;
      assert.ok(
        Math.abs(got.loss - want.loss) <= 1e-4 * Math.abs(want.loss),
        `loss ${got.loss} vs TF.js ${want.loss} ${where}`,
      );
      assert.ok(
        Math.abs(got.accuracy - want.accuracy) <= 1 / count + 1e-7,
        `accuracy ${got.accuracy} vs TF.js ${want.accuracy} ${where}`,
      );
    }
    // A landscape that is flat would let a wrong evaluator pass: demand real variation.
    losses = loss.subarray(3);
    const [low, high] = [Math.min(...losses), Math.max(...losses)];
    assert.ok(high - low > 0.05 * low, `the grid's loss barely varies: [${low}, ${high}]`);
  }
  return losses;
}

describe("createPlaneEvaluator vs the TF.js reference (9x9 grid over [-1, 1]^2)", () => {
  it("784-128-10 on 1,000 synthetic digits-shaped samples", async () => {
    await compareGrid(
      { inputSize: 784, hidden: [128], classes: 10 },
      1000,
      11,
    );
  });

  it("13-7-5-3: deeper, every width odd and below the SIMD width's multiples", async () => {
    await compareGrid(
      { inputSize: 13, hidden: [7, 5], classes: 3 },
      333,
      21,
    );
  });

  it("5-17-9-6-2: four layers; and 3-4: no hidden layer at all", async () => {
    await compareGrid(
      { inputSize: 5, hidden: [17, 9, 6], classes: 2 },
      101,
      31,
    );
    await compareGrid(
      { inputSize: 3, hidden: [], classes: 4 },
      50,
      41,
    );
  });

  it("13-7-5-3 with one-hot mean squared error instead of cross-entropy", async () => {
    await compareGrid(
      { inputSize: 13, hidden: [7, 5], classes: 3, loss: "mse" },
      333,
      61,
    );
  });

  it("evaluates a 1D line (no d2) the same as the plane's b = 0 row", async () => {
    const mlp: Mlp = { inputSize: 13, hidden: [7, 5], classes: 3 };
    const spec = specOf(mlp);
    const plane = makePlane(mlp, 51);
    const data = makeData(mlp, 77, 52);
    const line = await createPlaneEvaluator({ spec, center: plane.center, d1: plane.d1, data });
    const full = await createPlaneEvaluator({ spec, ...plane, data });
    const alphas = [-1, -0.5, 0, 0.25, 1];
    const [lineLoss, lineAcc, planeLoss, planeAcc] = [0, 1, 2, 3].map(() => new Float32Array(5));
    line.evaluate(alphas, null, lineLoss, lineAcc);
    full.evaluate(alphas, [0, 0, 0, 0, 0], planeLoss, planeAcc);
    assert.deepEqual(lineLoss, planeLoss);
    assert.deepEqual(lineAcc, planeAcc);
  });
});
