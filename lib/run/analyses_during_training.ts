/**
 * The per-checkpoint analyses of a scan, run while it trains. Training keeps one core busy
 * (TF.js's WASM backend is single-threaded) and the scan's planes need the trained weights, so
 * the gradients, influence and health of each checkpoint go to the Worker that evaluates the
 * checkpoints for the training curves (lib/analysis/checkpoint_analyzer.ts), on the other core.
 * The analyses stage then only summarises, beside the PCA plane's scan. Same code, same backend:
 * the same numbers as running them after the scans. The Worker starts at once and loads TF.js
 * while this thread loads the data and its own TF.js, so it is ready for the first checkpoint.
 * When nothing trains (a saved run, or the same training found finished) it analyses all the
 * run's checkpoints beside the scans instead.
 * @module
 */
import type { Checkpoint } from "../train/train_model.ts";
import type { AnalysisName } from "../analysis/analysis_result.ts";
import type { CheckpointAnalysis } from "../analysis/checkpoint_analysis.ts";
import {
  type CheckpointAnalyzer,
  startCheckpointAnalyzer,
} from "../analysis/checkpoint_analyzer.ts";
import type { RunSettings } from "./settings.ts";
import type { RunHooks } from "./train_run.ts";
import type { DataSplit } from "../data/dataset.ts";
import type { ModelSpec } from "../model/spec.ts";

/** Hooks for `trainRun`, and the analyses they started. */
export interface AnalysesDuringTraining extends Disposable {
  /** Pass to `trainRun`: they start the Worker that evaluates and analyses each checkpoint. */
  hooks: Pick<RunHooks, "onTrainingStart">;
  /**
   * For a run that trains nothing now (a saved run, or the same training found finished): the
   * Worker analyses all its checkpoints, beside the scans.
   *
   * @param run The data, model and checkpoints of the finished run.
   * @returns True when the Worker took them; false when it has none (no analyses) or training
   *   already started it.
   */
  analyseFinished(
    run: { data: DataSplit; spec: ModelSpec; checkpoints: readonly Checkpoint[] },
  ): boolean;
  /**
   * The per-checkpoint analyses of exactly `checkpoints` (then the Worker stops), or undefined
   * when the Worker analysed none (neither training nor `analyseFinished` started it) or did not
   * see exactly these checkpoints: then they run after the scans, as without a Worker.
   */
  take(checkpoints: readonly Checkpoint[]): Promise<CheckpointAnalysis[] | undefined>;
}

/**
 * Prepares the analyses of a run to start with its training.
 *
 * @param settings The run's settings (`analyses`, `samples`, `checkpoint`); none when
 *   `analyses` is empty.
 * @returns Hooks for `trainRun` and a way to take the results; dispose it (or `take`) to stop the
 *   Worker, which starts now.
 * @example
 * ```ts ignore
 * import { analysesDuringTraining } from "./analyses_during_training.ts";
 * using early = analysesDuringTraining(settings);
 * const { trained } = await trainRun(settings, { ...hooks, ...early.hooks });
 * const analyzed = await early.take(trained.checkpoints);
 * ```
 */
export function analysesDuringTraining(
  settings: Pick<RunSettings, "analyses" | "samples" | "checkpoint">,
): AnalysesDuringTraining {
  let worker = settings.analyses.length === 0 ? undefined : startCheckpointAnalyzer();
  let analyzer: CheckpointAnalyzer | undefined;
  // The weights given to the Worker, to check that they are the run's checkpoints.
  const fed: Float32Array[] = [];
  const stop = () => {
    worker?.dispose();
    worker = analyzer = undefined;
  };
  /** Gives the Worker its model and data, and the checkpoints there are so far. */
  const launch = (
    { data, spec, checkpoints }: {
      data: DataSplit;
      spec: ModelSpec;
      checkpoints: readonly Checkpoint[];
    },
  ) => {
    if (!worker || analyzer) return undefined;
    const started = worker.launch({
      spec,
      train: data.train,
      test: data.test,
      // The scan's evaluation samples (./evaluation_samples.ts): the first --samples.
      samples: Math.min(settings.samples, data.train.count),
      analyses: settings.analyses as AnalysisName[],
      focus: settings.checkpoint,
    });
    analyzer = started;
    for (const { values } of checkpoints) {
      started.add(values);
      fed.push(values);
    }
    return started;
  };
  const hooks: AnalysesDuringTraining["hooks"] = !worker ? {} : {
    onTrainingStart: (start) => {
      const started = launch(start);
      if (!started) return undefined;
      return {
        evaluate: (values) => {
          fed.push(values);
          return started.evaluate(values);
        },
        evaluateHalf: (values, half) => {
          fed.push(values);
          return started.evaluateHalf(values, half);
        },
        dispose: stop,
      };
    },
  };
  return {
    hooks,
    analyseFinished: (run) => launch(run) !== undefined,
    async take(checkpoints) {
      const same = fed.length === checkpoints.length &&
        checkpoints.every((checkpoint, i) => checkpoint.values === fed[i]);
      if (!analyzer || !same) {
        stop();
        return undefined;
      }
      try {
        return await analyzer.results();
      } finally {
        stop();
      }
    },
    [Symbol.dispose]: stop,
  };
}
