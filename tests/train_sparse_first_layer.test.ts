// Training's first dense layer over nonzero inputs (lib/train/sparse_first_layer.ts): a sparse
// batch's gradient against the one TF.js's dense products give (1e-6 of the largest component;
// the kernel's own sums are checked exactly in tests/engine_kernel_parity.test.ts), a denser
// batch left to TF.js, no tensor left behind, and training through it deterministic.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Variable } from "npm:@tensorflow/tfjs-core@4.22.0";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { createBatchGradients } from "../lib/train/batch_gradients.ts";
import { createSparseFirstLayer, SPARSE_DENSITY } from "../lib/train/sparse_first_layer.ts";
import { trainModel } from "../lib/train/train_model.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { initializeModel } from "../lib/model/init_model.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { createRng } from "../lib/random.ts";

const spec: ModelSpec = {
  kind: "sequential",
  inputShape: [6, 6, 1],
  layers: [
    { type: "flatten" },
    { type: "dense", units: 21, activation: "relu" },
    { type: "dense", units: 4 },
  ],
};
const features = 36;

/** Rows where a share `lit` of the inputs is nonzero, in [0, 1] as pixels are. */
function batch(rows: number, lit: number, seed: number) {
  const rng = createRng(seed);
  const x = Float32Array.from(
    { length: rows * features },
    () => (rng.uniform() < lit ? rng.uniform() : 0),
  );
  const labels = Int32Array.from({ length: rows }, () => rng.int(4));
  return { x, labels };
}

describe("sparse first layer in training", () => {
  it("a sparse batch's gradient matches TF.js's dense products; a dense batch is left to them", async () => {
    const tf = await loadTfjs();
    const model = resolveModel(spec);
    const layout = modelLayout(model);
    const values = initializeModel(model, layout, 1);
    const before = tf.memory().numTensors;
    const variables = new Map<string, Variable>(layout.tensors.map((slot) => [
      slot.name,
      tf.tidy(() =>
        tf.variable(tf.tensor(values.subarray(slot.offset, slot.offset + slot.size), slot.shape))
      ),
    ]));
    const param = (name: string) => variables.get(name)!;
    const sparse = await createSparseFirstLayer(tf, { features, units: 21, maxRows: 16 });
    const dense = createBatchGradients(tf, model, layout, param, variables, 0);
    const skipping = createBatchGradients(tf, model, layout, param, variables, 0, sparse);
    for (const [rows, lit] of [[16, 0.2], [5, 0.1], [16, 0.9]] as const) {
      const { x, labels } = batch(rows, lit, rows);
      const want = new Float32Array(layout.size), got = new Float32Array(layout.size);
      const wantLoss = dense(x, labels, 0, want, new Map());
      const gotLoss = skipping(x, labels, 0, got, new Map());
      assert.equal(gotLoss, wantLoss, "the same logits, so the same loss");
      const scale = want.reduce((top, v) => Math.max(top, Math.abs(v)), 0);
      assert.ok(scale > 0);
      for (let i = 0; i < want.length; i++) {
        assert.ok(Math.abs(got[i] - want[i]) <= 1e-6 * scale, `[${i}] ${got[i]} vs ${want[i]}`);
      }
      const listed = sparse.product(x, rows, param("dense0/kernel"));
      assert.equal(listed === null, lit > SPARSE_DENSITY, `lit ${lit}: which path`);
      listed?.dispose();
    }
    for (const variable of variables.values()) variable.dispose();
    assert.equal(tf.memory().numTensors, before, "tensors left behind");
  });

  it("refuses a batch larger than it was made for", async () => {
    const tf = await loadTfjs();
    const sparse = await createSparseFirstLayer(tf, { features, units: 3, maxRows: 2 });
    const kernel = tf.zeros([features, 3]);
    assert.throws(() => sparse.product(new Float32Array(3 * features), 3, kernel), RangeError);
    assert.throws(
      () => sparse.weightGradient(tf.zeros([2, 3]), new Float32Array(1), 0),
      /no batch/,
    );
    kernel.dispose();
  });

  it("trains through it deterministically, with the same final weights as TF.js's products within 1e-4", async () => {
    const rows = 96;
    const rng = createRng(3);
    const { x, labels } = batch(rows, 0.2, 7);
    for (let i = 0; i < rows; i++) labels[i] = x[i * features + 14] > 0 ? 1 : rng.int(4);
    const set = { x, y: labels, count: rows, features, classes: 4, shape: [6, 6, 1] };
    const run = (trainThreads: number) =>
      trainModel({ spec, data: { train: set, test: set }, epochs: 2, batchSize: 16, trainThreads });
    const [a, b] = [await run(1), await run(1)];
    assert.deepEqual(a.params.values, b.params.values, "same seed, same bits");
    // Two threads never take the sparse path: TF.js's dense products on every step.
    const reference = await run(2);
    const scale = reference.params.values.reduce((top, v) => Math.max(top, Math.abs(v)), 0);
    a.params.values.forEach((v, i) =>
      assert.ok(Math.abs(v - reference.params.values[i]) <= 1e-4 * scale, `[${i}]`)
    );
  });
});
