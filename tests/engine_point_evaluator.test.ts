// The engine's score of one weight vector (lib/engine/point_evaluator.ts) and the checkpoint
// scorer built on it (lib/train/checkpoint_scores.ts), against TF.js's evaluation of the same
// weights (lib/train/evaluate_model.ts): loss within 1e-5 relative, accuracy within one sample.
import assert from "node:assert/strict";
import "../lib/engine/kernel/variants.ts";
import { createPointEvaluator } from "../lib/engine/point_evaluator.ts";
import {
  combineScores,
  createCheckpointScorer,
  SCORE_CHUNK,
} from "../lib/train/checkpoint_scores.ts";
import { checkpointScores } from "../lib/train/evaluate_model.ts";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { preset } from "../lib/model/presets.ts";
import { LosscapeError } from "../lib/errors.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { makeData, makePlane } from "./model_parity.ts";

const models: Record<string, { spec: ModelSpec; classes: number }> = {
  "dense ReLU": {
    spec: {
      kind: "sequential",
      inputShape: [12],
      layers: [{ type: "dense", units: 16, activation: "relu" }, { type: "dense", units: 5 }],
    },
    classes: 5,
  },
  "binary cross-entropy": {
    spec: {
      kind: "sequential",
      inputShape: [6],
      loss: "binary-cross-entropy",
      layers: [
        { type: "dense", units: 8, activation: "tanh" },
        { type: "dense", units: 1, activation: "sigmoid" },
      ],
    },
    classes: 2,
  },
  "cnn preset (Winograd 3x3, max-pool)": { spec: preset("cnn"), classes: 10 },
  "resnet-tiny preset (batch norm, shortcuts)": { spec: preset("resnet-tiny"), classes: 10 },
};

const close = (got: { loss: number; accuracy: number }, want: typeof got, count: number) =>
  Math.abs(got.loss - want.loss) <= 1e-5 * Math.abs(want.loss) + 1e-7 &&
  Math.abs(got.accuracy - want.accuracy) <= 1 / count + 1e-9;

Deno.test("point evaluator: loss and accuracy of one weight vector match TF.js", async (t) => {
  const tf = await loadTfjs();
  for (const [name, { spec, classes }] of Object.entries(models)) {
    await t.step(name, async () => {
      const model = resolveModel(spec);
      const { center } = makePlane(spec, 7);
      // 37 and 5 samples: neither a multiple of a sample block.
      const sets = { train: makeData(spec, 37, classes, 8), test: makeData(spec, 5, classes, 9) };
      const want = checkpointScores(tf, model, modelLayout(model), center, sets);
      const evaluator = createPointEvaluator({ spec });
      for (const set of ["train", "test"] as const) {
        const got = await evaluator.scores(center, sets[set]);
        assert.ok(
          close(got, want[set], sets[set].count),
          `${name}, ${set}: engine ${JSON.stringify(got)} against TF.js ${
            JSON.stringify(want[set])
          }`,
        );
      }
      evaluator.dispose();
    });
  }
});

Deno.test("point evaluator: one instance, many calls, the same bits as fresh ones", async () => {
  const spec = preset("cnn");
  const planes = [makePlane(spec, 1), makePlane(spec, 2)];
  const sets = [makeData(spec, 41, 10, 3), makeData(spec, 6, 10, 4)];
  const reused = createPointEvaluator({ spec });
  for (const { center } of planes) {
    for (const data of sets) {
      const fresh = createPointEvaluator({ spec });
      assert.deepEqual(await reused.scores(center, data), await fresh.scores(center, data));
      fresh.dispose();
    }
  }
  // The same array changed in place is packed again, not taken for the weights it held.
  const weights = Float32Array.from(planes[0].center);
  const first = await reused.scores(weights, sets[0]);
  weights[weights.length - 1] += 1;
  const fresh = createPointEvaluator({ spec });
  const changed = await reused.scores(weights, sets[0]);
  assert.deepEqual(changed, await fresh.scores(weights, sets[0]));
  assert.notDeepEqual(changed, first);
  fresh.dispose();
  reused.dispose();
  await assert.rejects(() => reused.scores(planes[0].center, sets[0]), /disposed/);
});

