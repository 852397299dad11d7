// Training on two threads (lib/train/split_gradients.ts): each batch's gradient as the float64
// combination of two half means, the second half on a Worker with its own TF.js. Checked against
// TF.js on one thread over the whole batch (float32 tolerance: only the order of the sums moves),
// against the halves computed on this thread (bit for bit: the Worker runs the same code), and in
// training: close to one thread, deterministic, resumable bit for bit, no leaked tensors, and the
// Worker closed on every way out.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Variable } from "npm:@tensorflow/tfjs-core@4.22.0";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { createBatchGradients } from "../lib/train/batch_gradients.ts";
import { createSplitGradients } from "../lib/train/split_gradients.ts";
import { trainThreadsFor } from "../lib/train/train_threads.ts";
import { type TrainingState, trainModel } from "../lib/train/train_model.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { initializeModel } from "../lib/model/init_model.ts";
import { preset } from "../lib/model/presets.ts";
import { createAugmenter } from "../lib/train/augment.ts";
import { createRng } from "../lib/random.ts";
import { LosscapeError } from "../lib/errors.ts";
import type { Dataset } from "../lib/data/dataset.ts";
import type { ModelSpec } from "../lib/model/spec.ts";

const images = (count: number, seed: number): Dataset & { shape: number[] } => {
  const rng = createRng(seed);
  return {
    x: Float32Array.from({ length: count * 36 }, () => rng.normal()),
    y: Int32Array.from({ length: count }, () => rng.int(3)),
    count,
    features: 36,
    classes: 3,
    shape: [6, 6, 1],
  };
};

/** conv 4@3x3 (ReLU) - max-pool 2 - conv 3@3x3 stride 2 (linear) - flatten - dense 3. */
const convNet: ModelSpec = {
  kind: "sequential",
  inputShape: [6, 6, 1],
  layers: [
    { type: "conv2d", filters: 4, kernelSize: 3, padding: "same", activation: "relu" },
    { type: "max-pool2d", poolSize: 2 },
    { type: "conv2d", filters: 3, kernelSize: 3, strides: 2, padding: "same" },
    { type: "flatten" },
    { type: "dense", units: 3 },
  ],
};

/** The model's weights as TF.js variables on this thread, and a disposer. */
async function onThisThread(spec: ModelSpec, seed: number) {
  const tf = await loadTfjs();
  const model = resolveModel(spec);
  const layout = modelLayout(model);
  const values = initializeModel(model, layout, seed);
  const variables = new Map<string, Variable>();
  for (const slot of layout.tensors) {
    const initial = tf.tensor(values.subarray(slot.offset, slot.offset + slot.size), slot.shape);
    variables.set(slot.name, tf.variable(initial));
    initial.dispose();
  }
  const param = (name: string) => variables.get(name)!;
  return {
    tf,
    model,
    layout,
    values,
    variables,
    param,
    dispose: () => variables.forEach((variable) => variable.dispose()),
  };
}

