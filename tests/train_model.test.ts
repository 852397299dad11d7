// The training loop: the Conv2D filter gradient it registers for the WASM backend (against the
// definition), batch-norm moving statistics (against a hand computation), determinism, and a
// diverging run stopping with the step while keeping its checkpoints.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { conv2dFilterGradient } from "../lib/train/conv_gradient.ts";
import { type TrainingState, trainModel } from "../lib/train/train_model.ts";
import { createAugmenter } from "../lib/train/augment.ts";
import { createRng } from "../lib/random.ts";
import { LosscapeError } from "../lib/errors.ts";
import type { Dataset } from "../lib/data/dataset.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { slotOf } from "../lib/model/layout.ts";
import { SCORE_CHUNK } from "../lib/train/checkpoint_scores.ts";
import "../lib/engine/kernel/variants.ts";
import { createPointEvaluator } from "../lib/engine/point_evaluator.ts";

/** dW[i,j,c,o] = sum over n, y, x of xpad[n, y*s+i, x*s+j, c] * dy[n, y, x, o], in float64. */
function filterGradientByDefinition(
  x: Float32Array,
  [n, h, w, c]: number[],
  dy: Float32Array,
  [, oh, ow, o]: number[],
  [kh, kw]: number[],
  [sh, sw]: number[],
  padding: "same" | "valid",
) {
  const top = padding === "same" ? Math.floor(Math.max((oh - 1) * sh + kh - h, 0) / 2) : 0;
  const left = padding === "same" ? Math.floor(Math.max((ow - 1) * sw + kw - w, 0) / 2) : 0;
  const dw = new Float64Array(kh * kw * c * o);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      for (let xo = 0; xo < ow; xo++) {
        for (let i = 0; i < kh; i++) {
          for (let j = 0; j < kw; j++) {
            const row = y * sh + i - top, col = xo * sw + j - left;
            if (row < 0 || row >= h || col < 0 || col >= w) continue;
            for (let ci = 0; ci < c; ci++) {
              const xv = x[((b * h + row) * w + col) * c + ci];
              for (let co = 0; co < o; co++) {
                dw[((i * kw + j) * c + ci) * o + co] += xv * dy[((b * oh + y) * ow + xo) * o + co];
              }
            }
          }
        }
      }
    }
  }
  return dw;
}

const tiny = (count: number, features: number, classes: number, seed: number): Dataset => {
  const rng = createRng(seed);
  return {
    x: Float32Array.from({ length: count * features }, () => rng.normal()),
    y: Int32Array.from({ length: count }, () => rng.int(classes)),
    count,
    features,
    classes,
  };
};

