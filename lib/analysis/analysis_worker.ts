/**
 * The Worker behind `createCheckpointAnalyzer` (./checkpoint_analyzer.ts): while the calling
 * thread trains, it scores each checkpoint on the train and test sets with the engine's kernel
 * (as lib/train/evaluation_worker.ts does) and runs its per-checkpoint analyses with its own
 * TF.js (WASM backend) on the first `samples` training samples. Evaluations go first: training
 * waits for its records, not for the analyses. TF.js starts loading as soon as the Worker does,
 * before its setup arrives. Messages: `{ spec, train, test, samples, analyses, bins }` once, then
 * `{ id, values, evaluate, half? }` per checkpoint in order, answered with `{ id, scores }` (when
 * `evaluate`; with `half`, that half's chunk scores) and `{ id, analysis }`, or `{ id, error }`.
 * @module
 */
/// <reference lib="deno.worker" />
import { type Dataset, takeSamples } from "../data/dataset.ts";
import type { ModelSpec } from "../model/spec.ts";
import { loadTfjs } from "../train/tfjs.ts";
import {
  type CheckpointScorer,
  createCheckpointScorer,
  type ScoreHalf,
} from "../train/checkpoint_scores.ts";
import { resolveModel } from "../model/resolve.ts";
import { modelLayout } from "../model/model_layout.ts";
import { eventLoopTurn } from "../train/checkpoint_evaluator.ts";
import type { AnalysisName } from "./analysis_result.ts";
import {
  analyzeCheckpoint,
  type CheckpointAnalysisContext,
  checkpointAnalysisContext,
  withSparseInputs,
} from "./checkpoint_analysis.ts";

type Setup = {
  spec: ModelSpec;
  train: Dataset;
  test: Dataset;
  samples: number;
  analyses: AnalysisName[];
  bins: number;
};
type Request = { id: number; values: Float32Array; evaluate: boolean; half?: ScoreHalf };

// Loaded while the calling thread gets the model and data ready; a failure shows per checkpoint.
const tfjs = loadTfjs();
tfjs.catch(() => {});
let setup: Setup | undefined;
let context: Promise<CheckpointAnalysisContext> | undefined;
let scorer: CheckpointScorer | undefined;
let previous: Float32Array | undefined;
const evaluations: Request[] = [], analyses: Request[] = [];
let pumping = false;

async function pump() {
  if (pumping) return;
  pumping = true;
  while (evaluations.length > 0 || analyses.length > 0) {
    const scoring = evaluations.length > 0;
    const { id, values, half } = (scoring ? evaluations : analyses).shift()!;
    try {
      if (scoring) {
        // The engine's kernel scores checkpoints: no wait for TF.js.
        if (scorer === undefined) {
          const model = resolveModel(setup!.spec);
          scorer = createCheckpointScorer(model, modelLayout(model), () => tfjs);
        }
        const sets = { train: setup!.train, test: setup!.test };
        const scores = half
          ? await scorer.parts(values, sets, half)
          : await scorer.scores(values, sets);
        self.postMessage({ id, scores });
      } else {
        const analysis = analyzeCheckpoint(await context!, values, previous);
        previous = values;
        self.postMessage({ id, analysis });
      }
    } catch (error) {
      self.postMessage({ id, error: (error as Error).message });
    }
    // Let a new checkpoint's evaluation in before the next analysis.
    await eventLoopTurn();
  }
  pumping = false;
}

self.onmessage = (event: MessageEvent<Setup | Request>) => {
  if ("spec" in event.data) {
    setup = event.data;
    const { spec, train, samples, analyses: wanted, bins } = setup;
    // The context is ready before the first checkpoint arrives.
    context = tfjs.then((tf) =>
      withSparseInputs(checkpointAnalysisContext(tf, {
        spec,
        data: takeSamples(train, samples),
        analyses: wanted,
        bins,
      }))
    );
    context.catch(() => {});
    return;
  }
  const request = event.data;
  if (request.evaluate) evaluations.push(request);
  analyses.push(request);
  void pump();
};
