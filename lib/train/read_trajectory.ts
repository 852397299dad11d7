/**
 * Reading a trajectory back (see `checkpoint_files.ts` for the files): every field of the index
 * is checked, sizes against the data file's length before anything is copied, and checkpoints
 * that a crash cut short can be dropped so that training resumes from the one before (whose
 * optimiser and generator state is kept in its own `resume.STEP.*` files).
 * @module
 */
import type { ParamLayout } from "../model/layout.ts";
import type { ModelSpec } from "../model/spec.ts";
import type { TrainingState } from "./train_model.ts";
import type { SavedTrajectory } from "./checkpoint_files.ts";
import { LosscapeError } from "../errors.ts";
import { modelLayout } from "../model/model_layout.ts";
import { resolveModel } from "../model/resolve.ts";

/** The index file's format name and version. */
export const CHECKPOINTS_FORMAT = { format: "losscape-checkpoints", version: 1 } as const;
/** The state files (header, slots) to resume from the checkpoint at `step`. */
export const resumeFiles = (step: number): [string, string] => [
  `resume.${step}.json`,
  `resume.${step}.f32`,
];

/**
 * The step a state file belongs to, or undefined for any other file. The single pair an older
 * version kept (`resume.json`, `resume.previous.json` and their `.f32`) counts as step -1.
 */
export function resumeFileStep(name: string): number | undefined {
  const match = /^resume\.(\d+|previous)?\.?(json|f32)$/.exec(name);
  if (!match) return undefined;
  return match[1] === undefined || match[1] === "previous" ? -1 : Number(match[1]);
}

// The older single pair, still read: their headers name the step they belong to.
const OLDER_RESUME_FILES = [["resume.json", "resume.f32"], [
  "resume.previous.json",
  "resume.previous.f32",
]];

const isStateWords = (value: unknown) =>
  Array.isArray(value) && value.length === 5 &&
  value.slice(0, 4).every((word) => Number.isInteger(word));

/** The resume state of a run saved at `step`, from its own state files (or an older version's). */
async function readResumeState(dir: string, step: number, size: number) {
  for (const [json, data] of [resumeFiles(step), ...OLDER_RESUME_FILES]) {
    const state = await readStateFiles(`${dir}/${json}`, `${dir}/${data}`, step, size);
    if (state) return state;
  }
  return undefined;
}

