/**
 * Checkpoint evaluations off the training thread: while training steps run on the calling
 * thread, a Worker scores each checkpoint on the train and test sets with the same scorer as
 * training's own evaluations (./checkpoint_scores.ts, so the same numbers): on two cores the
 * evaluations cost almost no training time.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { ModelSpec } from "../model/spec.ts";
import type { CheckpointScores, ScoreHalf, ScoreParts } from "./checkpoint_scores.ts";

export type { CheckpointScores };

/** Evaluates checkpoints in a Worker, in the order they are given. */
export interface CheckpointEvaluator {
  /** Scores of the flat weights `values` (copied at once, so the caller may change them). */
  evaluate(values: Float32Array): Promise<CheckpointScores>;
  /**
   * The chunk scores of one half of each set (./checkpoint_scores.ts), for a caller that scores
   * the other half itself meanwhile and combines them (`combineScores`): the same numbers.
   */
  evaluateHalf(values: Float32Array, half: ScoreHalf): Promise<ScoreParts>;
  /** Stops the Worker; pending evaluations reject. */
  dispose(): void;
}

// setImmediate (Deno, Node) takes a turn in about 0.1 ms; setTimeout(0) waits for the timer, about
// 2.5 ms here. A message to a MessageChannel of our own would not do: Deno delivers it without
// handling the Worker's messages.
const nextTurn: (run: () => void) => void =
  (globalThis as { setImmediate?: (run: () => void) => void }).setImmediate ??
    ((run) => setTimeout(run, 0));

/**
 * Resolves after one turn of the event loop, letting a Worker's answers in. A training loop that
 * only awaits resolved promises never gives the event loop a turn, so without this the
 * evaluator's answers, and the checkpoint files written on them, would all wait for the loop's end.
 *
 * @returns A promise that resolves once messages waiting for this thread have been handled.
 * @example
 * ```ts
 * import { eventLoopTurn } from "./checkpoint_evaluator.ts";
 * await eventLoopTurn();
 * ```
 */
export function eventLoopTurn(): Promise<void> {
  return new Promise<void>((resolve) => nextTurn(resolve));
}

/**
 * Starts a Worker that evaluates checkpoints of a model on a train/test split.
 *
 * @param options The model spec and the data (copied to the Worker once).
 * @returns The evaluator; dispose it when done.
 * @example
 * ```ts
 * import { createCheckpointEvaluator } from "./checkpoint_evaluator.ts";
 * const data = { x: new Float32Array([1]), y: new Int32Array([0]), count: 1, features: 1, classes: 2 };
 * const spec = { kind: "sequential" as const, inputShape: [1], layers: [{ type: "dense" as const, units: 2 }] };
 * const evaluator = createCheckpointEvaluator({ spec, train: data, test: data });
 * console.log((await evaluator.evaluate(new Float32Array(4))).test.loss.toFixed(3)); // "0.693"
 * evaluator.dispose();
 * ```
 */
export function createCheckpointEvaluator(
  options: { spec: ModelSpec; train: Dataset; test: Dataset },
): CheckpointEvaluator {
  const worker = new Worker(new URL("./evaluation_worker.ts", import.meta.url), {
    type: "module",
    name: "losscape checkpoint evaluator",
  });
  const pending = new Map<number, { resolve: (s: never) => void; reject: (e: Error) => void }>();
  let next = 0;
  const failAll = (error: Error) => {
    pending.forEach(({ reject }) => reject(error));
    pending.clear();
  };
  worker.onmessage = (
    event: MessageEvent<{ id: number; error?: string; scores?: unknown }>,
  ) => {
    const { id, error, scores } = event.data;
    const waiting = pending.get(id);
    pending.delete(id);
    if (error !== undefined) waiting?.reject(new Error(`checkpoint evaluation failed: ${error}`));
    else waiting?.resolve(scores as never);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failAll(new Error(`checkpoint evaluator stopped: ${event.message}`));
  };
  worker.postMessage(options);
  const ask = <T>(values: Float32Array, half?: ScoreHalf) => {
    const id = next++;
    const answer = new Promise<T>((resolve, reject) =>
      pending.set(id, { resolve: resolve as (s: never) => void, reject })
    );
    worker.postMessage({ id, values: Float32Array.from(values), half });
    return answer;
  };
  return {
    evaluate: (values) => ask<CheckpointScores>(values),
    evaluateHalf: (values, half) => ask<ScoreParts>(values, half),
    dispose() {
      worker.terminate();
      failAll(new Error("checkpoint evaluator disposed"));
    },
  };
}
