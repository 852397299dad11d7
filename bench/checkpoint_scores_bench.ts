/**
 * A checkpoint's score (mean loss and accuracy) on 2,000 MNIST digits, by the engine's kernel
 * (`createCheckpointScorer`: one weight vector, every layer per block, chunks of 1,024 samples)
 * against TF.js's evaluation of the same weights (`checkpointScores`, chunks of 256: how
 * checkpoints were scored before), for the default MLP, the `cnn` preset and `resnet-tiny`.
 *
 * Run: `deno task bench` (`deno bench --allow-read=. bench/`).
 * @module
 */
import { loadTfjs } from "../lib/train/tfjs.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { preset } from "../lib/model/presets.ts";
import { initializeModel } from "../lib/model/init_model.ts";
import { checkpointScores } from "../lib/train/evaluate_model.ts";
import { createCheckpointScorer } from "../lib/train/checkpoint_scores.ts";
import { loadDigits } from "./fixtures.ts";

const tf = await loadTfjs();
const data = { ...(await loadDigits(2000)), shape: [28, 28, 1] };
const empty = { ...data, count: 0, x: data.x.subarray(0, 0), y: data.y.subarray(0, 0) };

for (const name of ["mlp", "cnn", "resnet-tiny"] as const) {
  const model = resolveModel(preset(name));
  const layout = modelLayout(model);
  const values = initializeModel(model, layout, 1);
  const scorer = createCheckpointScorer(model, layout, loadTfjs);
  const group = `checkpoint score, ${name}, 2,000 digits`;
  Deno.bench(`${name}: TF.js, chunks of 256 (before)`, { group, baseline: true }, () => {
    checkpointScores(tf, model, layout, values, { test: data });
  });
  Deno.bench(`${name}: the engine's kernel`, { group }, async () => {
    await scorer.parts(values, { train: empty, test: data });
  });
}
