/**
 * Mini-batch SGD with momentum on TF.js (WASM backend), keeping a checkpoint
 * of the flat weights at initialisation and after every epoch: the trajectory.
 * @module
 */
import type { Scalar, Variable } from "npm:@tensorflow/tfjs@4.22.0";
import type { DataSplit } from "../data/mnist.ts";
import type { MlpSpec } from "../model/mlp.ts";
import { mlpLayout } from "../model/mlp.ts";
import type { Params } from "../model/layout.ts";
import { heNormal } from "../model/init.ts";
import { createRng, permutation } from "../random.ts";
import { LosscapeError } from "../errors.ts";
import type { EpochRecord } from "./history.ts";
import { loadTfjs } from "./tfjs.ts";
import { mlpLogits } from "./mlp_forward.ts";
import { evaluateMlp } from "./evaluate.ts";

/** Options for {@linkcode trainMlp}. */
export interface TrainOptions {
  /** The model. */
  spec: MlpSpec;
  /** Train and test sets. */
  data: DataSplit;
  /** Passes over the training set. Default 8. */
  epochs?: number;
  /** Samples per SGD step. Default 64. */
  batchSize?: number;
  /** Step size. Default 0.05. */
  learningRate?: number;
  /** Heavy-ball momentum. Default 0.9. */
  momentum?: number;
  /** Seed of the initial weights and the batch order. Default 0. */
  seed?: number;
  /** Called after every step with (steps done, steps in all). */
  onStep?: (done: number, total: number) => void;
}

/** What training produced. */
export interface TrainResult {
  /** The final weights. */
  params: Params;
  /** Flat weights at initialisation and after each epoch (epochs + 1 entries). */
  checkpoints: Float32Array[];
  /** Train/test loss and accuracy at each checkpoint. */
  history: EpochRecord[];
}

/**
 * Trains an MLP classifier with its spec's loss (softmax cross-entropy by default).
 *
 * @param options Model, data and hyper-parameters.
 * @returns Final weights, checkpoints and per-epoch curves.
 * @throws {LosscapeError} When the training loss stops being finite (names the step).
 * @example
 * ```ts
 * import { loadMnistDigits } from "../data/mnist.ts";
 * import { DEFAULT_MLP } from "../model/mlp.ts";
 * import { trainMlp } from "./train.ts";
 * const data = await loadMnistDigits({ trainSize: 512, testSize: 128 });
 * const result = await trainMlp({ spec: DEFAULT_MLP, data, epochs: 1 });
 * console.log(result.checkpoints.length); // 2
 * ```
 */
export async function trainMlp(options: TrainOptions): Promise<TrainResult> {
  const {
    spec,
    data,
    epochs = 8,
    batchSize = 64,
    learningRate = 0.05,
    momentum = 0.9,
    seed = 0,
    onStep,
  } = options;
  const tf = await loadTfjs();
  const layout = mlpLayout(spec);
  const initial = heNormal(layout, seed);
  const variables: Variable[] = layout.tensors.map((slot) =>
    tf.variable(tf.tensor(initial.slice(slot.offset, slot.offset + slot.size), slot.shape))
  );
  const optimizer = tf.train.momentum(learningRate, momentum);
  const { train, test } = data;
  const batchOrderRng = createRng(seed ^ 0x5bd1e995);
  const stepsPerEpoch = Math.ceil(train.count / batchSize);
  const snapshot = () => {
    const flat = new Float32Array(layout.size);
    layout.tensors.forEach((slot, i) =>
      flat.set(variables[i].dataSync() as Float32Array, slot.offset)
    );
    return flat;
  };
  const record = (epoch: number, step: number): EpochRecord => {
    const trainScore = evaluateMlp(tf, spec, variables, train);
    const testScore = evaluateMlp(tf, spec, variables, test);
    return {
      epoch,
      step,
      trainLoss: trainScore.loss,
      trainAcc: trainScore.accuracy,
      testLoss: testScore.loss,
      testAcc: testScore.accuracy,
    };
  };
  const checkpoints = [snapshot()];
  const history = [record(0, 0)];
  const batchX = new Float32Array(batchSize * train.features);
  const batchY = new Int32Array(batchSize);
  let step = 0;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = permutation(train.count, batchOrderRng);
      for (let start = 0; start < train.count; start += batchSize) {
        const count = Math.min(batchSize, train.count - start);
        for (let i = 0; i < count; i++) {
          const row = order[start + i];
          batchX.set(
            train.x.subarray(row * train.features, (row + 1) * train.features),
            i * train.features,
          );
          batchY[i] = train.y[row];
        }
        const loss = tf.tidy(() => {
          const x = tf.tensor2d(batchX.subarray(0, count * train.features), [
            count,
            train.features,
          ]);
          const labels = tf.tensor1d(batchY.subarray(0, count), "int32");
          const target = tf.oneHot(labels, spec.classes);
          const objective = () => {
            const logits = mlpLogits(tf, spec, variables, x);
            return (spec.loss === "mse"
              ? tf.losses.meanSquaredError(target, logits)
              : tf.losses.softmaxCrossEntropy(target, logits)) as Scalar;
          };
          return optimizer.minimize(objective, true) as Scalar;
        });
        const value = (await loss.data())[0];
        loss.dispose();
        step++;
        if (!Number.isFinite(value)) {
          throw new LosscapeError(
            `Training diverged at step ${step} (epoch ${epoch}): loss is ${value}; lower --lr (now ${learningRate})`,
          );
        }
        onStep?.(step, epochs * stepsPerEpoch);
      }
      checkpoints.push(snapshot());
      history.push(record(epoch, step));
    }
  } finally {
    optimizer.dispose();
  }
  const params: Params = { layout, values: checkpoints[checkpoints.length - 1] };
  variables.forEach((variable) => variable.dispose());
  return { params, checkpoints, history };
}
