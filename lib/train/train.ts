/**
 * Training the MLP of `deno task scan`: mini-batch SGD with momentum, a checkpoint of the flat
 * weights at initialisation and after every epoch. A thin wrapper over `trainModel`.
 * @module
 */
import type { DataSplit } from "../data/dataset.ts";
import { mlpLayout, type MlpSpec } from "../model/mlp.ts";
import type { Params } from "../model/layout.ts";
import { mlpToModel } from "../model/model_layout.ts";
import type { EpochRecord } from "./history.ts";
import { trainModel } from "./train_model.ts";

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
  /** Heavy-ball momentum (v = mu v + g; w -= lr v). Default 0.9. */
  momentum?: number;
  /** Seed of the initial weights (He normal) and the batch order. Default 0. */
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
 * ```ts ignore
 * import { loadMnistDigits } from "../data/mnist.ts";
 * import { DEFAULT_MLP } from "../model/mlp.ts";
 * import { trainMlp } from "./train.ts";
 * const data = await loadMnistDigits({ trainSize: 512, testSize: 128 });
 * const result = await trainMlp({ spec: DEFAULT_MLP, data, epochs: 1 });
 * console.log(result.checkpoints.length); // 2
 * ```
 */
export async function trainMlp(options: TrainOptions): Promise<TrainResult> {
  const { spec, learningRate = 0.05, momentum = 0.9, onStep, ...rest } = options;
  const result = await trainModel({
    ...rest,
    spec: mlpToModel(spec),
    optimizer: { kind: "momentum", learningRate, momentum },
    onStep: onStep && ((done, total) => onStep(done, total)),
  });
  return {
    params: { layout: mlpLayout(spec), values: result.params.values },
    checkpoints: result.checkpoints.map((checkpoint) => checkpoint.values),
    history: result.history,
  };
}
