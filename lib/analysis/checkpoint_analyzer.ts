/**
 * The per-checkpoint analyses off the calling thread. TF.js's WASM backend runs on one thread:
 * while training steps run on the calling thread, one Worker with its own TF.js evaluates each
 * checkpoint for the training curves (the checkpoint evaluator's job, same code) and then runs
 * its analyses (the same code and backend as `analyzeTrajectory`, so the same numbers);
 * `analyzeTrajectory` takes the results (`analyzed`) instead of running them after training.
 * One Worker for both keeps one extra TF.js in memory, not two. The Worker can start before the
 * model and data are known (`startCheckpointAnalyzer`): it loads TF.js meanwhile, e.g. while the
 * calling thread loads the data.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { ModelSpec } from "../model/spec.ts";
import type { CheckpointEvaluator } from "../train/checkpoint_evaluator.ts";
import type { CheckpointScores, ScoreHalf, ScoreParts } from "../train/checkpoint_scores.ts";
import type { AnalysisName } from "./analysis_result.ts";
import type { CheckpointAnalysis } from "./checkpoint_analysis.ts";
import { HISTOGRAM_BINS } from "./influence/histograms.ts";

/** Evaluates and analyses checkpoints in a Worker, in the order they are given. */
export interface CheckpointAnalyzer extends CheckpointEvaluator {
  /** Queues a checkpoint for analysis only (one evaluated earlier, e.g. when resuming). */
  add(values: Float32Array): void;
  /** How many checkpoints were given (evaluated or added). */
  readonly added: number;
  /** The analyses of every checkpoint given so far, in order, once all are done. */
  results(): Promise<CheckpointAnalysis[]>;
}

/** What {@linkcode createCheckpointAnalyzer} takes. */
export interface CheckpointAnalyzerOptions {
  /** The model. */
  spec: ModelSpec;
  /** Train and test sets (copied to the Worker once): evaluations use both. */
  train: Dataset;
  /** The test set. */
  test: Dataset;
  /** The analyses use the first `samples` training samples. */
  samples: number;
  /** Which analyses (those run per checkpoint: influence, health, diagnosis). */
  analyses: readonly AnalysisName[];
  /** The checkpoint whose gradient is kept; -1 (the default) keeps the last one's. */
  focus?: number;
  /** Histogram bins. Default {@linkcode HISTOGRAM_BINS}. */
  bins?: number;
}

type Settle<T> = { resolve: (value: T) => void; reject: (e: Error) => void };

/** A promise with its settle functions; a rejection no one awaited yet stays handled. */
function deferred<T>(): Settle<T> & { promise: Promise<T> } {
  let settle!: Settle<T>;
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  promise.catch(() => {});
  return { ...settle, promise };
}

/** A Worker started ahead of its model and data, loading TF.js meanwhile. */
export interface StartedCheckpointAnalyzer extends Disposable {
  /**
   * Gives the Worker its model, data and analyses; call once.
   *
   * @param options Model, data, analyses, focus and bins.
   * @returns The analyzer; pass it to `trainModel` as its evaluator, and dispose it when done.
   */
  launch(options: CheckpointAnalyzerOptions): CheckpointAnalyzer;
  /** Stops the Worker (and the analyzer `launch` returned). */
  dispose(): void;
}

/**
 * Starts the Worker of a checkpoint analyzer before its model and data are known: it loads
 * TF.js (its modules and WASM backend) while the caller gets them ready.
 *
 * @returns The started Worker; `launch` it with the model and data, or dispose it.
 * @example
 * ```ts
 * import { startCheckpointAnalyzer } from "./checkpoint_analyzer.ts";
 * using started = startCheckpointAnalyzer();
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array(2), y: new Int32Array(1), count: 1, features: 2, classes: 2 };
 * const analyzer = started.launch({ spec, train: data, test: data, samples: 1, analyses: ["health"] });
 * console.log((await analyzer.evaluate(new Float32Array(6))).train.loss.toFixed(3)); // "0.693"
 * ```
 */
