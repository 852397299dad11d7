/**
 * The training loop for any model spec: TF.js (WASM backend) computes the loss gradient, a flat
 * optimiser (./optimizers.ts) updates one Float32Array of weights, batch-norm moving statistics
 * follow the batches, and a checkpoint of the flat weights is kept at initialisation and every
 * `checkpointEvery` steps (or every epoch): the trajectory.
 * @module
 */
import type { Tensor, Variable } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { DataSplit } from "../data/dataset.ts";
import type { ModelSpec } from "../model/spec.ts";
import type { Params } from "../model/layout.ts";
import { modelLayout } from "../model/model_layout.ts";
import { resolveModel } from "../model/resolve.ts";
import { initializeModel } from "../model/init_model.ts";
import { createRng, permutation, type Rng } from "../random.ts";
import { LosscapeError } from "../errors.ts";
import type { EpochRecord } from "./history.ts";
import { loadTfjs } from "./tfjs.ts";
import { type BatchStatistics, createBatchGradients } from "./batch_gradients.ts";
import {
  type CheckpointScores,
  combineScores,
  createCheckpointScorer,
} from "./checkpoint_scores.ts";
import {
  type CheckpointEvaluator,
  createCheckpointEvaluator,
  eventLoopTurn,
} from "./checkpoint_evaluator.ts";
import { createOptimizer, type OptimizerOptions } from "./optimizers.ts";
import { batchNormMomenta, updateMovingStatistics } from "./moving_statistics.ts";
import { createSplitGradients, type SplitGradients } from "./split_gradients.ts";
import { firstDenseKernel } from "./dense_stack_gradients.ts";
import { createSparseFirstLayer } from "./sparse_first_layer.ts";
import { trainThreadsFor } from "./train_threads.ts";

/** Steps between turns of the event loop while a Worker evaluates (a turn costs ~0.1 ms). */
const SETTLE_EVERY = 16;

/** One saved point of the trajectory. */
export interface Checkpoint {
  /** Position in the trajectory, from 0 (the initial weights). */
  index: number;
  /** Optimiser steps taken. */
  step: number;
  /** Epochs done (fractional between epoch ends). */
  epoch: number;
  /** The flat weights. */
  values: Float32Array;
}

/** Everything needed to continue a run from one of its checkpoints, bit for bit. */
export interface TrainingState {
  /** Optimiser steps taken and a copy of its slots (velocity, or Adam's m and s). */
  optimizer: { steps: number; slots: Record<string, Float32Array> };
  /** The batch-order generator: at the start of the current epoch, and now. */
  rng: { epochStart: number[]; current: number[] };
}

/** A run to continue: the checkpoints and records so far and the state at the last one. */
export interface ResumeFrom {
  /** Checkpoints made so far; training continues from the last. */
  checkpoints: Checkpoint[];
  /** Their records. */
  history: EpochRecord[];
  /** The state saved with the last checkpoint. */
  state: TrainingState;
}

/** Options for {@linkcode trainModel}. */
export interface TrainModelOptions {
  /** The model. */
  spec: ModelSpec;
  /** Train and test sets. */
  data: DataSplit;
  /** Passes over the training set. Default 8. */
  epochs?: number;
  /** Samples per step. Default 64. */
  batchSize?: number;
  /** Seed of the initial weights, batch order, dropout and augmentation. Default 0. */
  seed?: number;
  /** Start from these weights instead of initialising (e.g. a loaded model). */
  initialParams?: Float32Array;
  /** Optimiser settings (rule, learning rate or schedule, decay, clipping). Default SGD + momentum 0.9, lr 0.05. */
  optimizer?: Omit<OptimizerOptions, "layout">;
  /** Changes a batch in place before the step (data augmentation). */
  augment?: (batch: Float32Array, count: number, rng: Rng) => void;
  /** Steps between checkpoints; 0 (default) means one per epoch. */
  checkpointEvery?: number;
  /** Called after every step with (steps done, total steps, the batch loss). */
  onStep?: (done: number, total: number, loss: number) => void;
  /** Called with each checkpoint, its record and the state to resume from it, as soon as it is made. */
  onCheckpoint?: (
    checkpoint: Checkpoint,
    record: EpochRecord,
    state: TrainingState,
  ) => void | Promise<void>;
  /** Continue an interrupted run (same settings) instead of starting from the initial weights. */
  resume?: ResumeFrom;
  /**
   * Evaluate checkpoints in a Worker while training goes on (same numbers, another thread).
   * Default: when the train and test sets hold 4,096 samples or more.
   */
  evaluateInWorker?: boolean;
  /**
   * A running evaluator to use instead of starting one (e.g. one that also analyses each
   * checkpoint); the caller disposes it.
   */
  evaluator?: CheckpointEvaluator;
  /**
   * Threads computing each step's gradient: 2 splits every batch in halves, one on a Worker
   * (./split_gradients.ts). Default (./train_threads.ts): 2 for a model with a convolution and
   * neither batch norm nor dropout, else 1.
   */
  trainThreads?: number;
}

