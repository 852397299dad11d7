/**
 * The trajectory on disk: `checkpoints.f32` holds every checkpoint's flat weights back to back
 * (raw little-endian float32) and `checkpoints.json` indexes them (layout, model, step, epoch,
 * the curves). Checkpoints are appended as they are made and the index is rewritten atomically
 * after each (the data is synced to disk first), so a run that stops (or diverges) keeps every
 * checkpoint the index names; bytes past the last indexed checkpoint are ignored. Until training
 * finishes, `resume.STEP.f32` and `resume.STEP.json` hold the optimiser's slots and the
 * generator's state at the checkpoint of that step, for the last two checkpoints the index
 * names, so an interrupted run continues to the same weights bit for bit (from the one before
 * when a crash cut the last short). A step's files are written before the index names the step
 * and only ever hold that step's state, so a stop at any moment leaves a matching pair.
 * @module
 */
import type { ParamLayout } from "../model/layout.ts";
import type { ModelSpec } from "../model/spec.ts";
import type { EpochRecord } from "./history.ts";
import type { Checkpoint, TrainingState } from "./train_model.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { CHECKPOINTS_FORMAT, resumeFiles, resumeFileStep } from "./read_trajectory.ts";

export { readTrajectory, type ReadTrajectoryOptions } from "./read_trajectory.ts";
export { CHECKPOINTS_FORMAT } from "./read_trajectory.ts";

/** Everything the index holds besides the checkpoints. */
export interface TrajectoryInfo {
  /** The model the weights belong to. */
  model: ModelSpec;
  /** Their layout. */
  layout: ParamLayout;
  /** The run's settings, for reproduction. */
  settings?: Record<string, unknown>;
}

/** A trajectory read back from disk. */
export interface SavedTrajectory extends TrajectoryInfo {
  /** The checkpoints, in order. */
  checkpoints: Checkpoint[];
  /** One record per checkpoint. */
  history: EpochRecord[];
  /** Whether training finished. */
  complete: boolean;
  /** The state saved with the last checkpoint of an unfinished run, when it is there and matches. */
  resumeState?: TrainingState;
  /** Checkpoints dropped at the end because the data file ends before them (`dropDamaged`). */
  dropped?: number;
}

/** Appends checkpoints to a folder as training makes them. */
export interface TrajectoryWriter {
  /** Stores one checkpoint, its record and the state to resume from it. */
  add(checkpoint: Checkpoint, record: EpochRecord, state?: TrainingState): Promise<void>;
  /** Marks the trajectory finished. */
  finish(): Promise<void>;
}

/**
 * Starts a trajectory in a folder, replacing any earlier one there, or continues one.
 *
 * @param dir The folder (created if needed).
 * @param info Model, layout and settings.
 * @param continued A trajectory read from `dir` to append to (its checkpoints are kept).
 * @returns The writer.
 * @example
 * ```ts ignore
 * import { createTrajectoryWriter } from "./checkpoint_files.ts";
 * const writer = await createTrajectoryWriter("out/run", { model, layout });
 * await writer.add(checkpoint, record);
 * await writer.finish();
 * ```
 */
export async function createTrajectoryWriter(
  dir: string,
  info: TrajectoryInfo,
  continued?: SavedTrajectory,
): Promise<TrajectoryWriter> {
  await Deno.mkdir(dir, { recursive: true });
  const dataPath = `${dir}/checkpoints.f32`;
  const checkpointBytes = info.layout.size * 4;
  const kept = continued?.checkpoints ?? [];
  const entries = kept.map((checkpoint, i) => ({
    index: checkpoint.index,
    step: checkpoint.step,
    epoch: checkpoint.epoch,
    byteOffset: i * checkpointBytes,
  }));
  const history: EpochRecord[] = [...(continued?.history ?? [])];
  let bytes = kept.length * checkpointBytes;
  // Drop whatever a stopped run appended after its last indexed checkpoint.
  if (continued) await Deno.truncate(dataPath, bytes);
  else await Deno.writeFile(dataPath, new Uint8Array());
  const writeIndex = (complete: boolean) =>
    writeFileAtomic(
      `${dir}/checkpoints.json`,
      JSON.stringify(
        {
          ...CHECKPOINTS_FORMAT,
          ...info,
          parameters: info.layout.size,
          complete,
          checkpoints: entries,
          history,
        },
        null,
        1,
      ) + "\n",
    );
  return {
    async add(checkpoint, record, state) {
      const data = new Uint8Array(
        checkpoint.values.buffer,
        checkpoint.values.byteOffset,
        checkpoint.values.byteLength,
      );
      const file = await Deno.open(dataPath, { append: true });
      try {
        for (let at = 0; at < data.byteLength;) at += await file.write(data.subarray(at));
        // On disk before the index names it: a crash cannot leave the index past the data.
        await file.syncData();
      } finally {
        file.close();
      }
      entries.push({
        index: checkpoint.index,
        step: checkpoint.step,
        epoch: checkpoint.epoch,
        byteOffset: bytes,
      });
      history.push(record);
      bytes += data.byteLength;
      if (state) await writeResumeState(dir, checkpoint.step, state);
      await writeIndex(false);
      if (state) await removeResumeStates(dir, new Set(entries.slice(-2).map((e) => e.step)));
    },
    async finish() {
      await writeIndex(true);
      await removeResumeStates(dir, new Set());
    },
  };
}

/** Removes the state files of every step not in `keep` (and those of the older single pair). */
async function removeResumeStates(dir: string, keep: Set<number>): Promise<void> {
  const stale: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const step = resumeFileStep(entry.name);
    if (step !== undefined && !keep.has(step)) stale.push(entry.name);
  }
  for (const name of stale) await Deno.remove(`${dir}/${name}`).catch(() => {});
}

async function writeResumeState(dir: string, step: number, state: TrainingState): Promise<void> {
  const names = Object.keys(state.optimizer.slots);
  const size = names.reduce((sum, name) => sum + state.optimizer.slots[name].length, 0);
  const slots = new Float32Array(size);
  let offset = 0;
  for (const name of names) {
    slots.set(state.optimizer.slots[name], offset);
    offset += state.optimizer.slots[name].length;
  }
  const [json, data] = resumeFiles(step);
  await writeFileAtomic(`${dir}/${data}`, new Uint8Array(slots.buffer));
  const header = { step, optimizerSteps: state.optimizer.steps, slots: names, rng: state.rng };
  await writeFileAtomic(`${dir}/${json}`, JSON.stringify(header) + "\n");
}
