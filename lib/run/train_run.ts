/**
 * Training as a run: load the data and model the settings name, train with the chosen
 * optimiser, schedule, decay, clipping and augmentation, and stream the trajectory into
 * `<out>/run/` (checkpoints, curves, the trained model in TF.js Layers format, the settings).
 * @module
 */
import type { DataSplit } from "../data/dataset.ts";
import { createSchedule } from "../train/schedules.ts";
import { createAugmenter } from "../train/augment.ts";
import { type Checkpoint, trainModel, type TrainModelResult } from "../train/train_model.ts";
import type { ModelSpec } from "../model/spec.ts";
import type { CheckpointEvaluator } from "../train/checkpoint_evaluator.ts";
import { createTrajectoryWriter, readTrajectory } from "../train/checkpoint_files.ts";
import { writeLayersModel } from "../model/io/formats/write_layers_model.ts";
import { modelLayout } from "../model/model_layout.ts";
import { resolveModel } from "../model/resolve.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { LosscapeError } from "../errors.ts";
import { VERSION } from "../version.ts";
import { isScanOnly, type RunSettings } from "./settings.ts";
import { moveRunAside } from "./out_folder.ts";
import { loadRunData } from "./load_data.ts";
import { shareTypedArrays } from "../engine/pool/shared_copy.ts";
import { type LoadedRunModel, loadRunModel } from "./load_model.ts";

/** What a training run produced. */
export interface TrainRunResult {
  /** The data it trained on. */
  data: DataSplit;
  /** The model (spec and source). */
  model: LoadedRunModel;
  /** Final weights, checkpoints, curves. */
  trained: TrainModelResult;
  /** The folder holding the run's files. */
  dir: string;
}

/** Hooks for progress reports. */
export interface RunHooks {
  /** Work with a known size, as it progresses. */
  onProgress?: (stage: string, done: number, total: number) => void;
  /** A stage ended, with its duration in seconds. */
  onStage?: (stage: string, seconds: number) => void;
  /** Something worth a line of its own (e.g. that training resumes). */
  onNote?: (line: string) => void;
  /**
   * Training starts now, with this data and model, from these checkpoints (none when new): may
   * return the Worker that evaluates its checkpoints (e.g. one that also analyses them).
   */
  onTrainingStart?: (
    start: { data: DataSplit; spec: ModelSpec; checkpoints: readonly Checkpoint[] },
  ) => CheckpointEvaluator | undefined;
}

/** Whether a saved run was trained with the same settings as these (scan-only ones aside). */
function sameTraining(saved: Record<string, unknown> | undefined, now: Record<string, unknown>) {
  if (!saved) return false;
  const keys = new Set([...Object.keys(saved), ...Object.keys(now)]);
  return [...keys].every((key) =>
    isScanOnly(key) || JSON.stringify(saved[key]) === JSON.stringify(now[key])
  );
}

async function isFile(path: string): Promise<boolean> {
  return await Deno.stat(path).then((info) => info.isFile, () => false);
}

/** Whether every sample array of a split already lives in a SharedArrayBuffer. */
function isShared({ train, test }: DataSplit): boolean {
  return typeof SharedArrayBuffer !== "undefined" &&
    [train.x, train.y, test.x, test.y].every((array) => array.buffer instanceof SharedArrayBuffer);
}

/** The step-size of `step` schedules: decay by 10 twice over the run. */
const STEP_DECAYS = 3;

/**
 * Loads data and model and trains, writing `<out>/run/`.
 *
 * @param settings The run's settings.
 * @param hooks Progress hooks.
 * @returns Data, model and training results.
 * @throws {LosscapeError} On bad data or model files, a model that does not fit the data, or a
 *   diverging run (whose checkpoints stay on disk).
 * @example
 * ```ts ignore
 * import { trainRun } from "./train_run.ts";
 * import { resolveSettings } from "./settings.ts";
 * const { trained, dir } = await trainRun(resolveSettings(null, { dataset: "moons", out: "out/moons" }));
 * ```
 */