/** What training produced. */
export interface TrainModelResult {
  /** The final weights. */
  params: Params;
  /** The trajectory, initial weights first. */
  checkpoints: Checkpoint[];
  /** Train/test loss and accuracy at each checkpoint. */
  history: EpochRecord[];
}

/**
 * Trains a model.
 *
 * @param options Model, data and hyper-parameters.
 * @returns Final weights, checkpoints and curves.
 * @throws {LosscapeError} When the loss stops being finite: names the step; every checkpoint
 *   made before it has already gone to `onCheckpoint`.
 * @example
 * ```ts ignore
 * import { trainModel } from "./train_model.ts";
 * import { preset } from "../model/presets.ts";
 * import { loadMnistDigits } from "../data/mnist.ts";
 * const result = await trainModel({ spec: preset("cnn"), data: await loadMnistDigits(), epochs: 1 });
 * ```
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainModelResult> {
  const {
    spec,
    data,
    epochs = 8,
    batchSize = 64,
    seed = 0,
    augment,
    checkpointEvery = 0,
    onStep,
    onCheckpoint,
    resume,
  } = options;
  const tf = await loadTfjs();
  const model = resolveModel(spec);
  const threads = trainThreadsFor(model, options.trainThreads);
  const layout = modelLayout(model);
  const last = resume?.checkpoints.at(-1);
  const values = last
    ? Float32Array.from(last.values)
    : options.initialParams
    ? Float32Array.from(options.initialParams)
    : initializeModel(model, layout, seed);
  if (values.length !== layout.size) {
    throw new LosscapeError(
      `initial weights: expected ${layout.size} values, got ${values.length}`,
    );
  }
  const optimizer = createOptimizer({
    kind: "momentum",
    learningRate: 0.05,
    momentum: 0.9,
    ...options.optimizer,
    layout,
  });
  const tensors = new Map<string, Tensor>();
  const variables = new Map<string, Variable>();
  const upload = () => {
    for (const slot of layout.tensors) {
      const data = values.subarray(slot.offset, slot.offset + slot.size);
      const variable = variables.get(slot.name);
      if (variable) {
        // assign() shares the new tensor's data; dropping our handle leaves only the variable's.
        const update = tf.tensor(data, slot.shape);
        variable.assign(update);
        update.dispose();
      } else if (slot.role.startsWith("moving-")) {
        tensors.get(slot.name)?.dispose();
        tensors.set(slot.name, tf.tensor(data, slot.shape));
      } else {
        const initial = tf.tensor(data, slot.shape);
        variables.set(slot.name, tf.variable(initial));
        initial.dispose();
      }
    }
  };
  upload();
  const param = (name: string) => variables.get(name) ?? tensors.get(name)!;
  // A dense stack's first layer skips zero inputs in sparse batches (MNIST digits).
  const firstKernel = threads === 1 ? firstDenseKernel(model, layout) : undefined;
  // (Where the kernel cannot run, e.g. without wasm SIMD, TF.js computes every product.)
  const sparse = firstKernel && firstKernel.shape[0] === data.train.features
    ? await createSparseFirstLayer(tf, {
      features: firstKernel.shape[0],
      units: firstKernel.shape[1],
      maxRows: batchSize,
    }).catch(() => undefined)
    : undefined;
  const gradients = createBatchGradients(tf, model, layout, param, variables, seed, sparse);
  const momenta = batchNormMomenta(model);
  const { train, test } = data;
  let rng = createRng(seed ^ 0x5bd1e995);
  let epochStart = rng.state();
  const stepsPerEpoch = Math.ceil(train.count / batchSize);
  const totalSteps = epochs * stepsPerEpoch;
  const every = checkpointEvery > 0 ? checkpointEvery : stepsPerEpoch;
  // A second thread only where steps remain (a finished run resumed takes none).
  const split: SplitGradients | undefined = threads === 2 && (last?.step ?? 0) < totalSteps
    ? createSplitGradients({
      tf,
      model,
      layout,
      param,
      variables,
      values,
      seed,
      batchSize,
      features: train.features,
    })
    : undefined;
  const checkpoints: Checkpoint[] = resume ? [...resume.checkpoints] : [];
  const history: EpochRecord[] = resume ? [...resume.history] : [];
  // Large evaluations go to a Worker (./checkpoint_evaluator.ts) and overlap the next steps;
  // records and `onCheckpoint` calls still come in checkpoint order.
  const evaluator = options.evaluator ??
    ((options.evaluateInWorker ?? train.count + test.count >= 4096)
      ? createCheckpointEvaluator({ spec: model.spec, train, test })
      : undefined);
  // This thread's scorer (the Worker's code, so the same numbers): every checkpoint of small
  // sets, and with a Worker, half of the chunks of the last checkpoint, which this thread would
  // otherwise only wait for. (Sharing the first as well, before any step, measured slower for
  // the `cnn` preset: it competes with the gradient Worker's start.)
  const scorer = createCheckpointScorer(model, layout, loadTfjs);
  let reported: Promise<void> = Promise.resolve();
  let failure: unknown;
  const checkpoint = (step: number) => {
    const epoch = step / stepsPerEpoch;
    const saved = { index: checkpoints.length, step, epoch, values: Float32Array.from(values) };
    checkpoints.push(saved);
    const slots = Object.fromEntries(
      Object.entries(optimizer.slots).map(([name, slot]) => [name, Float32Array.from(slot)]),
    );
    const state: TrainingState = {
      optimizer: { steps: optimizer.steps, slots },
      rng: { epochStart, current: rng.state() },
    };
    const sets = { train, test };
    let scores: Promise<CheckpointScores>;
    let ownHalf: Promise<unknown> = Promise.resolve();
    if (!evaluator) scores = scorer.scores(saved.values, sets);
    else if (step === totalSteps) {
      const first = evaluator.evaluateHalf(saved.values, "first");
      const second = scorer.parts(saved.values, sets, "second");
      ownHalf = second;
      scores = Promise.all([first, second]).then(([a, b]) => combineScores(a, b));
    } else scores = evaluator.evaluate(saved.values);
    reported = reported.then(async () => {
      const { train: trainScore, test: testScore } = await scores;
      const record: EpochRecord = {
        epoch,
        step,
        trainLoss: trainScore.loss,
        trainAcc: trainScore.accuracy,
        testLoss: testScore.loss,
        testAcc: testScore.accuracy,
      };
      history.push(record);
      await onCheckpoint?.(saved, record, state);
    }).catch((error) => void (failure ??= error));
    return evaluator ? ownHalf.then(() => {}) : reported;
  };
  function dispose() {
    split?.dispose();
    if (!options.evaluator) evaluator?.dispose();
    scorer.dispose();
    for (const variable of variables.values()) variable.dispose();
    for (const tensor of tensors.values()) tensor.dispose();
  }
  // Every way out (the end, divergence, a failed evaluation or Worker, an exception) disposes.
  try {
    let step = last?.step ?? 0;
    if (resume) optimizer.restore(resume.state.optimizer);
    else await checkpoint(0);
    const batchX = new Float32Array(batchSize * train.features);
    const batchY = new Int32Array(batchSize);
    const grads = new Float32Array(layout.size);
    const resumeEpoch = Math.floor(step / stepsPerEpoch) + 1;
    const doneInEpoch = step - (resumeEpoch - 1) * stepsPerEpoch;
    if (resume) rng = createRng(0, resume.state.rng.current);
    for (let epoch = resumeEpoch; epoch <= epochs; epoch++) {
      // Resuming inside an epoch: redraw its batch order from the state at its start, then go on
      // with the generator where the checkpoint left it (augmentation draws from it too).
      const midEpoch = resume !== undefined && epoch === resumeEpoch && doneInEpoch > 0;
      if (midEpoch) rng = createRng(0, resume.state.rng.epochStart);
      epochStart = rng.state();
      const order = permutation(train.count, rng);
      if (midEpoch) rng = createRng(0, resume.state.rng.current);
      const firstBatch = midEpoch ? doneInEpoch * batchSize : 0;
      for (let start = firstBatch; start < train.count; start += batchSize) {
        const count = Math.min(batchSize, train.count - start);
        for (let i = 0; i < count; i++) {
          const row = order[start + i];
          batchX.set(
            train.x.subarray(row * train.features, (row + 1) * train.features),
            i * train.features,
          );
          batchY[i] = train.y[row];
        }
        augment?.(batchX, count, rng);
        const batchStatistics: BatchStatistics = new Map();
        const x = batchX.subarray(0, count * train.features);
        const labels = batchY.subarray(0, count);
        const loss = split
          ? await split(x, labels, step, grads)
          : gradients(x, labels, step, grads, batchStatistics);
        step++;
        if (failure !== undefined) throw failure;
        if (!Number.isFinite(loss)) {
          await reported;
          throw new LosscapeError(
            `Training diverged at step ${step} (epoch ${epoch}): the batch loss is ${loss}; ` +
              `lower the learning rate. ${checkpoints.length} checkpoint` +
              `${checkpoints.length === 1 ? " was" : "s were"} kept`,
          );
        }
        optimizer.step(values, grads);
        updateMovingStatistics(layout, values, batchStatistics, momenta);
        upload();
        onStep?.(step, totalSteps, loss);
        if (step % every === 0 || step === totalSteps) await checkpoint(step);
        else if (evaluator && step % SETTLE_EVERY === 0) await eventLoopTurn();
      }
    }
    await reported;
  } finally {
    dispose();
  }
  if (failure !== undefined) throw failure;
  return { params: { layout, values }, checkpoints, history };
}
