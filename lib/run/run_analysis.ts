/**
 * The analyses as a job: after a scan (`deno task scan`, `--analyses`) or on their own over a
 * trained run (`deno task analyze --run DIR`). Checks the settings against the run (the
 * checkpoint exists, saliency has images, noise has two batches), runs them and writes
 * `<out>/analysis/`.
 * @module
 */
import { type Dataset, takeSamples } from "../data/dataset.ts";
import type { DataSplit } from "../data/dataset.ts";
import type { ModelSpec } from "../model/spec.ts";
import type { Checkpoint } from "../train/train_model.ts";
import type { EpochRecord } from "../train/history.ts";
import type { Landscape } from "../scan/landscape.ts";
import { readTrajectory } from "../train/checkpoint_files.ts";
import { analyzeTrajectory } from "../analysis/analyze_trajectory.ts";
import type { AnalysisName, AnalysisResult } from "../analysis/analysis_result.ts";
import type { CheckpointAnalysis } from "../analysis/checkpoint_analysis.ts";
import { writeAnalysisFolder } from "../analysis/analysis_files.ts";
import { parseThresholds } from "../analysis/diagnosis/thresholds.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { LosscapeError } from "../errors.ts";
import { VERSION } from "../version.ts";
import { resolveSettings, type RunSettings } from "./settings.ts";
import { loadRunData } from "./load_data.ts";
import { type RunHooks, stageTimer } from "./train_run.ts";

/** A trained run to analyse. */
export interface AnalysisJob {
  /** The settings (analyses, checkpoint, thresholds, batch size, seed, out). */
  settings: RunSettings;
  /** The model. */
  spec: ModelSpec;
  /** The trajectory. */
  checkpoints: readonly Checkpoint[];
  /** Its curves. */
  history: readonly EpochRecord[];
  /** The data it was trained on. */
  data: DataSplit;
  /** The evaluation subset (`--samples` of the training split). */
  evaluation: Dataset;
  /** Where the run came from, for messages. */
  source: string;
  /** The 1D slice through the minimum, when scanned. */
  slice?: Landscape;
  /** Progress of the checkpoints. */
  onProgress?: (done: number, total: number) => void;
  /** The per-checkpoint analyses already run (during training: ./analyses_during_training.ts). */
  analyzed?: readonly CheckpointAnalysis[];
}

/**
 * Checks a job before any work: the checkpoint exists, saliency has images, gradient noise has
 * two batches, the thresholds parse.
 *
 * @param job The run and settings.
 * @returns The focus checkpoint's index.
 * @throws {LosscapeError} Naming the flag and what was expected.
 * @example
 * ```ts ignore
 * import { checkAnalysisJob } from "./run_analysis.ts";
 * checkAnalysisJob(job); // throws on --checkpoint 99 for a run of 9 checkpoints
 * ```
 */
export function checkAnalysisJob(job: Omit<AnalysisJob, "spec" | "history">): number {
  const { settings, checkpoints, data, evaluation, source } = job;
  const analyses = settings.analyses as AnalysisName[];
  if (checkpoints.length === 0) throw new LosscapeError(`${source}: the run has no checkpoints`);
  const focus = settings.checkpoint === -1 ? checkpoints.length - 1 : settings.checkpoint;
  if (focus >= checkpoints.length) {
    throw new LosscapeError(
      `--checkpoint ${settings.checkpoint}: ${source} has ${checkpoints.length} checkpoints (0-${
        checkpoints.length - 1
      }, or -1 for the last)`,
    );
  }
  if (analyses.includes("saliency") && data.train.shape?.length !== 3) {
    throw new LosscapeError(
      `--analyses saliency needs image samples [height, width, channels]: the dataset "${settings.dataset}" has ${data.train.features} features per sample; use --analyses feature-saliency for a per-feature chart`,
    );
  }
  if (analyses.includes("noise") && evaluation.count < 2 * settings.batchSize) {
    throw new LosscapeError(
      `--analyses noise needs at least 2 batches of --batch-size ${settings.batchSize}: --samples gives ${evaluation.count}`,
    );
  }
  parseThresholds(settings.diagnosisThresholds, "--diagnosis-thresholds");
  return focus;
}

