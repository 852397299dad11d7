/**
 * The trajectory on disk: `checkpoints.f32` holds every checkpoint's flat weights back to back
 * (raw little-endian float32) and `checkpoints.json` indexes them (layout, model, step, epoch,
 * the curves). Checkpoints are appended as they are made and the index is rewritten atomically
 * after each, so a run that stops (or diverges) keeps every checkpoint the index names; bytes
 * past the last indexed checkpoint are ignored. Until training finishes, `resume.json` and
 * `resume.f32` hold the optimiser's slots and the generator's state at the last checkpoint, so
 * an interrupted run continues to the same weights bit for bit.
 * @module
 */
import type { ParamLayout } from "../model/layout.ts";
import type { ModelSpec } from "../model/spec.ts";
import type { EpochRecord } from "./history.ts";
import type { Checkpoint, TrainingState } from "./train_model.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { LosscapeError } from "../errors.ts";

/** The index file's format name and version. */
export const CHECKPOINTS_FORMAT = { format: "losscape-checkpoints", version: 1 } as const;

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
        await file.write(data);
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
    },
    async finish() {
      await writeIndex(true);
      for (const file of ["resume.json", "resume.f32"]) {
        await Deno.remove(`${dir}/${file}`).catch(() => {});
      }
    },
  };
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
  await writeFileAtomic(`${dir}/resume.f32`, new Uint8Array(slots.buffer));
  const json = { step, optimizerSteps: state.optimizer.steps, slots: names, rng: state.rng };
  await writeFileAtomic(`${dir}/resume.json`, JSON.stringify(json) + "\n");
}

/** The resume state of a run, when its files are there and belong to `step`. */
async function readResumeState(dir: string, step: number, size: number) {
  try {
    const json = JSON.parse(await Deno.readTextFile(`${dir}/resume.json`));
    const bytes = await Deno.readFile(`${dir}/resume.f32`);
    const names = json.slots as string[];
    if (json.step !== step || bytes.byteLength !== names.length * size * 4) return undefined;
    const all = new Float32Array(bytes.slice().buffer);
    const slots = Object.fromEntries(
      names.map((name, i) => [name, all.slice(i * size, (i + 1) * size)]),
    );
    const state: TrainingState = {
      optimizer: { steps: json.optimizerSteps, slots },
      rng: json.rng,
    };
    return state;
  } catch {
    return undefined;
  }
}

/**
 * Reads a trajectory written by {@linkcode createTrajectoryWriter}.
 *
 * @param dir The folder.
 * @returns Model, layout, checkpoints and curves.
 * @throws {LosscapeError} When the files are missing, of another format, or too short.
 * @example
 * ```ts ignore
 * import { readTrajectory } from "./checkpoint_files.ts";
 * const { checkpoints, model } = await readTrajectory("out/run");
 * ```
 */
export async function readTrajectory(dir: string): Promise<SavedTrajectory> {
  const indexPath = `${dir}/checkpoints.json`;
  let index;
  try {
    index = JSON.parse(await Deno.readTextFile(indexPath));
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound
      ? "no such file"
      : (error as Error).message.split("\n")[0];
    throw new LosscapeError(`${indexPath}: cannot read the trajectory index: ${reason}`);
  }
  if (index.format !== CHECKPOINTS_FORMAT.format) {
    throw new LosscapeError(
      `${indexPath}: expected format "${CHECKPOINTS_FORMAT.format}", got ${
        JSON.stringify(index.format)
      }`,
    );
  }
  const bytes = await Deno.readFile(`${dir}/checkpoints.f32`).catch(() => {
    throw new LosscapeError(
      `${dir}/checkpoints.f32: missing (the index names ${index.checkpoints.length} checkpoints)`,
    );
  });
  const size = index.parameters as number;
  const checkpoints =
    (index.checkpoints as { index: number; step: number; epoch: number; byteOffset: number }[])
      .map((entry) => {
        if (entry.byteOffset + size * 4 > bytes.byteLength) {
          throw new LosscapeError(
            `${dir}/checkpoints.f32: checkpoint ${entry.index} needs bytes up to ${
              entry.byteOffset + size * 4
            }, the file has ${bytes.byteLength}`,
          );
        }
        const values = new Float32Array(
          bytes.slice(entry.byteOffset, entry.byteOffset + size * 4).buffer,
        );
        return { index: entry.index, step: entry.step, epoch: entry.epoch, values };
      });
  const complete = index.complete === true;
  const last = checkpoints.at(-1);
  const resumeState = !complete && last ? await readResumeState(dir, last.step, size) : undefined;
  return {
    model: index.model,
    layout: index.layout,
    settings: index.settings,
    checkpoints,
    history: index.history,
    complete,
    resumeState,
  };
}
