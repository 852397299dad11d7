/**
 * How many threads compute a training step's gradient: the rule behind `trainThreads`.
 * Two (./split_gradients.ts) pay off where a step is long, so by default a model with a
 * convolution trains on two threads and a dense model on one (an MLP step takes a few
 * milliseconds, and the second core is busy with the checkpoint evaluations and analyses).
 * Batch norm and dropout keep a model on one thread: half batches would change their statistics
 * and masks. The rule reads the model only, never the machine, so a run gives the same bits
 * everywhere.
 * @module
 */
import type { ResolvedLayer, ResolvedModel } from "../model/resolve.ts";
import { LosscapeError } from "../errors.ts";

/** Threads for a training step's gradient. */
export type TrainThreads = 1 | 2;

/**
 * The threads a model trains on: `requested` if given (checked), else the default rule.
 *
 * @param model The resolved model.
 * @param requested 1 or 2, or undefined for the default.
 * @returns 1 or 2.
 * @throws {LosscapeError} When 2 is asked of a model with batch norm or dropout, or another number.
 * @example
 * ```ts
 * import { resolveModel } from "../model/resolve.ts";
 * import { preset } from "../model/presets.ts";
 * import { trainThreadsFor } from "./train_threads.ts";
 * console.log(trainThreadsFor(resolveModel(preset("cnn"))), trainThreadsFor(resolveModel(preset("mlp")))); // 2 1
 * ```
 */
export function trainThreadsFor(model: ResolvedModel, requested?: number): TrainThreads {
  const blocker = splitBlocker(model);
  if (requested === undefined) return !blocker && hasLayer(model, "conv2d") ? 2 : 1;
  if (requested !== 1 && requested !== 2) {
    throw new LosscapeError(`train threads must be 1 or 2: got ${requested}`);
  }
  if (requested === 2 && blocker) {
    throw new LosscapeError(
      `train threads 2 needs a model without batch norm or dropout (half batches would change ` +
        `them): this model has ${blocker}`,
    );
  }
  return requested;
}

/**
 * The layer type that keeps a model's steps on one thread (batch norm's statistics and dropout's
 * masks are per batch tensor, so half batches would change them), or undefined when none does.
 *
 * @param model The resolved model.
 * @returns `"batch-norm"`, `"dropout"` or undefined.
 * @example
 * ```ts
 * import { resolveModel } from "../model/resolve.ts";
 * import { preset } from "../model/presets.ts";
 * import { splitBlocker } from "./train_threads.ts";
 * console.log(splitBlocker(resolveModel(preset("resnet-tiny")))); // "batch-norm"
 * ```
 */
export function splitBlocker(model: ResolvedModel): "batch-norm" | "dropout" | undefined {
  return (["batch-norm", "dropout"] as const).find((type) => hasLayer(model, type));
}

/** Whether any layer of the model, blocks' bodies included, has this type. */
function hasLayer(model: ResolvedModel, type: string): boolean {
  const visit = (layers: ResolvedLayer[]): boolean =>
    layers.some((layer) => layer.type === type || (layer.body !== undefined && visit(layer.body)));
  return visit(model.layers);
}
