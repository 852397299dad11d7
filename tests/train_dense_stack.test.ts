// Dense stacks back-propagated by hand: the same gradients as TF.js's tape over the same
// forward pass and loss op, bit for bit (activations, bias or none, flatten first, a fused final
// softmax), and within float32 rounding of the stock loss composition; which models take the
// path; and a training run through it is deterministic and leaves no tensor behind.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Scalar, Tensor, Variable } from "npm:@tensorflow/tfjs-core@4.22.0";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { denseStack, denseStackGradients } from "../lib/train/dense_stack_gradients.ts";
import { softmaxCrossEntropyTraining } from "../lib/train/softmax_cross_entropy_training.ts";
import { readTensorInto } from "../lib/train/host_op.ts";
import { modelForward } from "../lib/train/model_forward.ts";
import { perSampleLoss } from "../lib/train/losses.ts";
import { trainModel } from "../lib/train/train_model.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { initializeModel } from "../lib/model/init_model.ts";
import { preset } from "../lib/model/presets.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { createRng } from "../lib/random.ts";

const STACKS: Record<string, ModelSpec> = {
  "relu then linear (the default MLP's shape)": {
    kind: "sequential",
    inputShape: [7],
    layers: [{ type: "dense", units: 5, activation: "relu" }, { type: "dense", units: 3 }],
  },
  "flatten, tanh without bias, sigmoid, fused softmax": {
    kind: "sequential",
    inputShape: [3, 3, 1],
    layers: [
      { type: "flatten" },
      { type: "dense", units: 6, activation: "tanh", useBias: false },
      { type: "dense", units: 4, activation: "sigmoid" },
      { type: "dense", units: 5, activation: "softmax" },
    ],
  },
  "one layer": {
    kind: "sequential",
    inputShape: [4],
    layers: [{ type: "dense", units: 2 }],
  },
};

describe("dense stack gradients", () => {
  for (const [name, spec] of Object.entries(STACKS)) {
    it(`${name}: equal the tape's bit for bit and the stock loss's to 1e-5`, async () => {
      const tf = await loadTfjs();
      const model = resolveModel(spec);
      const layout = modelLayout(model);
      const stack = denseStack(model);
      assert.ok(stack, "takes the dense path");
      const values = initializeModel(model, layout, 3);
      const rng = createRng(5);
      const count = 9, features = layout.tensors[0].shape[0], classes = model.outputShape[0];
      const x = Float32Array.from({ length: count * features }, () => rng.normal());
      const labels = Int32Array.from({ length: count }, () => rng.int(classes));
      const before = tf.memory().numTensors;
      const variables = new Map<string, Variable>(layout.tensors.map((slot) => [
        slot.name,
        tf.tidy(() =>
          tf.variable(tf.tensor(values.subarray(slot.offset, slot.offset + slot.size), slot.shape))
        ),
      ]));
      const param = (key: string): Tensor => variables.get(key)!;
      const flat = (read: (slot: string) => Tensor) => {
        const out = new Float32Array(layout.size);
        for (const slot of layout.tensors) readTensorInto(tf, read(slot.name), out, slot.offset);
        return out;
      };
      const [ours, tape, stock] = tf.tidy(() => {
        const batch = tf.tensor2d(x, [count, features]);
        const byHand = denseStackGradients(tf, stack, param, batch, labels);
        const viaTape = (fused: boolean) => {
          const { value, grads } = tf.variableGrads(() => {
            const outputs = modelForward(tf, model, param, batch, { training: true });
            return (fused ? softmaxCrossEntropyTraining(tf, outputs, labels) : tf.mean(
              perSampleLoss(tf, model.spec.loss, outputs, tf.tensor1d(labels, "int32")).loss,
            )) as Scalar;
          }, [...variables.values()]);
          return {
            loss: value.dataSync()[0],
            grads: flat((key) => grads[variables.get(key)!.name]),
          };
        };
        return [
          { loss: byHand.loss, grads: flat((key) => byHand.gradients.get(key)!) },
          viaTape(true),
          viaTape(false),
        ];
      });
      variables.forEach((variable) => variable.dispose());
      assert.equal(tf.memory().numTensors, before, "no tensor left");
      assert.equal(ours.loss, tape.loss, "loss");
      assert.deepEqual(ours.grads, tape.grads, "gradients, bit for bit");
      assert.ok(Math.abs(ours.loss - stock.loss) <= 1e-5 * (1 + stock.loss), "loss vs stock");
      ours.grads.forEach((g, i) =>
        assert.ok(Math.abs(g - stock.grads[i]) <= 1e-5, `gradient[${i}] ${g} vs ${stock.grads[i]}`)
      );
    });
  }

  it("takes only dense stacks with softmax cross-entropy and activations it differentiates", () => {
    const dense = (activation: string) => ({ type: "dense", units: 3, activation }) as const;
    const spec = (layers: unknown[], extra: Partial<ModelSpec> = {}) =>
      resolveModel({ kind: "sequential", inputShape: [4], layers, ...extra } as ModelSpec);
    assert.ok(denseStack(resolveModel(preset("mlp"))));
    assert.equal(denseStack(resolveModel(preset("cnn"))), undefined, "convolutions");
    assert.equal(denseStack(spec([dense("relu")], { loss: "mse" })), undefined, "mse");
    assert.equal(denseStack(spec([dense("leaky-relu"), dense("linear")])), undefined, "leaky");
    assert.equal(denseStack(spec([dense("softmax"), dense("linear")])), undefined, "inner softmax");
    assert.equal(
      denseStack(spec([dense("relu"), { type: "dropout", rate: 0.5 }, dense("linear")])),
      undefined,
      "dropout",
    );
  });

  it("training a dense stack twice with one seed gives the same checkpoints bit for bit", async () => {
    const tf = await loadTfjs();
    const rng = createRng(9);
    const data = (count: number) => ({
      x: Float32Array.from({ length: count * 7 }, () => rng.normal()),
      y: Int32Array.from({ length: count }, () => rng.int(3)),
      count,
      features: 7,
      classes: 3,
    });
    const split = { train: data(40), test: data(10) };
    const before = tf.memory().numTensors;
    const run = () =>
      trainModel({
        spec: STACKS["relu then linear (the default MLP's shape)"],
        data: split,
        epochs: 2,
        batchSize: 16,
      });
    const [a, b] = [await run(), await run()];
    assert.equal(tf.memory().numTensors, before, "no tensor left");
    assert.equal(a.checkpoints.length, 3);
    a.checkpoints.forEach((checkpoint, i) =>
      assert.deepEqual(checkpoint.values, b.checkpoints[i].values)
    );
    assert.deepEqual(a.history, b.history);
    assert.ok(a.history[2].trainLoss < a.history[0].trainLoss, "the loss falls");
  });
});