export async function trainRun(
  settings: RunSettings,
  hooks: RunHooks = {},
): Promise<TrainRunResult> {
  const timer = stageTimer(hooks);
  // In SharedArrayBuffers: the Worker that evaluates checkpoints during training reads the same
  // samples instead of a clone of them (about 70 MB less at the peak of a default scan). The
  // built-in digits are decoded there already.
  const loaded = await loadRunData(settings);
  const data = isShared(loaded) ? loaded : shareTypedArrays(loaded);
  timer("data");
  const model = await loadRunModel(settings.model, settings.weights, data.train);
  const spec = settings.init ? { ...model.spec, init: settings.init } : model.spec;
  const layout = modelLayout(resolveModel(spec));
  const stepsPerEpoch = Math.ceil(data.train.count / settings.batchSize);
  const totalSteps = settings.epochs * stepsPerEpoch;
  const learningRate = createSchedule({
    kind: settings.schedule,
    learningRate: settings.lr,
    stepSize: Math.max(1, Math.ceil(totalSteps / STEP_DECAYS)),
    totalSteps,
  });
  const wanted = new Set(settings.augment);
  let augment;
  if (wanted.size > 0) {
    if (data.train.shape?.length !== 3) {
      throw new LosscapeError(
        `--augment needs image samples [height, width, channels]: the dataset "${settings.dataset}" has none`,
      );
    }
    augment = createAugmenter({
      shape: data.train.shape,
      shiftPixels: wanted.has("shift") ? 2 : 0,
      cropPadding: wanted.has("crop") ? 2 : 0,
      flipHorizontal: wanted.has("flip"),
      noiseStd: wanted.has("noise") ? 0.05 : 0,
    });
  }
  const dir = `${settings.out}/run`;
  const weightsFrom = model.initialParams ? model.source : null;
  const record = { ...settings, modelSource: model.source, weightsFrom, version: VERSION };
  const previous = settings.fresh
    ? null
    : await readTrajectory(dir, { dropDamaged: true }).catch(() => null);
  if (previous?.dropped) {
    hooks.onNote?.(
      `${dir}/checkpoints.f32 ends before the last ${previous.dropped} checkpoint(s) its index names (a crash cut it short): dropped them`,
    );
  }
  const same = previous !== null && sameTraining(previous.settings, record);
  if (!same) {
    // A folder holds one run: an earlier run's results (and anything scanned from them) go aside.
    const reason = settings.fresh ? "--fresh" : previous ? "other training settings" : "a new run";
    const moved = await moveRunAside(settings.out, { reason });
    if (moved) {
      hooks.onNote?.(`moved the earlier results in ${settings.out}/ to ${moved}/ (${reason})`);
    }
  }
  const layoutOk = previous?.checkpoints.at(-1)?.values.length === layout.size;
  if (same && previous.complete && layoutOk && await isFile(`${dir}/model/model.json`)) {
    hooks.onNote?.(`reusing the finished training in ${dir}/ (same settings; --fresh trains anew)`);
    const checkpoints = previous.checkpoints;
    const params = { layout, values: checkpoints.at(-1)!.values };
    timer("train");
    return {
      data,
      model: { ...model, spec },
      trained: { params, checkpoints, history: previous.history },
      dir,
    };
  }
  // An unfinished run of the same settings continues from its last checkpoint (--fresh: not).
  const resume = same && !previous.complete && previous.resumeState &&
      previous.checkpoints.length > 0 && layoutOk
    ? { checkpoints: previous.checkpoints, history: previous.history, state: previous.resumeState }
    : undefined;
  if (resume) {
    hooks.onNote?.(`resuming training from step ${resume.checkpoints.at(-1)!.step} (${dir})`);
  }
  if (model.initialParams && settings.epochs > 0) {
    hooks.onNote?.(
      `training the weights loaded from ${model.source} for ${settings.epochs} more epoch${
        settings.epochs === 1 ? "" : "s"
      } (--epochs 0 scans them as they are)`,
    );
  }
  await Deno.mkdir(dir, { recursive: true });
  // Only settings, so that --config DIR/run/settings.json repeats the run; provenance is in
  // checkpoints.json beside them.
  await writeFileAtomic(`${dir}/settings.json`, JSON.stringify(settings, null, 2) + "\n");
  const writer = await createTrajectoryWriter(
    dir,
    { model: spec, layout, settings: record },
    resume ? previous! : undefined,
  );
  const evaluator = hooks.onTrainingStart?.({ data, spec, checkpoints: resume?.checkpoints ?? [] });
  const trained = await trainModel({
    spec,
    data,
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    seed: settings.seed,
    initialParams: model.initialParams,
    optimizer: {
      kind: settings.optimizer,
      learningRate,
      momentum: settings.momentum,
      beta1: settings.optimizer.startsWith("adam") ? settings.momentum : undefined,
      weightDecay: settings.weightDecay,
      weightDecayMode: settings.optimizer === "adamw" ? "decoupled" : settings.decayMode,
      clipNorm: settings.clipNorm > 0 ? settings.clipNorm : undefined,
    },
    augment,
    checkpointEvery: settings.checkpointEvery,
    trainThreads: settings.trainThreads,
    resume,
    onStep: (done, total) => hooks.onProgress?.("train", done, total),
    onCheckpoint: (checkpoint, entry, state) => writer.add(checkpoint, entry, state),
    evaluator,
  });
  await writer.finish();
  await writeLayersModel(`${dir}/model`, spec, trained.params);
  timer("train");
  return { data, model: { ...model, spec }, trained, dir };
}

/**
 * A function that ends a stage each time it is called, reporting its duration.
 *
 * @param hooks Where to report.
 * @returns `(stage) => seconds`; the timings so far are on `.timings`.
 * @example
 * ```ts
 * import { stageTimer } from "./train_run.ts";
 * const timer = stageTimer({ onStage: (stage, seconds) => console.log(stage, seconds) });
 * timer("load");
 * console.log(Object.keys(timer.timings)); // ["load"]
 * ```
 */
export function stageTimer(
  hooks: RunHooks,
): ((stage: string) => number) & { timings: Record<string, number> } {
  let start = performance.now();
  const timings: Record<string, number> = {};
  const end = (stage: string) => {
    const now = performance.now();
    timings[stage] = (timings[stage] ?? 0) + (now - start) / 1000;
    start = now;
    hooks.onStage?.(stage, timings[stage]);
    return timings[stage];
  };
  return Object.assign(end, { timings });
}
