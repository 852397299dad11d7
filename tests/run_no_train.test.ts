// A model brought by the user, scanned as it is (--epochs 0): the centre of every landscape is
// the model's own loss, checked against TF.js evaluating the loaded file; and a loaded model
// trained further says so.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import { runScan } from "../lib/run/run_scan.ts";
import { loadRunData } from "../lib/run/load_data.ts";
import { resolveSettings } from "../lib/run/settings.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { initializeModel } from "../lib/model/init_model.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { writeLayersModel } from "../lib/model/io/formats/write_layers_model.ts";
import { loadLayersModel } from "../lib/model/io/formats/load_layers_model.ts";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { evaluateModel } from "../lib/train/evaluate_model.ts";
import { takeSamples } from "../lib/data/dataset.ts";
import { createRng } from "../lib/random.ts";

const dir = ".tmp/run_no_train_test";
const modelFile = `${dir}/model/model.json`;
const data = { dataset: "moons", syntheticSize: 200, samples: 120, grid: 5, workers: 1 };

/** A small model with batch norm whose moving statistics are far from 0 and 1. */
async function writeModel() {
  const spec = {
    kind: "sequential",
    inputShape: [2],
    layers: [
      { type: "dense", units: 8 },
      { type: "batch-norm" },
      { type: "activation", activation: "relu" },
      { type: "dense", units: 2 },
    ],
  } as ModelSpec;
  const model = resolveModel(spec);
  const layout = modelLayout(model);
  const values = initializeModel(model, layout, 11);
  const rng = createRng(5);
  for (const slot of layout.tensors) {
    for (let i = slot.offset; i < slot.offset + slot.size; i++) {
      if (slot.role === "moving-mean") values[i] = rng.normal();
      if (slot.role === "moving-variance") values[i] = 0.3 + 2 * rng.uniform();
      if (slot.role === "beta") values[i] = 0.2 * rng.normal();
    }
  }
  await writeLayersModel(`${dir}/model`, spec, { layout, values });
}

/** The loaded model's mean loss on the first `count` training samples, in TF.js. */
async function tfjsLoss(count: number) {
  const tf = await loadTfjs();
  const before = tf.memory().numTensors;
  const { spec, params } = await loadLayersModel(modelFile);
  const model = resolveModel(spec);
  const tensors = new Map<string, Tensor>();
  for (const slot of params.layout.tensors) {
    const values = params.values.subarray(slot.offset, slot.offset + slot.size);
    tensors.set(slot.name, tf.tensor(values, slot.shape));
  }
  const split = await loadRunData(
    resolveSettings(null, { dataset: "moons", syntheticSize: "200" }),
  );
  const { loss } = evaluateModel(
    tf,
    model,
    (name) => tensors.get(name)!,
    takeSamples(split.train, count),
  );
  for (const tensor of tensors.values()) tensor.dispose();
  assert.equal(tf.memory().numTensors, before, "tensors leaked");
  return { loss, values: params.values };
}

describe("a model scanned as it is", () => {
  it("--epochs 0: the centre loss is the loaded model's own, BN statistics as loaded", async () => {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    await writeModel();
    const notes: string[] = [];
    const out = `${dir}/as-is`;
    const result = await runScan({
      ...data,
      model: modelFile,
      epochs: 0,
      out,
      onNote: (line) => notes.push(line),
    });
    const reference = await tfjsLoss(120);
    const centre2d = result.randomPlane.metrics.train_loss[12];
    const centre1d = result.slice.metrics.train_loss[8];
    for (const centre of [centre2d, centre1d]) {
      assert.ok(
        Math.abs(centre - reference.loss) <= 1e-5 * reference.loss,
        `scan centre ${centre}, TF.js ${reference.loss}`,
      );
    }
    // The weights scanned are the file's, bit for bit: no step was taken.
    const saved = new Float32Array((await Deno.readFile(`${out}/run/checkpoints.f32`)).buffer);
    assert.deepEqual(saved, reference.values);
    assert.equal(result.history.length, 1);
    assert.equal(result.pcaPlane, undefined);
    assert.ok(!notes.some((line) => /training|PCA/.test(line)), notes.join("\n"));
    const run = JSON.parse(await Deno.readTextFile(`${out}/run.json`));
    assert.equal(run.training, `no training: weights from ${modelFile}`);
    assert.equal(run.complete, true);
    const html = await Deno.readTextFile(`${out}/report.html`);
    assert.match(html, new RegExp(`no training: weights from ${modelFile}`));
    assert.match(html, /1D slice through the loaded weights/);
    assert.doesNotMatch(html, /through the minimum/);
    assert.doesNotMatch(html, /<section id="(training|pca-plane)">/);
    assert.match(html, /<section id="slice">/);
    assert.match(html, /<section id="random-plane">/);
    assert.doesNotMatch(html, /warning/i);
  });

  it("says so when a loaded model is trained further, and why there is no PCA plane", async () => {
    const notes: string[] = [];
    const out = `${dir}/trained`;
    const result = await runScan({
      ...data,
      model: modelFile,
      epochs: 1,
      samples: 5000,
      out,
      onNote: (line) => notes.push(line),
    });
    assert.ok(
      notes.some((line) =>
        line.includes(`training the weights loaded from ${modelFile} for 1 more epoch`)
      ),
      notes.join("\n"),
    );
    const pca = notes.find((line) => line.startsWith("No PCA plane"));
    assert.match(pca ?? "", /needs 3 or more checkpoints and the run has 2/);
    assert.ok(
      notes.some((line) => /^--samples 5000: the training split has 160 samples/.test(line)),
      notes.join("\n"),
    );
    assert.equal(result.pcaPlane, undefined);
    const html = await Deno.readTextFile(`${out}/report.html`);
    assert.match(html, /No PCA plane: it needs 3 or more checkpoints/);
    assert.match(html, /starting from the weights in /);
  });
});
