/**
 * The analyses against one TF.js gradient call as the unit (the baseline): the mean loss of the
 * default MLP (784-128-10) over 2,000 MNIST digits and its gradient by `tf.valueAndGrads` in one
 * pass. Against it: per-weight gradients at 9 checkpoints (as for a default run's trajectory;
 * the dense stack back-propagated by hand, its first layer over all inputs or over the nonzero
 * ones in passes of 512 digits, as the analyses take it),
 * the default analyses at 9 checkpoints (influence, health, diagnosis: gradients, importance,
 * curves, histograms, activation statistics, saturation), and saliency for 64 test images
 * (vanilla gradient and SmoothGrad with 16 noisy copies).
 *
 * Run: `deno task bench` (`deno bench --allow-read=. bench/`).
 * @module
 */
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { preset } from "../lib/model/presets.ts";
import { initializeModel } from "../lib/model/init_model.ts";
import { modelForward } from "../lib/train/model_forward.ts";
import { perSampleLoss } from "../lib/train/losses.ts";
import { sparseGradientLayer, weightGradient } from "../lib/analysis/gradient.ts";
import { analyzeTrajectory } from "../lib/analysis/analyze_trajectory.ts";
import { saliencyMaps } from "../lib/analysis/saliency/saliency.ts";
import { uploadParams } from "../lib/analysis/param_tensors.ts";
import { selectSamples } from "../lib/data/split.ts";
import { loadDigits } from "./fixtures.ts";

const tf = await loadTfjs();
const spec = preset("mlp");
const model = resolveModel(spec);
const layout = modelLayout(model);
const data = { ...(await loadDigits(2000)), shape: [28, 28, 1] };
const images = selectSamples(data, Array.from({ length: 64 }, (_, i) => i));
// Nine checkpoints along a straight path from one initialisation to another: the cost does not
// depend on where the weights came from.
const start = initializeModel(model, layout, 1), end = initializeModel(model, layout, 2);
const checkpoints = Array.from({ length: 9 }, (_, c) => ({
  epoch: c,
  step: c,
  values: start.map((w, i) => w + (c / 8) * (end[i] - w)),
}));
const history = checkpoints.map((c) => ({
  epoch: c.epoch,
  step: c.step,
  trainLoss: 2 - c.epoch / 8,
  trainAcc: 0.5 + c.epoch / 20,
  testLoss: 2 - c.epoch / 9,
  testAcc: 0.5 + c.epoch / 21,
}));

Deno.bench({
  name: "one TF.js gradient call (mean loss, 2,000 digits)",
  group: "analysis",
  baseline: true,
  fn: () => {
    const params = uploadParams(tf, layout, start);
    tf.tidy(() => {
      const x = tf.tensor2d(data.x, [data.count, data.features]);
      const labels = tf.tensor1d(data.y, "int32");
      const slots = params.trainable;
      const loss = (...weights: Tensor[]) => {
        const given = new Map(slots.map((slot, i) => [slot.name, weights[i]]));
        const outputs = modelForward(tf, model, (name) => given.get(name)!, x);
        return tf.mean(perSampleLoss(tf, model.spec.loss, outputs, labels).loss);
      };
      const { grads } = tf.valueAndGrads(loss)(slots.map((slot) => params.param(slot.name)));
      for (const g of grads) g.dataSync();
    });
    params.dispose();
  },
});

Deno.bench({
  name: "per-weight gradients at 9 checkpoints",
  group: "analysis",
  n: 5,
  fn: () => {
    for (const c of checkpoints) weightGradient(tf, model, layout, c.values, data);
  },
});

const sparse = await sparseGradientLayer(tf, model, layout, 512);

Deno.bench({
  name: "per-weight gradients at 9 checkpoints, the first layer over nonzero inputs",
  group: "analysis",
  n: 5,
  fn: () => {
    for (const c of checkpoints) {
      weightGradient(tf, model, layout, c.values, data, { sparse, chunk: 512 });
    }
  },
});

Deno.bench({
  name: "default analyses at 9 checkpoints",
  group: "analysis",
  n: 5,
  fn: async () => {
    await analyzeTrajectory({ spec, checkpoints, history, data });
  },
});

Deno.bench({
  name: "saliency for 64 images (vanilla + SmoothGrad, 16 copies)",
  group: "analysis",
  n: 5,
  fn: () => {
    saliencyMaps(tf, model, layout, start, images, { copies: 16 });
  },
});
