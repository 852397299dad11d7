/**
 * A saved run given with `--run DIR`: its trajectory, the settings it was trained with, and the
 * settings a scan of it really uses (the run's own for data, model and training; this command's
 * for the scan). Training and data flags cannot apply to a finished run and are refused; the
 * seed too, as it made the run's split (the scan's random directions use the run's seed).
 * @module
 */
import { readTrajectory, type SavedTrajectory } from "../train/checkpoint_files.ts";
import { LosscapeError } from "../errors.ts";
import { flagOf, isScanOnly, resolveSettings, type RunSettings, SETTINGS } from "./settings.ts";

/** A saved run and the settings a scan of it uses. */
export interface SavedRun {
  /** Checkpoints, curves, model and recorded settings. */
  saved: SavedTrajectory;
  /** The settings the run was trained with, with this command's scan settings. */
  used: RunSettings;
  /** Where the model came from, as the run recorded it. */
  modelSource: string;
}

/**
 * The training and data settings that differ from their defaults: with `--run` they cannot apply.
 *
 * @param settings The command's settings.
 * @returns Their flags, e.g. `["--dataset", "--epochs"]`.
 * @example
 * ```ts
 * import { trainingFlagsGiven } from "./saved_run.ts";
 * import { resolveSettings } from "./settings.ts";
 * console.log(trainingFlagsGiven(resolveSettings(null, { lr: "0.1", grid: "11" }))); // ["--lr"]
 * ```
 */
export function trainingFlagsGiven(settings: RunSettings): string[] {
  const defaults = resolveSettings(null, {}) as unknown as Record<string, unknown>;
  const given = settings as unknown as Record<string, unknown>;
  return Object.keys(SETTINGS)
    .filter((name) => !isScanOnly(name))
    .filter((name) => JSON.stringify(given[name]) !== JSON.stringify(defaults[name]))
    .map(flagOf);
}

async function isFile(path: string): Promise<boolean> {
  return await Deno.stat(path).then((info) => info.isFile, () => false);
}

/**
 * Reads the run `settings.run` names, refusing training flags and pointing from a scan's output
 * folder to its `run/` subfolder.
 *
 * @param settings The command's settings (`run` set).
 * @returns The trajectory and the settings the scan uses.
 * @throws {LosscapeError} On training or data flags, or a folder without a run.
 * @example
 * ```ts ignore
 * import { readSavedRun } from "./saved_run.ts";
 * const { saved, used } = await readSavedRun(settings);
 * ```
 */
export async function readSavedRun(settings: RunSettings): Promise<SavedRun> {
  const dir = settings.run;
  if (!(await isFile(`${dir}/checkpoints.json`)) && (await isFile(`${dir}/run/checkpoints.json`))) {
    const inner = `${dir.replace(/\/+$/, "")}/run`;
    throw new LosscapeError(
      `--run ${dir}: no checkpoints.json there; did you mean ${inner} (the run/ folder a scan writes)?`,
    );
  }
  const refused = trainingFlagsGiven(settings);
  if (refused.length > 0) {
    throw new LosscapeError(
      `--run ${dir} scans a trained run, so ${refused.join(", ")} cannot apply: the data, model ` +
        `and training come from ${dir}/settings.json (drop ${
          refused.length === 1 ? "it" : "them"
        }, or train anew without --run)`,
    );
  }
  const saved = await readTrajectory(dir);
  const recorded = { ...(saved.settings ?? {}) };
  const modelSource = String(recorded.modelSource ?? recorded.model ?? "");
  const trained: Record<string, unknown> = {};
  for (const name of Object.keys(SETTINGS)) {
    if (!isScanOnly(name) && name in recorded) trained[name] = recorded[name];
  }
  const used = { ...settings, ...trained } as RunSettings;
  return { saved, used, modelSource };
}
