/**
 * Hessian analysis of the default MLP (784-128-10, 101,770 weights) on 2,000 MNIST digits,
 * after one epoch of training on them:
 * - one Hessian-vector product against one gradient of the same loss in the same run: the
 *   gradient as training computes it (TF.js's registered gradients) is the baseline, and the
 *   gradient through the curvature module's forward pass is shown too;
 * - the whole summary the issue asks for in 30 s: top-5 eigenvalues (Lanczos), the trace from
 *   100 Hutchinson vectors and the density (3 SLQ runs of 60 steps), one run each.
 *
 * Run: `deno bench --no-prompt --allow-read=. bench/hessian_bench.ts`.
 * @module
 */
import { loadDigits } from "./fixtures.ts";
import { preset } from "../lib/model/presets.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { trainModel } from "../lib/train/train_model.ts";
import { modelForward } from "../lib/train/model_forward.ts";
import { perSampleLoss } from "../lib/train/losses.ts";
import { createHessianOperator } from "../lib/analysis/curvature/hessian_operator.ts";
import { topEigen } from "../lib/analysis/curvature/top_eigen.ts";
import { hutchinsonTrace } from "../lib/analysis/curvature/hutchinson_trace.ts";
import { spectralDensity } from "../lib/analysis/curvature/spectral_density.ts";
import { createRng } from "../lib/random.ts";
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";

const tf = await loadTfjs();
const digits = await loadDigits(2000);
const spec = preset("mlp");
const model = resolveModel(spec);
const { params } = await trainModel({ spec, data: { train: digits, test: digits }, epochs: 1 });
const hessian = await createHessianOperator({ model, values: params.values, data: digits });
const rng = createRng(1);
const v = Float64Array.from({ length: hessian.size }, () => rng.normal());

// The training gradient: TF.js's registered gradients over the same 2,000 digits in the same
// batches of 1,000.
const weights = params.layout.tensors.map((slot) =>
  tf.tensor(params.values.subarray(slot.offset, slot.offset + slot.size), slot.shape)
);
const batches = [0, 1000].map((start) => ({
  x: tf.tensor2d(digits.x.subarray(start * 784, (start + 1000) * 784), [1000, 784]),
  y: tf.tensor1d(digits.y.subarray(start, start + 1000), "int32"),
}));
function trainingGradient() {
  for (const { x, y } of batches) {
    tf.tidy(() => {
      const grads = tf.grads((...w: Tensor[]) => {
        const byName = new Map(params.layout.tensors.map((slot, i) => [slot.name, w[i]]));
        const out = modelForward(tf, model, (name) => byName.get(name)!, x);
        return tf.sum(
          perSampleLoss(tf, spec.loss ?? "softmax-cross-entropy", out, y as never).loss,
        );
      })(weights);
      grads.forEach((g) => g.dataSync());
    });
  }
}

const group = "default MLP, 2,000 digits: one Hessian-vector product against one gradient";
Deno.bench({
  name: "gradient, TF.js registered gradients (training's)",
  group,
  baseline: true,
  n: 10,
  warmup: 2,
  fn: trainingGradient,
});
Deno.bench({
  name: "gradient through the curvature forward pass",
  group,
  n: 10,
  warmup: 2,
  fn: () => void hessian.gradient(),
});
Deno.bench({
  name: "Hessian-vector product (reverse over forward mode)",
  group,
  n: 10,
  warmup: 2,
  fn: () => void hessian.apply(v),
});

Deno.bench({
  name: "top-5 eigenvalues + trace (100 vectors) + density (3 x 60 SLQ steps)",
  group: "default MLP, 2,000 digits: the curvature summary",
  n: 1,
  warmup: 0,
  fn() {
    const before = hessian.products;
    const top = topEigen(hessian, { k: 5, maxIterations: 100, tolerance: 1e-3 });
    // A tolerance no estimate reaches, so all 100 vectors are used.
    const trace = hutchinsonTrace(hessian, { maxIterations: 100, tolerance: 1e-12 });
    const density = spectralDensity(hessian, { runs: 3, maxIterations: 60 });
    console.log(
      `products ${hessian.products - before}: top-5 ${top.iterations} Lanczos steps + 5 residual ` +
        `checks (converged ${top.converged}, top ${top.eigenvalues[0].toFixed(3)}), trace ` +
        `${trace.iterations}, density ${density.iterations.join("+")}`,
    );
  },
});
