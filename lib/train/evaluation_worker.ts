/**
 * The Worker behind `createCheckpointEvaluator` (./checkpoint_evaluator.ts): scores checkpoints
 * on the train and test sets while the calling thread trains, with the engine's kernel
 * (./checkpoint_scores.ts; TF.js only for a model the kernel does not run). Messages:
 * `{ spec, train, test }` once, then `{ id, values, half? }` per checkpoint, answered
 * in order with `{ id, scores }` (`{ train, test }`, each `{ loss, accuracy }`; with `half`, that
 * half's chunk scores) or `{ id, error }`.
 * @module
 */
/// <reference lib="deno.worker" />
import type { Dataset } from "../data/dataset.ts";
import type { ModelSpec } from "../model/spec.ts";
import { resolveModel } from "../model/resolve.ts";
import { modelLayout } from "../model/model_layout.ts";
import { loadTfjs } from "./tfjs.ts";
import {
  type CheckpointScorer,
  createCheckpointScorer,
  type ScoreHalf,
} from "./checkpoint_scores.ts";

type Setup = { spec: ModelSpec; train: Dataset; test: Dataset };
type Request = { id: number; values: Float32Array; half?: ScoreHalf };

let setup: Setup | undefined;
let scorer: CheckpointScorer | undefined;
let queue: Promise<void> = Promise.resolve();

async function answer({ id, values, half }: Request) {
  try {
    const { spec, train, test } = setup!;
    if (scorer === undefined) {
      const model = resolveModel(spec);
      scorer = createCheckpointScorer(model, modelLayout(model), loadTfjs);
    }
    const sets = { train, test };
    const scores = half
      ? await scorer.parts(values, sets, half)
      : await scorer.scores(values, sets);
    self.postMessage({ id, scores });
  } catch (error) {
    self.postMessage({ id, error: (error as Error).message });
  }
}

self.onmessage = (event: MessageEvent<Setup | Request>) => {
  if ("spec" in event.data) {
    setup = event.data;
    return;
  }
  const request = event.data;
  queue = queue.then(() => answer(request));
};