describe("training", () => {
  it("Conv2D filter gradient equals its definition (stride 1 and 2, same and valid, odd sizes)", async () => {
    const tf = await loadTfjs();
    const rng = createRng(1);
    type Shape4 = [number, number, number, number];
    const cases: [Shape4, Shape4, [number, number], "same" | "valid"][] = [
      [[2, 5, 7, 3], [3, 3, 3, 4], [1, 1], "same"],
      [[1, 7, 5, 1], [3, 3, 1, 5], [2, 2], "same"],
      [[3, 9, 8, 2], [5, 5, 2, 3], [2, 2], "valid"],
      [[1, 4, 4, 2], [1, 1, 2, 3], [2, 1], "same"],
      [[2, 8, 9, 1], [3, 2, 1, 2], [2, 3], "valid"],
    ];
    for (const [xShape, kShape, strides, padding] of cases) {
      const x = Float32Array.from({ length: xShape.reduce((a, b) => a * b) }, () => rng.normal());
      const kernel = tf.zeros(kShape) as ReturnType<typeof tf.tensor4d>;
      const out = tf.conv2d(
        tf.tensor4d(x, xShape),
        kernel,
        strides as [number, number],
        padding,
      );
      const dy = Float32Array.from({ length: out.size }, () => rng.normal());
      const got = conv2dFilterGradient(
        tf,
        tf.tensor4d(x, xShape),
        tf.tensor4d(dy, out.shape),
        kShape,
        strides,
        padding,
      ).dataSync();
      const want = filterGradientByDefinition(x, xShape, dy, out.shape, kShape, strides, padding);
      want.forEach((value, i) =>
        assert.ok(
          Math.abs(got[i] - value) <= 1e-4 * (1 + Math.abs(value)),
          `${xShape} ${kShape} ${strides} ${padding} [${i}]: ${got[i]} vs ${value}`,
        )
      );
    }
  });

  it("batch-norm moving statistics after one step follow Keras's rule", async () => {
    const spec: ModelSpec = {
      kind: "sequential",
      inputShape: [3],
      layers: [{ type: "batch-norm", momentum: 0.9 }, { type: "dense", units: 2 }],
    };
    const data = tiny(8, 3, 2, 2);
    const result = await trainModel({
      spec,
      data: { train: data, test: data },
      epochs: 1,
      batchSize: 8,
    });
    const { layout, values } = result.params;
    // One batch holds every sample, so the batch statistics are the data's (biased variance).
    for (let f = 0; f < 3; f++) {
      const column = Array.from({ length: 8 }, (_, i) => data.x[i * 3 + f]);
      const mean = column.reduce((a, b) => a + b) / 8;
      const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / 8;
      const movingMean = values[slotOf(layout, "bn0/moving-mean").offset + f];
      const movingVariance = values[slotOf(layout, "bn0/moving-variance").offset + f];
      assert.ok(Math.abs(movingMean - 0.1 * mean) < 1e-6, `mean ${movingMean} vs ${0.1 * mean}`);
      assert.ok(
        Math.abs(movingVariance - (0.9 + 0.1 * variance)) < 1e-5,
        `variance ${movingVariance}`,
      );
    }
  });

  it("the same seed gives the same checkpoints bit for bit; another seed does not", async () => {
    const spec: ModelSpec = {
      kind: "sequential",
      inputShape: [6],
      layers: [{ type: "dense", units: 5, activation: "relu" }, { type: "dropout", rate: 0.2 }, {
        type: "dense",
        units: 3,
      }],
    };
    const data = { train: tiny(96, 6, 3, 3), test: tiny(32, 6, 3, 4) };
    const run = (seed: number) =>
      trainModel({ spec, data, epochs: 2, batchSize: 16, seed, checkpointEvery: 4 });
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    assert.equal(a.checkpoints.length, 1 + 12 / 4);
    a.checkpoints.forEach((checkpoint, i) =>
      assert.deepEqual(checkpoint.values, b.checkpoints[i].values)
    );
    assert.deepEqual(a.history, b.history);
    assert.notDeepEqual(a.params.values, c.params.values);
  });

  it("stops a diverging run with the step, after handing over the checkpoints made so far", async () => {
    const spec: ModelSpec = {
      kind: "sequential",
      inputShape: [4],
      layers: [{ type: "dense", units: 3 }],
      loss: "mse",
    };
    const data = { train: tiny(64, 4, 3, 5), test: tiny(16, 4, 3, 6) };
    const saved: number[] = [];
    await assert.rejects(
      trainModel({
        spec,
        data,
        epochs: 50,
        batchSize: 16,
        checkpointEvery: 2,
        optimizer: { kind: "sgd", learningRate: 1e3 },
        onCheckpoint: (checkpoint) => {
          saved.push(checkpoint.step);
        },
      }),
      (error: unknown) => {
        assert.ok(error instanceof LosscapeError);
        assert.match(
          error.message,
          /^Training diverged at step \d+ \(epoch \d+\): the batch loss is (NaN|Infinity)/,
        );
        assert.match(error.message, new RegExp(`${saved.length} checkpoints were kept`));
        return true;
      },
    );
    assert.ok(saved.length >= 1 && saved[0] === 0);
  });

  it("resumes from any checkpoint (mid-epoch too) to the same weights bit for bit", async () => {
    const spec: ModelSpec = {
      kind: "sequential",
      inputShape: [2, 3, 1],
      layers: [
        { type: "flatten" },
        { type: "dense", units: 5, activation: "relu" },
        { type: "batch-norm" },
        { type: "dropout", rate: 0.3 },
        { type: "dense", units: 3 },
      ],
    };
    const data = { train: { ...tiny(40, 6, 3, 9), shape: [2, 3, 1] }, test: tiny(12, 6, 3, 10) };
    const augment = createAugmenter({ shape: [2, 3, 1], shiftPixels: 1, noiseStd: 0.1 });
    const states: TrainingState[] = [];
    const options = {
      spec,
      data,
      epochs: 3,
      batchSize: 8,
      seed: 5,
      augment,
      checkpointEvery: 3,
      optimizer: { kind: "adam" as const, learningRate: 0.01 },
    };
    const full = await trainModel({
      ...options,
      onCheckpoint: (_c, _r, state) => void states.push(state),
    });
    // 15 steps, checkpoints at 0, 3, ..., 15; step 3 and 6 fall inside epochs of 5 steps.
    assert.deepEqual(full.checkpoints.map((c) => c.step), [0, 3, 6, 9, 12, 15]);
    for (const k of [1, 2, 3]) {
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

  it("checkpoint evaluations in a Worker give the same records and weights bit for bit", async () => {
    const spec: ModelSpec = {
      kind: "sequential",
      inputShape: [4, 4, 1],
      layers: [
        { type: "conv2d", filters: 2, kernelSize: 3, padding: "same", activation: "relu" },
        { type: "flatten" },
        { type: "dense", units: 3 },
      ],
    };
    const data = { train: tiny(48, 16, 3, 11), test: tiny(16, 16, 3, 12) };
    const run = (evaluateInWorker: boolean) =>
      trainModel({ spec, data, epochs: 2, batchSize: 16, checkpointEvery: 2, evaluateInWorker });
    const [inThread, inWorker] = [await run(false), await run(true)];
    assert.equal(inWorker.history.length, 1 + 6 / 2);
    assert.deepEqual(inWorker.history, inThread.history);
    assert.deepEqual(inWorker.params.values, inThread.params.values);
  });

  it("the last checkpoint scored half here, half in the Worker: the records of one thread, bit for bit", async () => {
    // 3 and 2 chunks of SCORE_CHUNK samples: the Worker scores the first half of each set's
    // chunks of the last checkpoint while this thread scores the rest.
    const spec: ModelSpec = {
      kind: "sequential",
      inputShape: [6],
      layers: [{ type: "dense", units: 5, activation: "tanh" }, { type: "dense", units: 3 }],
    };
    const data = {
      train: tiny(2 * SCORE_CHUNK + 17, 6, 3, 21),
      test: tiny(SCORE_CHUNK + 5, 6, 3, 22),
    };
    const run = (evaluateInWorker: boolean) =>
      trainModel({ spec, data, epochs: 1, batchSize: 512, checkpointEvery: 2, evaluateInWorker });
    const [inThread, inWorker] = [await run(false), await run(true)];
    assert.equal(inWorker.history.length, 4);
    assert.deepEqual(inWorker.history, inThread.history);
    // The chunks' combination is the whole set's mean, up to float64 rounding.
    const last = inThread.checkpoints.at(-1)!.values;
    const engine = createPointEvaluator({ spec });
    for (const set of ["train", "test"] as const) {
      const whole = await engine.scores(last, data[set]);
      const record = inThread.history.at(-1)!;
      const loss = set === "train" ? record.trainLoss : record.testLoss;
      assert.ok(
        Math.abs(loss - whole.loss) <= 1e-6 * whole.loss,
        `${set}: ${loss} vs ${whole.loss}`,
      );
    }
    engine.dispose();
  });
});
