/**
 * The Worker behind `createCheckpointEvaluator` (./checkpoint_evaluator.ts): scores checkpoints
 * on the train and test sets while the calling thread trains, with the engine's kernel
 * (./checkpoint_scores.ts; TF.js only for a model the kernel does not run). Messages: `{ spec, train, test }` once, then `{ id, values }` per checkpoint, answered
 * in order with `{ id, train, test }` (each `{ loss, accuracy }`) or `{ id, error }`.
 * @module
 */
/// <reference lib="deno.worker" />
import type { Dataset } from "../data/dataset.ts";
import type { ModelSpec } from "../model/spec.ts";
import { resolveModel } from "../model/resolve.ts";
import { modelLayout } from "../model/model_layout.ts";
import { loadTfjs } from "./tfjs.ts";
import { type CheckpointScorer, createCheckpointScorer } from "./checkpoint_scores.ts";

type Setup = { spec: ModelSpec; train: Dataset; test: Dataset };
type Request = { id: number; values: Float32Array };

let setup: Setup | undefined;
let scorer: CheckpointScorer | undefined;
let queue: Promise<void> = Promise.resolve();

async function answer({ id, values }: Request) {
  try {
    const { spec, train, test } = setup!;
    if (scorer === undefined) {
      const model = resolveModel(spec);
      scorer = createCheckpointScorer(model, modelLayout(model), loadTfjs);
    }
    const scores = await scorer.scores(values, { train, test });
    self.postMessage({ id, ...scores });
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
