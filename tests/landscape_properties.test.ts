// Properties a loss landscape must have, checked through the engine end to end: an exact
// parabola for a linear model with MSE (closed form), and the invariance of filter-normalised
// plots to the rescaling symmetry of ReLU networks (Li et al. 2018, sec. 4).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Dataset } from "../lib/data/dataset.ts";
import { createPlaneEvaluator } from "../lib/engine/mod.ts";
import { filterNormalizedDirection } from "../lib/directions/filter_normalize.ts";
import { heNormal } from "../lib/model/init.ts";
import { slotOf } from "../lib/model/layout.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { denseClassifier } from "./model_parity.ts";
import { createRng } from "../lib/random.ts";
import { linspace } from "../lib/scan/grid.ts";

function randomData(features: number, classes: number, count: number, seed: number): Dataset {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: count * features }, () => rng.normal());
  const y = Int32Array.from({ length: count }, () => rng.int(classes));
  return { x, y, count, features, classes };
}

async function lossCurve(
  spec: ModelSpec,
  center: Float32Array,
  d: Float32Array,
  data: Dataset,
  alphas: number[],
) {
  const evaluator = await createPlaneEvaluator({ spec, center, d1: d, data });
  const loss = new Float32Array(alphas.length);
  evaluator.evaluate(alphas, null, loss, new Float32Array(alphas.length));
  evaluator.dispose();
  return loss;
}

describe("landscape properties", () => {
  it("a linear model with MSE is an exact parabola along any direction", async () => {
    const spec: ModelSpec = {
      ...denseClassifier({ inputSize: 6, hidden: [], classes: 3 }),
      loss: "mse",
    };
    const layout = modelLayout(spec);
    const data = randomData(6, 3, 257, 1);
    const rng = createRng(2);
    const center = Float32Array.from({ length: layout.size }, () => rng.normal());
    const d = Float32Array.from({ length: layout.size }, () => rng.normal());
    // Closed form in float64: residual r = XW + c - T and slope s = XD + e per output, so
    // L(a) = mean_n (1/C) sum_c (r + a s)^2 = A a^2 + B a + C0.
    const kernel = slotOf(layout, "dense0/kernel"), bias = slotOf(layout, "dense0/bias");
    let A = 0, B = 0, C0 = 0;
    for (let n = 0; n < data.count; n++) {
      for (let c = 0; c < 3; c++) {
        let r = center[bias.offset + c] - (data.y[n] === c ? 1 : 0);
        let s = d[bias.offset + c];
        for (let f = 0; f < 6; f++) {
          r += data.x[n * 6 + f] * center[kernel.offset + f * 3 + c];
          s += data.x[n * 6 + f] * d[kernel.offset + f * 3 + c];
        }
        A += s * s;
        B += 2 * r * s;
        C0 += r * r;
      }
    }
    const scale = 1 / (data.count * 3);
    const alphas = linspace(-2, 2, 41);
    const loss = await lossCurve(spec, center, d, data, alphas);
    alphas.forEach((a, i) => {
      const want = (A * a * a + B * a + C0) * scale;
      assert.ok(
        Math.abs(loss[i] - want) <= 1e-5 * want,
        `L(${a}) = ${loss[i]}, closed form ${want}`,
      );
    });
  });

  it("filter-normalised curves ignore ReLU rescaling: layer 1 x10, layer 2 /10", async () => {
    const spec: ModelSpec = denseClassifier({ inputSize: 20, hidden: [16], classes: 5 });
    const layout = modelLayout(spec);
    const data = randomData(20, 5, 300, 3);
    const weights = heNormal(layout, 4);
    const rescaled = Float32Array.from(weights);
    for (const slot of layout.tensors) {
      const factor = slot.name.startsWith("dense0/") ? 10 : slot.name === "dense1/kernel" ? 0.1 : 1;
      for (let i = slot.offset; i < slot.offset + slot.size; i++) rescaled[i] *= factor;
    }
    const alphas = linspace(-1, 1, 21);
    const original = await lossCurve(
      spec,
      weights,
      filterNormalizedDirection(weights, layout, 5),
      data,
      alphas,
    );
    const scaled = await lossCurve(
      spec,
      rescaled,
      filterNormalizedDirection(rescaled, layout, 5),
      data,
      alphas,
    );
    alphas.forEach((a, i) => {
      assert.ok(
        Math.abs(scaled[i] - original[i]) <= 1e-3 * original[i],
        `at ${a}: ${scaled[i]} vs ${original[i]}`,
      );
    });
    // Without filter normalisation the same rescaling changes the curve: the test can fail.
    const rng = createRng(5);
    const raw = Float32Array.from({ length: layout.size }, () => 0.05 * rng.normal());
    const plainOriginal = await lossCurve(spec, weights, raw, data, alphas);
    const plainScaled = await lossCurve(spec, rescaled, raw, data, alphas);
    const worst = Math.max(
      ...alphas.map((_, i) => Math.abs(plainScaled[i] - plainOriginal[i]) / plainOriginal[i]),
    );
    assert.ok(worst > 1e-2, `unnormalised curves should differ: worst relative change ${worst}`);
  });
});