Deno.test("point evaluator: weights of the wrong length are refused before any work", async () => {
  const spec = models["dense ReLU"].spec;
  const evaluator = createPointEvaluator({ spec });
  const data = makeData(spec, 4, 5, 1);
  await assert.rejects(() => evaluator.scores(new Float32Array(3), data), /center/);
  evaluator.dispose();
});

Deno.test("checkpoint scorer: the engine's scores, and TF.js's for a model the kernel does not run", async () => {
  const tf = await loadTfjs();
  const before = tf.memory().numTensors;
  // The engine path: exactly the point evaluator's numbers.
  const spec = models["dense ReLU"].spec;
  const model = resolveModel(spec);
  const { center } = makePlane(spec, 5);
  const sets = { train: makeData(spec, 20, 5, 6), test: makeData(spec, 7, 5, 7) };
  const scorer = createCheckpointScorer(model, modelLayout(model), loadTfjs);
  const engine = createPointEvaluator({ spec });
  assert.deepEqual(await scorer.scores(center, sets), {
    train: await engine.scores(center, sets.train),
    test: await engine.scores(center, sets.test),
  });
  scorer.dispose();
  engine.dispose();
  // Logits straight from a flattened convolution: the kernel refuses the layout (its channels
  // are padded), TF.js evaluates it; the scorer answers with TF.js's numbers, bit for bit.
  const image: ModelSpec = {
    kind: "sequential",
    inputShape: [2, 2, 3],
    layers: [{ type: "conv2d", filters: 3, kernelSize: 1 }, { type: "flatten" }],
  };
  const imageModel = resolveModel(image);
  const weights = makePlane(image, 3).center;
  const imageSets = { train: makeData(image, 9, 12, 4), test: makeData(image, 4, 12, 5) };
  const refused = createPointEvaluator({ spec: image });
  await assert.rejects(() => refused.scores(weights, imageSets.train), LosscapeError);
  refused.dispose();
  const fallback = createCheckpointScorer(imageModel, modelLayout(imageModel), loadTfjs);
  const want = checkpointScores(tf, imageModel, modelLayout(imageModel), weights, imageSets);
  assert.deepEqual(await fallback.scores(weights, imageSets), want);
  assert.deepEqual(await fallback.scores(weights, imageSets), want);
  fallback.dispose();
  assert.equal(tf.memory().numTensors, before, "tensors left behind");
});

Deno.test("checkpoint scorer: a set's two halves of chunks combine to its whole score, bit for bit", async () => {
  const spec = models["dense ReLU"].spec;
  const model = resolveModel(spec);
  const { center } = makePlane(spec, 9);
  // 3 chunks and 1 chunk: the halves are 2 + 1 and 1 + 0 chunks.
  const sets = {
    train: makeData(spec, 2 * SCORE_CHUNK + 40, 5, 10),
    test: makeData(spec, 30, 5, 11),
  };
  const scorer = createCheckpointScorer(model, modelLayout(model), loadTfjs);
  const first = await scorer.parts(center, sets, "first");
  const second = await scorer.parts(center, sets, "second");
  assert.deepEqual([first.train.length, second.train.length, first.test.length], [2, 1, 1]);
  assert.equal(second.test.length, 0);
  const whole = await scorer.scores(center, sets);
  assert.deepEqual(combineScores(first, second), whole);
  // Against one pass over the whole set: float64 rounding apart.
  const engine = createPointEvaluator({ spec });
  const once = await engine.scores(center, sets.train);
  assert.ok(Math.abs(whole.train.loss - once.loss) <= 1e-9 * once.loss);
  assert.equal(whole.train.accuracy, once.accuracy);
  engine.dispose();
  scorer.dispose();
});