/**
 * Checks the job, runs the analyses and writes `<out>/analysis/`.
 *
 * @param job The run and settings.
 * @returns The results and the files written.
 * @throws {LosscapeError} As {@linkcode checkAnalysisJob}.
 * @example
 * ```ts ignore
 * import { analyzeRun } from "./run_analysis.ts";
 * const { result } = await analyzeRun({ settings, spec, checkpoints, history, data, evaluation, source });
 * ```
 */
export async function analyzeRun(
  job: AnalysisJob,
): Promise<{ result: AnalysisResult; files: string[] }> {
  const { settings, checkpoints, data, evaluation, source } = job;
  const focus = checkAnalysisJob(job);
  const thresholds = parseThresholds(settings.diagnosisThresholds, "--diagnosis-thresholds");
  const slice = job.slice && {
    xs: job.slice.xcoordinates,
    losses: job.slice.metrics.train_loss,
  };
  const result = await analyzeTrajectory({
    spec: job.spec,
    checkpoints,
    history: job.history,
    data: evaluation,
    testData: takeSamples(data.test, Math.min(data.test.count, 512)),
    analyses: settings.analyses as AnalysisName[],
    focus,
    batchSize: settings.batchSize,
    seed: settings.seed,
    slice,
    thresholds,
    onProgress: job.onProgress,
    analyzed: job.analyzed,
  });
  const files = await writeAnalysisFolder(`${settings.out}/analysis`, result, {
    model: job.spec,
    source,
    settings,
    version: VERSION,
  });
  return { result, files };
}

/**
 * `deno task analyze --run DIR`: the analyses of a trained run without scanning, into
 * `<out>/analysis/` with a report of their own (`analysis/report.html`).
 *
 * @param options Settings (`run` is required) and hooks.
 * @returns The results, the files written and the timings.
 * @throws {LosscapeError} Without `--run`, on a bad run folder, or as {@linkcode analyzeRun}.
 * @example
 * ```ts ignore
 * import { runAnalyze } from "./run_analysis.ts";
 * const { result } = await runAnalyze({ run: "out/run", analyses: ["influence", "saliency"] });
 * ```
 */
export async function runAnalyze(
  options: Partial<RunSettings> & RunHooks = {},
): Promise<{ result: AnalysisResult; files: string[]; timings: Record<string, number> }> {
  const { onProgress, onStage, onNote: _onNote, ...given } = options;
  const settings: RunSettings = { ...resolveSettings(null, {}), ...given };
  if (settings.run === "") {
    throw new LosscapeError(
      "deno task analyze needs --run DIR: a trained run folder (e.g. out/run)",
    );
  }
  const timer = stageTimer({ onStage });
  const saved = await readTrajectory(settings.run);
  const trainedWith = { ...settings, ...(saved.settings ?? {}) } as RunSettings;
  const data = await loadRunData(trainedWith);
  timer("data");
  const { result, files } = await analyzeRun({
    settings: { ...settings, dataset: trainedWith.dataset, batchSize: trainedWith.batchSize },
    spec: saved.model,
    checkpoints: saved.checkpoints,
    history: saved.history,
    data,
    evaluation: takeSamples(data.train, Math.min(settings.samples, data.train.count)),
    source: settings.run,
    onProgress: (done, total) => onProgress?.("analyses", done, total),
  });
  timer("analyses");
  const report = `${settings.out}/analysis/report.html`;
  // Imported here: a scan that runs the analyses loads the report's modules on its own schedule.
  const { buildReport } = await import("../render/report.ts");
  await writeFileAtomic(
    report,
    buildReport({
      title: `losscape analyses: ${settings.run}`,
      history: saved.history,
      analysis: result,
      settings: {
        run: settings.run,
        samples: result.samples,
        analyses: result.analyses.join(", "),
      },
      timings: timer.timings,
    }),
  );
  return { result, files: [...files, report], timings: timer.timings };
}