const largest = (values: Float32Array) => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe("training on two threads", () => {
  it("the split gradient equals TF.js on one thread within float32 rounding, and the halves combined in float64 bit for bit", async () => {
    const setup = await onThisThread(convNet, 3);
    const { tf, model, layout, values, variables, param } = setup;
    const before = tf.memory().numTensors;
    const one = createBatchGradients(tf, model, layout, param, variables, 0);
    const split = createSplitGradients({
      tf,
      model,
      layout,
      param,
      variables,
      values,
      seed: 0,
      batchSize: 16,
      features: 36,
    });
    try {
      // 16 rows (8 + 8), 13 (7 + 6), 2 (1 + 1), 1 (this thread alone).
      for (const count of [16, 13, 2, 1]) {
        const { x, y } = images(count, count);
        const whole = new Float32Array(layout.size);
        const wholeLoss = one(x, y, 4, whole, new Map());
        const grads = new Float32Array(layout.size);
        const loss = await split(x, y, 4, grads);
        // Float32 sums in another order: 1e-5 of the largest component (observed: about 1e-7).
        const tolerance = 1e-5 * largest(whole);
        for (let i = 0; i < layout.size; i++) {
          assert.ok(
            Math.abs(grads[i] - whole[i]) <= tolerance,
            `${count} rows, weight ${i}: ${grads[i]} against ${whole[i]}`,
          );
        }
        assert.ok(Math.abs(loss - wholeLoss) <= 1e-6 * Math.abs(wholeLoss), `${count} rows: loss`);
        const head = Math.ceil(count / 2);
        if (head === count) {
          assert.deepEqual(grads, whole);
          continue;
        }
        const first = new Float32Array(layout.size), second = new Float32Array(layout.size);
        const firstLoss = one(x.subarray(0, head * 36), y.subarray(0, head), 4, first, new Map());
        const secondLoss = one(x.subarray(head * 36), y.subarray(head), 4, second, new Map());
        const rest = count - head;
        const combined = first.map((g, i) => (head * g + rest * second[i]) / count);
        assert.deepEqual(grads, combined, `${count} rows: the halves combined`);
        assert.equal(loss, (head * firstLoss + rest * secondLoss) / count);
      }
    } finally {
      split.dispose();
    }
    assert.equal(tf.memory().numTensors, before);
    setup.dispose();
  });

  it("reads the weights at each call, rejects once disposed, disposes before it is ready", async () => {
    const setup = await onThisThread(convNet, 4);
    const { tf, model, layout, values, variables, param } = setup;
    const split = createSplitGradients({
      tf,
      model,
      layout,
      param,
      variables,
      values,
      seed: 0,
      batchSize: 8,
      features: 36,
    });
    const { x, y } = images(8, 5);
    const first = new Float32Array(layout.size);
    await split(x, y, 0, first);
    // New weights on both threads: this thread's variables and the values the Worker copies.
    values.forEach((v, i) => values[i] = v * 0.5);
    for (const slot of layout.tensors) {
      const update = tf.tensor(values.subarray(slot.offset, slot.offset + slot.size), slot.shape);
      variables.get(slot.name)!.assign(update);
      update.dispose();
    }
    const second = new Float32Array(layout.size);
    await split(x, y, 0, second);
    const whole = new Float32Array(layout.size);
    createBatchGradients(tf, model, layout, param, variables, 0)(x, y, 0, whole, new Map());
    const tolerance = 1e-5 * largest(whole);
    assert.ok(second.every((g, i) => Math.abs(g - whole[i]) <= tolerance));
    assert.notDeepEqual(second, first);
    const pending = split(x, y, 0, new Float32Array(layout.size));
    split.dispose();
    await assert.rejects(pending, /disposed/);
    split.dispose();
    // Disposed before its Worker is ready: no unhandled rejection.
    createSplitGradients({
      tf,
      model,
      layout,
      param,
      variables,
      values,
      seed: 0,
      batchSize: 8,
      features: 36,
    }).dispose();
    await new Promise((resolve) => setTimeout(resolve, 100));
    setup.dispose();
  });

  it("trains close to one thread, and two runs give the same bits", async () => {
    const data = { train: images(96, 7), test: images(24, 8) };
    const run = (trainThreads: number) =>
      trainModel({ spec: convNet, data, epochs: 2, batchSize: 16, seed: 2, trainThreads });
    const tf = await loadTfjs();
    const before = tf.memory().numTensors;
    const [one, a, b] = [await run(1), await run(2), await run(2)];
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(a.params.values, b.params.values);
    assert.deepEqual(a.history, b.history);
    assert.notDeepEqual(a.params.values, one.params.values);
    // 12 steps of SGD with momentum from a per-step difference of float32 rounding: 1e-4 of
    // the largest weight.
    const tolerance = 1e-4 * largest(one.params.values);
    one.params.values.forEach((w, i) =>
      assert.ok(Math.abs(a.params.values[i] - w) <= tolerance, `weight ${i}`)
    );
    assert.ok(Math.abs(a.history.at(-1)!.trainLoss - one.history.at(-1)!.trainLoss) < 1e-4);
  });

  it("resumes from any checkpoint (mid-epoch too, with augmentation) to the same weights bit for bit", async () => {
    const data = { train: images(40, 9), test: images(12, 10) };
    const augment = createAugmenter({ shape: [6, 6, 1], shiftPixels: 1, noiseStd: 0.1 });
    const states: TrainingState[] = [];
    const options = {
      spec: convNet,
      data,
      epochs: 3,
      batchSize: 8,
      seed: 5,
      augment,
      checkpointEvery: 3,
      trainThreads: 2,
    };
    const full = await trainModel({
      ...options,
      onCheckpoint: (_c, _r, state) => void states.push(state),
    });
    // 5 steps an epoch: checkpoints 1 and 3 (steps 3 and 9) fall inside epochs.
    for (const k of [1, 3]) {
      const resumed = await trainModel({
        ...options,
        resume: {
          checkpoints: full.checkpoints.slice(0, k + 1),
          history: full.history.slice(0, k + 1),
          state: states[k],
        },
      });
      assert.deepEqual(resumed.params.values, full.params.values, `resumed from checkpoint ${k}`);
      assert.deepEqual(resumed.history, full.history);
    }
  });

  it("closes its Worker on every way out: no steps, the end, divergence, a failing checkpoint write", async () => {
    // A Worker left running keeps a Deno process alive, so a child process that trains three
    // times and then has nothing left to do must exit by itself.
    const script = `
      import { trainModel } from "${new URL("../lib/train/train_model.ts", import.meta.url)}";
      const spec = ${JSON.stringify(convNet)};
      const data = (count) => ({
        x: Float32Array.from({ length: count * 36 }, (_, i) => Math.sin(i)),
        y: Int32Array.from({ length: count }, (_, i) => i % 3),
        count, features: 36, classes: 3,
      });
      const options = { spec, data: { train: data(64), test: data(16) }, batchSize: 16, trainThreads: 2 };
      await trainModel({ ...options, epochs: 0 });
      await trainModel({ ...options, epochs: 1 });
      console.log("ended");
      await trainModel({ ...options, epochs: 50, optimizer: { kind: "sgd", learningRate: 1e4 } })
        .catch((error) => console.log(error.message.split(":")[0]));
      await trainModel({ ...options, epochs: 2, onCheckpoint: (c) => { if (c.step > 0) throw new Error("disk full"); } })
        .catch((error) => console.log(error.message));
    `;
    const child = new Deno.Command("deno", {
      args: ["eval", "--no-check", script],
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(120_000),
    });
    const { code, stdout, stderr } = await child.output();
    const printed = new TextDecoder().decode(stdout).trim().split("\n");
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    assert.equal(printed[0], "ended");
    assert.match(printed[1], /^Training diverged at step \d+ \(epoch \d+\)$/);
    assert.equal(printed[2], "disk full");
  });

  it("the rule: 2 for a convolution without batch norm or dropout, else 1; 2 refused with them", () => {
    assert.equal(trainThreadsFor(resolveModel(preset("cnn"))), 2);
    assert.equal(trainThreadsFor(resolveModel(preset("mlp"))), 1);
    assert.equal(trainThreadsFor(resolveModel(preset("resnet-tiny"))), 1);
    assert.equal(trainThreadsFor(resolveModel(preset("mlp")), 2), 2);
    assert.equal(trainThreadsFor(resolveModel(preset("cnn")), 1), 1);
    const withDropout = resolveModel({
      ...convNet,
      layers: [...convNet.layers, { type: "dropout", rate: 0.1 }],
    });
    assert.equal(trainThreadsFor(withDropout), 1);
    assert.throws(
      () => trainThreadsFor(resolveModel(preset("resnet-tiny")), 2),
      (error: unknown) =>
        error instanceof LosscapeError &&
        /batch norm or dropout.*has batch-norm/.test(error.message),
    );
    assert.throws(() => trainThreadsFor(withDropout, 2), /has dropout/);
    assert.throws(() => trainThreadsFor(withDropout, 3), /must be 1 or 2: got 3/);
  });
});
