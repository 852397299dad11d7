/**
 * The trajectory on disk: `checkpoints.f32` holds every checkpoint's flat weights back to back
 * (raw little-endian float32) and `checkpoints.json` indexes them (layout, model, step, epoch,
 * the curves). Checkpoints are appended as they are made and the index is rewritten atomically
 * after each, so a run that stops (or diverges) keeps every checkpoint the index names; bytes
 * past the last indexed checkpoint are ignored.
 * @module
 */
import type { ParamLayout } from "../model/layout.ts";
import type { ModelSpec } from "../model/spec.ts";
import type { EpochRecord } from "./history.ts";
import type { Checkpoint } from "./train_model.ts";
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
}

/** Appends checkpoints to a folder as training makes them. */
export interface TrajectoryWriter {
  /** Stores one checkpoint and its record. */
  add(checkpoint: Checkpoint, record: EpochRecord): Promise<void>;
  /** Marks the trajectory finished. */
  finish(): Promise<void>;
}

/**
 * Starts a trajectory in a folder (replacing any earlier one there).
 *
 * @param dir The folder (created if needed).
 * @param info Model, layout and settings.
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
): Promise<TrajectoryWriter> {
  await Deno.mkdir(dir, { recursive: true });
  const dataPath = `${dir}/checkpoints.f32`;
  await Deno.writeFile(dataPath, new Uint8Array());
  const entries: { index: number; step: number; epoch: number; byteOffset: number }[] = [];
  const history: EpochRecord[] = [];
  let bytes = 0;
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
    async add(checkpoint, record) {
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
      await writeIndex(false);
    },
    finish: () => writeIndex(true),
  };
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
  return {
    model: index.model,
    layout: index.layout,
    settings: index.settings,
    checkpoints,
    history: index.history,
    complete: index.complete === true,
  };
}
