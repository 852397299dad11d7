// Every layer type, activation and loss, differentiated each way losscape differentiates: a
// training step (dropout and batch statistics on), the weight and input gradients at inference
// (influence, saliency) and a Hessian-vector product (curvature). tfjs-core registers no
// gradients, so a kernel one of them records without a registered gradient fails here, naming
// the kernel. A new layer type, activation or loss without a case fails too.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import { createHessianOperator } from "../lib/analysis/curvature/hessian_operator.ts";
import { initializeModel } from "../lib/model/init_model.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import {
  ACTIVATIONS,
  LAYER_TYPES,
  type LayerSpec,
  type LayerType,
  LOSSES,
  type LossName,
  type ModelSpec,
} from "../lib/model/spec.ts";
import { createRng } from "../lib/random.ts";
import { perSampleLoss } from "../lib/train/losses.ts";
import { modelForward } from "../lib/train/model_forward.ts";
import { loadTfjs } from "../lib/train/tfjs.ts";

const tf = await loadTfjs();
const conv = (filters: number, extra: Partial<LayerSpec> = {}) =>
  ({ type: "conv2d", filters, kernelSize: 3, ...extra }) as LayerSpec;
const dense = (units: number, extra: Partial<LayerSpec> = {}) =>
  ({ type: "dense", units, ...extra }) as LayerSpec;

/** Per layer type: an input shape and the layers before the classifier. */
const LAYER_CASES: Record<LayerType, [number[], LayerSpec[]]> = {
  dense: [[5], [dense(4, { activation: "tanh" })]],
  conv2d: [[6, 5, 2], [conv(3, { strides: 2, padding: "same" }), { type: "flatten" }]],
  "max-pool2d": [[6, 6, 2], [
    conv(3, { padding: "same", activation: "relu" }),
    { type: "max-pool2d", poolSize: 3, strides: 2, padding: "same" },
    { type: "flatten" },
  ]],
  "avg-pool2d": [[6, 5, 2], [conv(2), { type: "avg-pool2d", poolSize: 2 }, { type: "flatten" }]],
  "global-avg-pool2d": [[5, 5, 2], [conv(3), { type: "global-avg-pool2d" }]],
  flatten: [[3, 4, 2], [conv(2, { padding: "same" }), { type: "flatten" }]],
  "batch-norm": [[5], [dense(4), { type: "batch-norm", epsilon: 0.01 }]],
  dropout: [[5], [dense(4, { activation: "relu" }), { type: "dropout", rate: 0.3 }]],
  activation: [[5], [dense(4), { type: "activation", activation: "elu", alpha: 0.5 }]],
  residual: [[5, 5, 2], [
    conv(3, { padding: "same" }),
    {
      type: "residual",
      shortcut: "projection",
      layers: [conv(4, { strides: 2, padding: "same" }), { type: "batch-norm" }],
    },
    { type: "residual", layers: [conv(4, { padding: "same" })] },
    { type: "flatten" },
  ]],
  reshape: [[24], [{ type: "reshape", targetShape: [4, -1, 2] }, conv(2), { type: "flatten" }]],
  rescaling: [[5], [{ type: "rescaling", scale: 0.5, offset: 0.1 }, dense(4)]],
  normalization: [[5], [{ type: "normalization", mean: 0.2, variance: 2 }, dense(4)]],
};

function spec(inputShape: number[], layers: LayerSpec[], loss: LossName): ModelSpec {
  const outputs = loss === "binary-cross-entropy" ? 1 : 3;
  const last: Partial<LayerSpec> = loss === "probability-cross-entropy"
    ? { activation: "sigmoid" }
    : {};
  return { kind: "sequential", inputShape, loss, layers: [...layers, dense(outputs, last)] };
}

/** Runs `task`; a missing gradient fails the test with the kernel's name and the case. */
async function differentiate(name: string, task: () => unknown): Promise<void> {
  try {
    await task();
  } catch (error) {
    const kernel = String(error).match(/gradient function not found for (\w+)/)?.[1];
    if (kernel) assert.fail(`${name}: no gradient registered for the kernel ${kernel}`);
    throw error;
  }
}

/** Training step, inference weight + input gradients and a Hessian-vector product. */
async function everyWay(name: string, model: ModelSpec): Promise<void> {
  const resolved = resolveModel(model);
  const layout = modelLayout(resolved);
  const values = initializeModel(resolved, layout, 1);
  const rng = createRng(2);
  const count = 6, features = model.inputShape.reduce((a, b) => a * b, 1);
  const classes = model.loss === "binary-cross-entropy" ? 2 : 3;
  const x = Float32Array.from({ length: count * features }, () => rng.normal());
  const y = Int32Array.from({ length: count }, (_, i) => i % classes);
  const before = tf.memory().numTensors;
  for (const training of [true, false]) {
    await differentiate(`${name} (${training ? "training" : "inference"})`, () =>
      tf.tidy(() => {
        const params = layout.tensors.map((slot) =>
          tf.tensor(values.subarray(slot.offset, slot.offset + slot.size), slot.shape)
        );
        const lookup = (n: string) => params[layout.tensors.findIndex((s) => s.name === n)];
        const labels = tf.tensor1d(y, "int32");
        const loss = (input: Tensor, ..._weights: Tensor[]) => {
          const out = modelForward(tf, resolved, lookup, input, { training, dropoutSeed: 3 });
          return tf.mean(perSampleLoss(tf, model.loss!, out, labels).loss);
        };
        // Training normalises with the batch's statistics: the moving ones are not used.
        const used = params.filter((_, i) =>
          !training || !layout.tensors[i].role.startsWith("moving")
        );
        const grads = tf.grads(loss)([tf.tensor2d(x, [count, features]), ...used]);
        for (const g of grads) assert.ok(g.dataSync().every(Number.isFinite));
      }));
  }
  assert.equal(tf.memory().numTensors, before, `${name}: tensors leaked`);
  await differentiate(`${name} (Hessian-vector product)`, async () => {
    const hessian = await createHessianOperator({
      model,
      values,
      data: { x, y, count, features, classes },
    });
    const v = Float64Array.from({ length: hessian.size }, () => rng.normal());
    assert.ok(hessian.apply(v).every(Number.isFinite));
  });
}

describe("every layer type, activation and loss has the gradients it records", () => {
  for (const type of LAYER_TYPES) {
    it(`layer type ${type}`, async () => {
      const [inputShape, layers] = LAYER_CASES[type];
      await everyWay(type, spec(inputShape, layers, "softmax-cross-entropy"));
    });
  }
  it("every activation inside a dense layer", async () => {
    for (const activation of ACTIVATIONS) {
      await everyWay(activation, spec([5], [dense(4, { activation })], "mse"));
    }
  });
  it("every loss", async () => {
    for (const loss of LOSSES) await everyWay(loss, spec([5], [dense(4)], loss));
  });
});