/** One pair of state files, when they are whole and belong to `step` (else undefined). */
async function readStateFiles(jsonPath: string, dataPath: string, step: number, size: number) {
  try {
    const json = JSON.parse(await Deno.readTextFile(jsonPath));
    const names = json?.slots;
    const usable = json.step === step && Number.isSafeInteger(json.optimizerSteps) &&
      json.optimizerSteps >= 0 && Array.isArray(names) &&
      names.every((name) => typeof name === "string") && isStateWords(json.rng?.epochStart) &&
      isStateWords(json.rng?.current);
    if (!usable || (await Deno.stat(dataPath)).size !== names.length * size * 4) return undefined;
    const all = new Float32Array((await Deno.readFile(dataPath)).slice().buffer);
    const slots = Object.fromEntries(
      names.map((name: string, i: number) => [name, all.slice(i * size, (i + 1) * size)]),
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

/** Options for {@linkcode readTrajectory}. */
export interface ReadTrajectoryOptions {
  /**
   * Drop checkpoints at the end that the data file no longer holds (a crash cut it short)
   * instead of refusing the run; `dropped` says how many.
   */
  dropDamaged?: boolean;
}

/** Checks the index's fields and returns its model's layout. */
function checkIndex(index: Record<string, unknown>, indexPath: string): ParamLayout {
  const bad = (message: string): never => {
    throw new LosscapeError(`${indexPath}: ${message}`);
  };
  if (index.format !== CHECKPOINTS_FORMAT.format) {
    bad(`expected format "${CHECKPOINTS_FORMAT.format}", got ${JSON.stringify(index.format)}`);
  }
  if (index.version !== CHECKPOINTS_FORMAT.version) {
    bad(
      `expected format version ${CHECKPOINTS_FORMAT.version}, got ${
        JSON.stringify(index.version)
      } (written by another version of losscape)`,
    );
  }
  let layout: ParamLayout;
  try {
    layout = modelLayout(resolveModel(index.model as ModelSpec));
  } catch (error) {
    if (!(error instanceof LosscapeError)) throw error;
    return bad(`model: ${error.message}`);
  }
  if (index.parameters !== layout.size) {
    bad(
      `expected "parameters" ${layout.size} (the model's), got ${JSON.stringify(index.parameters)}`,
    );
  }
  const entries = index.checkpoints;
  const whole = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
  if (
    !Array.isArray(entries) ||
    !entries.every((entry) =>
      whole(entry?.index) && whole(entry?.step) && whole(entry?.byteOffset) &&
      entry.byteOffset % 4 === 0 && typeof entry?.epoch === "number" && entry.epoch >= 0
    )
  ) {
    bad(`expected "checkpoints": a list of {index, step, epoch, byteOffset}`);
  }
  const history = index.history;
  if (
    !Array.isArray(history) || history.length !== (entries as unknown[]).length ||
    !history.every((record) => typeof record === "object" && record !== null)
  ) {
    bad(`expected "history": one record per checkpoint`);
  }
  const settings = index.settings;
  if (settings !== undefined && (typeof settings !== "object" || settings === null)) {
    bad(`expected "settings" to be an object`);
  }
  return layout;
}

/**
 * Reads a trajectory written by {@linkcode createTrajectoryWriter}, checking every field.
 *
 * @param dir The folder.
 * @param options Whether to drop checkpoints that a crash cut short.
 * @returns Model, layout, checkpoints and curves.
 * @throws {LosscapeError} When the files are missing, damaged, of another format, or too short.
 * @example
 * ```ts ignore
 * import { readTrajectory } from "./checkpoint_files.ts";
 * const { checkpoints, model } = await readTrajectory("out/run");
 * ```
 */
export async function readTrajectory(
  dir: string,
  options: ReadTrajectoryOptions = {},
): Promise<SavedTrajectory> {
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
  if (typeof index !== "object" || index === null || Array.isArray(index)) {
    throw new LosscapeError(`${indexPath}: expected a JSON object`);
  }
  const layout = checkIndex(index, indexPath);
  const dataPath = `${dir}/checkpoints.f32`;
  const bytes = await Deno.readFile(dataPath).catch(() => {
    throw new LosscapeError(
      `${dataPath}: missing (the index names ${index.checkpoints.length} checkpoints)`,
    );
  });
  const size = layout.size;
  type Entry = { index: number; step: number; epoch: number; byteOffset: number };
  const entries = index.checkpoints as Entry[];
  // Checked against the file's length before anything is copied.
  const intact = entries.findIndex((entry) => entry.byteOffset + size * 4 > bytes.byteLength);
  const kept = intact < 0 ? entries.length : intact;
  if (kept < entries.length && !(options.dropDamaged && kept > 0)) {
    const entry = entries[kept];
    throw new LosscapeError(
      `${dataPath}: checkpoint ${entry.index} needs bytes up to ${
        entry.byteOffset + size * 4
      }, the file has ${bytes.byteLength}`,
    );
  }
  const checkpoints = entries.slice(0, kept).map((entry) => {
    const values = new Float32Array(
      bytes.slice(entry.byteOffset, entry.byteOffset + size * 4).buffer,
    );
    return { index: entry.index, step: entry.step, epoch: entry.epoch, values };
  });
  const complete = index.complete === true && kept === entries.length;
  const last = checkpoints.at(-1);
  const resumeState = !complete && last ? await readResumeState(dir, last.step, size) : undefined;
  return {
    model: index.model,
    layout,
    settings: index.settings,
    checkpoints,
    history: index.history.slice(0, kept),
    complete,
    resumeState,
    dropped: entries.length - kept,
  };
}
