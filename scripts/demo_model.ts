/**
 * Trains the small model the browser demo ships (web/demo/model/) and writes it with the plane
 * and samples the demo scans: a 2-32-32-2 ReLU MLP on 800 two-spiral points (seed 0), its
 * filter-normalised random directions (seeds 1 and 2) and 400 held-out points. Every step is
 * seeded, so running it again writes the same bytes (tests/demo_model.test.ts checks that).
 *
 *   deno task demo:model [folder]
 * @module
 */
import { makeSynthetic, splitDataset } from "../lib/data/mod.ts";
import { encodeDirections, filterNormalizedDirection } from "../lib/directions/mod.ts";
import { writeFileAtomic } from "../lib/io/mod.ts";
import type { ModelSpec } from "../lib/model/mod.ts";

import { trainModel } from "../lib/train/mod.ts";
import { encodeNpy } from "../lib/io/npy.ts";

/** The demo's model: small enough to commit, deep enough for a non-trivial landscape. */
const SPEC: ModelSpec = {
  kind: "sequential",
  inputShape: [2],
  layers: [
    { type: "dense", units: 32, activation: "relu" },
    { type: "dense", units: 32, activation: "relu" },
    { type: "dense", units: 2 },
  ],
};
const SEED = 0;
const EPOCHS = 40;

const folder = Deno.args[0] ?? "web/demo/model";
const data = splitDataset(makeSynthetic("spirals", { count: 1200, seed: SEED }), {
  testSize: 400,
  seed: SEED,
});
const { params, history } = await trainModel({
  spec: SPEC,
  data,
  epochs: EPOCHS,
  batchSize: 32,
  seed: SEED,
  evaluateInWorker: false,
});
const d1 = filterNormalizedDirection(params.values, params.layout, 1);
const d2 = filterNormalizedDirection(params.values, params.layout, 2);
const samples = data.test;
const last = history[history.length - 1];

await Deno.mkdir(folder, { recursive: true });
const files: [string, Uint8Array][] = [
  ["center.npy", encodeNpy(params.values, [params.values.length])],
  ["directions.npy", encodeDirections([d1, d2])],
  ["samples-x.npy", encodeNpy(samples.x, [samples.count, samples.features])],
  ["samples-y.npy", encodeNpy(Float32Array.from(samples.y), [samples.count])],
];
const model = {
  format: "losscape-demo-model",
  version: 1,
  spec: SPEC,
  parameters: params.values.length,
  dataset: {
    kind: "spirals",
    classes: samples.classes,
    trainSize: data.train.count,
    samples: samples.count,
    seed: SEED,
  },
  training: { epochs: EPOCHS, batchSize: 32, seed: SEED },
  directions: { kind: "filter-normalized", seeds: [1, 2] },
  testLoss: Number(last.testLoss.toFixed(6)),
  testAccuracy: Number(last.testAcc.toFixed(6)),
};
files.push(["model.json", new TextEncoder().encode(`${JSON.stringify(model, null, 2)}\n`)]);
for (const [name, bytes] of files) await writeFileAtomic(`${folder}/${name}`, bytes);
console.log(
  `wrote ${folder}: ${model.parameters} parameters, test loss ${model.testLoss}, ` +
    `accuracy ${model.testAccuracy}`,
);
