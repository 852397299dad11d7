/**
 * The Worker behind `createCheckpointEvaluator` (./checkpoint_evaluator.ts): its own TF.js
 * (WASM backend) evaluating checkpoints on the train and test sets while the calling thread
 * trains. Messages: `{ spec, train, test }` once, then `{ id, values }` per checkpoint, answered
 * in order with `{ id, train, test }` (each `{ loss, accuracy }`) or `{ id, error }`.
 * @module
 */
/// <reference lib="deno.worker" />
import type { Dataset } from "../data/dataset.ts";
import type { ModelSpec } from "../model/spec.ts";
import { resolveModel } from "../model/resolve.ts";
import { modelLayout } from "../model/model_layout.ts";
import { loadTfjs } from "./tfjs.ts";
import { checkpointScores } from "./evaluate_model.ts";

type Setup = { spec: ModelSpec; train: Dataset; test: Dataset };
type Request = { id: number; values: Float32Array };

let setup: Setup | undefined;
let queue: Promise<void> = Promise.resolve();

async function answer({ id, values }: Request) {
  try {
    const tf = await loadTfjs();
    const { spec, train, test } = setup!;
    const model = resolveModel(spec);
    const scores = checkpointScores(tf, model, modelLayout(model), values, { train, test });
    self.postMessage({ id, ...scores });
  } catch (error) {
    self.postMessage({ id, error: (error as Error).message });
  }
}

self.onmessage = (event: MessageEvent<Setup | Request>) => {
  if ("spec" in event.data) {
    setup = event.data;
    queue = queue.then(() => loadTfjs().then(() => {}));
    return;
  }
  const request = event.data;
  queue = queue.then(() => answer(request));
};