export function startCheckpointAnalyzer(): StartedCheckpointAnalyzer {
  const worker = new Worker(new URL("./analysis_worker.ts", import.meta.url), {
    type: "module",
    name: "losscape checkpoint analyses",
  });
  let launched: CheckpointAnalyzer | undefined;
  const dispose = () => {
    worker.terminate();
    launched?.dispose();
  };
  return {
    launch(options) {
      if (launched) throw new TypeError("A started checkpoint analyzer launches once: got twice");
      launched = connect(worker, options);
      return launched;
    },
    dispose,
    [Symbol.dispose]: dispose,
  };
}

/**
 * Starts a Worker that evaluates and analyses checkpoints of a model.
 *
 * @param options Model, data, analyses, focus and bins.
 * @returns The analyzer; pass it to `trainModel` as its evaluator, and dispose it when done.
 * @example
 * ```ts
 * import { createCheckpointAnalyzer } from "./checkpoint_analyzer.ts";
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array(2), y: new Int32Array(1), count: 1, features: 2, classes: 2 };
 * const analyzer = createCheckpointAnalyzer({ spec, train: data, test: data, samples: 1, analyses: ["influence"] });
 * console.log((await analyzer.evaluate(new Float32Array(6))).test.loss.toFixed(3)); // "0.693"
 * console.log((await analyzer.results())[0].loss.toFixed(3)); // "0.693"
 * analyzer.dispose();
 * ```
 */
export function createCheckpointAnalyzer(options: CheckpointAnalyzerOptions): CheckpointAnalyzer {
  return startCheckpointAnalyzer().launch(options);
}

/** Gives a started analyses Worker its setup and wires its answers. */
function connect(worker: Worker, options: CheckpointAnalyzerOptions): CheckpointAnalyzer {
  const { spec, train, test, samples, analyses, focus = -1, bins = HISTOGRAM_BINS } = options;
  const scores = new Map<number, Settle<unknown>>();
  const answers: (Settle<CheckpointAnalysis> & { promise: Promise<CheckpointAnalysis> })[] = [];
  const received: CheckpointAnalysis[] = [];
  const failAll = (error: Error) => {
    scores.forEach(({ reject }) => reject(error));
    scores.clear();
    answers.forEach(({ reject }) => reject(error));
  };
  worker.onmessage = (
    event: MessageEvent<
      { id: number; scores?: unknown; analysis?: CheckpointAnalysis; error?: string }
    >,
  ) => {
    const { id, scores: scored, analysis, error } = event.data;
    if (error !== undefined) {
      const failure = new Error(`checkpoint analysis failed: ${error}`);
      scores.get(id)?.reject(failure);
      answers[id]?.reject(failure);
    } else if (scored) {
      scores.get(id)?.resolve(scored);
      scores.delete(id);
    } else if (analysis) {
      // Only the focus checkpoint's gradient is used again: a long run does not keep them all.
      // Analyses come in order: with focus -1 the one before this stops being the last.
      if (focus < 0 && id > 0) received[id - 1].gradient = new Float32Array(0);
      if (focus >= 0 && focus !== id) analysis.gradient = new Float32Array(0);
      received[id] = analysis;
      answers[id].resolve(analysis);
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failAll(new Error(`checkpoint analyses stopped: ${event.message}`));
  };
  worker.postMessage({ spec, train, test, samples, analyses: [...analyses], bins });
  const send = (values: Float32Array, evaluate: boolean, half?: ScoreHalf) => {
    const id = answers.length;
    answers.push(deferred());
    worker.postMessage({ id, values: Float32Array.from(values), evaluate, half });
    return id;
  };
  const scored = <T>(values: Float32Array, half?: ScoreHalf) => {
    const answer = deferred<T>();
    scores.set(send(values, true, half), answer as Settle<unknown>);
    return answer.promise;
  };
  return {
    evaluate: (values) => scored<CheckpointScores>(values),
    evaluateHalf: (values, half) => scored<ScoreParts>(values, half),
    add(values) {
      send(values, false);
    },
    get added() {
      return answers.length;
    },
    results: () => Promise.all(answers.map((answer) => answer.promise)),
    dispose() {
      worker.terminate();
      failAll(new Error("checkpoint analyses disposed"));
    },
  };
}
