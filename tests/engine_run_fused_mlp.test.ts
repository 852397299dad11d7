// The fused one-hidden-layer path (assembly/mlp_fused.ts via lib/engine/run/fused_mlp.ts)
// against TF.js at awkward sizes: hidden widths 1, 3, 4, 5, 8, 9 and 130 (padded to 4), 9 to 12
// classes, sample counts 1, 3, 4, 5, 8, 9 and 257 (blocks of three rows plus a remainder), planes
// and lines, ReLU and linear hidden layers. Tolerance: the mean loss within 1e-5 relative of
// TF.js (both sum f32 products in different orders; the softmax exp is within 2 ulp), the
// accuracy within one sample (a tie can fall either way).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createPlaneEvaluator } from "../lib/engine/mod.ts";
import { canFuseMlp } from "../lib/engine/run/fused_mlp.ts";
import { planModel } from "../lib/engine/program/plan_model.ts";
import { createReferenceEvaluator } from "../lib/engine/reference.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { makeData, makePlane, weightsAt } from "./model_parity.ts";

function mlp(inputs: number, hidden: number, classes: number, activation = "relu"): ModelSpec {
  return {
    kind: "sequential",
    inputShape: [inputs],
    layers: [{ type: "dense", units: hidden, activation }, { type: "dense", units: classes }],
  } as ModelSpec;
}

const fuses = (spec: ModelSpec) =>
  canFuseMlp(planModel(resolveModel(spec), { samples: 9, vectors: 3 }));

describe("fused one-hidden-layer path", () => {
  it("is taken for one hidden layer (ReLU or linear) and 9-12 classes only", () => {
    for (const classes of [9, 10, 11, 12]) assert.ok(fuses(mlp(7, 5, classes)), `${classes}`);
    assert.ok(fuses(mlp(7, 5, 10, "linear")));
    assert.ok(!fuses(mlp(7, 5, 8)) && !fuses(mlp(7, 5, 13)) && !fuses(mlp(7, 5, 10, "tanh")));
    const deep = mlp(7, 5, 10);
    deep.layers.splice(1, 0, { type: "dense", units: 6, activation: "relu" });
    assert.ok(!fuses(deep));
    assert.ok(!fuses({ ...mlp(7, 5, 10), loss: "mse" } as ModelSpec));
  });

  it("matches TF.js on planes and lines at awkward sizes", async () => {
    const cases: [number, number, number, string][] = [
      [1, 10, 1, "relu"],
      [3, 9, 3, "relu"],
      [4, 12, 4, "linear"],
      [5, 11, 5, "relu"],
      [8, 10, 8, "relu"],
      [9, 12, 9, "linear"],
      [130, 10, 257, "relu"],
    ];
    let seed = 500;
    for (const [hidden, classes, count, activation] of cases) {
      const spec = mlp(6, hidden, classes, activation);
      assert.ok(fuses(spec));
      const plane = makePlane(spec, seed++);
      const data = makeData(spec, count, classes, seed++);
      const reference = await createReferenceEvaluator({ spec, data });
      for (const line of [false, true]) {
        const d2 = line ? null : plane.d2;
        const evaluator = await createPlaneEvaluator({ spec, ...plane, d2, data });
        const alphas = [0, 0.75, -1, 0.5], betas = [0, -0.5, 1, 0.25];
        const loss = new Float32Array(4), accuracy = new Float32Array(4);
        evaluator.evaluate(alphas, line ? null : betas, loss, accuracy);
        for (let i = 0; i < 4; i++) {
          const want = reference.evaluate(weightsAt(plane, alphas[i], line ? 0 : betas[i]));
          const where = `hidden ${hidden}, ${classes} classes, ${count} samples, ${
            line ? "line" : "plane"
          }, point ${i}`;
          assert.ok(
            Math.abs(loss[i] - want.loss) <= 1e-5 * want.loss,
            `${where}: ${loss[i]} vs ${want.loss}`,
          );
          assert.ok(
            Math.abs(accuracy[i] - want.accuracy) <= 1 / count + 1e-7,
            `${where}: accuracy`,
          );
        }
        evaluator.dispose();
      }
      reference.dispose();
    }
  });

  it("gives the same bits on every run, and NaN for a point with non-finite logits", async () => {
    const spec = mlp(6, 9, 10);
    const plane = makePlane(spec, 77);
    const data = makeData(spec, 50, 10, 78);
    const runs = [];
    for (let run = 0; run < 2; run++) {
      const evaluator = await createPlaneEvaluator({ spec, ...plane, data });
      const loss = new Float32Array(3), accuracy = new Float32Array(3);
      evaluator.evaluate([0.1, -0.3, 0.7], [0.2, 0.4, -0.6], loss, accuracy);
      runs.push([...loss, ...accuracy]);
      evaluator.dispose();
    }
    assert.deepEqual(runs[0], runs[1]);
    const center = plane.center.slice();
    center[center.length - 1] = Infinity; // the last class's bias
    const evaluator = await createPlaneEvaluator({ spec, ...plane, center, data });
    const loss = new Float32Array(1), accuracy = new Float32Array(1);
    evaluator.evaluate([0], [0], loss, accuracy);
    assert.ok(Number.isNaN(loss[0]) && Number.isNaN(accuracy[0]));
    evaluator.dispose();
  });
});
