/**
 * The runs a comparison reads: run folders (a scan's `--out`) and sweep folders (expanded into
 * their finished variants), each read from its files alone: `run.json`, the landscape folders,
 * `analysis/`, `hessian/spectrum.json` and the trajectory in `run/`.
 * @module
 */
import { LosscapeError } from "../errors.ts";
import { type Landscape, readLandscapeFolder } from "../scan/mod.ts";
import { readTrajectory, type SavedTrajectory } from "../train/mod.ts";
import { readSweepIndex } from "../sweep/mod.ts";
import { decodeNpy } from "../io/npy.ts";

/** One run of a comparison, as its files hold it. */
export interface ComparedRun {
  /** Its folder. */
  dir: string;
  /** Its name in figures: the variant's name in a sweep, else the folder. */
  label: string;
  /** The parsed `run.json` (settings, history, diagnosis, model, dataset). */
  run: Record<string, unknown>;
  /** The 1D slice, random plane and PCA plane, where scanned. */
  slice?: Landscape;
  /** The random plane. */
  random?: Landscape;
  /** The run's own PCA plane. */
  pca?: Landscape;
  /** The parsed `analysis/analysis.json`, where the analyses ran. */
  analysis?: Record<string, unknown>;
  /** The gradient intensity curve at the last checkpoint (importance share per weight share). */
  intensity?: number[];
  /** The parsed `hessian/spectrum.json`, where the run has one. */
  spectrum?: Record<string, unknown>;
  /** The trajectory: model, layout, checkpoints. */
  trajectory: SavedTrajectory;
}

async function isDirectory(path: string): Promise<boolean> {
  return await Deno.stat(path).then((info) => info.isDirectory, () => false);
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  let text;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LosscapeError(`${path}: not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** The run folders that `dirs` name: sweep folders become their finished variants. */
async function runFolders(dirs: readonly string[]): Promise<{ dir: string; label: string }[]> {
  const folders: { dir: string; label: string }[] = [];
  for (const given of dirs) {
    const dir = given.replace(/\/+$/, "") || given;
    if (!(await isDirectory(dir))) throw new LosscapeError(`${dir}: no such folder`);
    const sweep = await readSweepIndex(dir);
    if (sweep) {
      const done = sweep.variants.filter((variant) => variant.complete);
      if (done.length === 0) {
        throw new LosscapeError(`${dir}: a sweep with no finished variant yet (see sweep.json)`);
      }
      for (const variant of done) {
        folders.push({ dir: `${dir}/${variant.name}`, label: variant.name });
      }
    } else if (await Deno.stat(`${dir}/run.json`).then(() => true, () => false)) {
      folders.push({ dir, label: dir });
    } else {
      throw new LosscapeError(
        `${dir}: not a run or sweep folder (expected run.json or sweep.json)`,
      );
    }
  }
  return folders;
}

async function landscape(dir: string): Promise<Landscape | undefined> {
  const saved = await readLandscapeFolder(dir);
  return saved?.landscape;
}

/** The last row of `analysis/intensity.npy` ([checkpoints, points]). */
async function lastIntensity(dir: string): Promise<number[] | undefined> {
  const bytes = await Deno.readFile(`${dir}/analysis/intensity.npy`).catch(() => null);
  if (!bytes) return undefined;
  const { values, shape } = decodeNpy(bytes);
  if (shape.length !== 2 || shape[0] < 1) return undefined;
  const points = shape[1];
  return Array.from(values.subarray((shape[0] - 1) * points, shape[0] * points));
}

/**
 * Reads every run a comparison names.
 *
 * @param dirs Run folders and sweep folders.
 * @returns One entry per run, sweep variants in sweep order.
 * @throws {LosscapeError} One line naming the folder: missing, neither a run nor a sweep, or
 *   damaged files.
 * @example
 * ```ts ignore
 * import { readComparedRuns } from "./compared_runs.ts";
 * const runs = await readComparedRuns(["out/sweep"]);
 * console.log(runs.map((run) => run.label));
 * ```
 */
export async function readComparedRuns(dirs: readonly string[]): Promise<ComparedRun[]> {
  if (dirs.length === 0) throw new LosscapeError("compare: name one or more run or sweep folders");
  const runs: ComparedRun[] = [];
  for (const { dir, label } of await runFolders(dirs)) {
    const run = (await readJson(`${dir}/run.json`))!;
    const settings = (run.settings ?? {}) as Record<string, unknown>;
    const runDir = typeof settings.run === "string" && settings.run !== ""
      ? settings.run
      : `${dir}/run`;
    if (!(await isDirectory(runDir))) {
      throw new LosscapeError(`${dir}: no trajectory at ${runDir} (a run folder holds run/)`);
    }
    runs.push({
      dir,
      label,
      run,
      slice: await landscape(`${dir}/slice`),
      random: await landscape(`${dir}/random`),
      pca: await landscape(`${dir}/pca`),
      analysis: await readJson(`${dir}/analysis/analysis.json`),
      intensity: await lastIntensity(dir),
      spectrum: await readJson(`${dir}/hessian/spectrum.json`),
      trajectory: await readTrajectory(runDir),
    });
  }
  return runs;
}

/**
 * Checks that every run has the first run's parameter layout (tensor names and shapes), so
 * that their weights can share a plane.
 *
 * @param runs The runs (each with its trajectory's layout).
 * @returns Nothing; throws on the first run that differs.
 * @throws {LosscapeError} One line naming both folders and the first tensor that differs.
 * @example
 * ```ts
 * import { checkSameModel } from "./compared_runs.ts";
 * const layout = { tensors: [{ name: "w", shape: [2] }] };
 * checkSameModel([{ dir: "a", trajectory: { layout } }, { dir: "b", trajectory: { layout } }]);
 * ```
 */
export function checkSameModel(
  runs: readonly {
    dir: string;
    trajectory: { layout: { tensors: readonly { name: string; shape: readonly number[] }[] } };
  }[],
): void {
  const describe = (run: (typeof runs)[number]) =>
    run.trajectory.layout.tensors.map((t) => `${t.name} [${t.shape.join(",")}]`);
  const first = describe(runs[0]);
  for (const run of runs.slice(1)) {
    const other = describe(run);
    const at = first.findIndex((tensor, i) => tensor !== other[i]);
    if (at < 0 && first.length === other.length) continue;
    const where = at < 0 ? first.length : at;
    throw new LosscapeError(
      `${runs[0].dir} and ${run.dir} hold different models (${first[where] ?? "no tensor"} vs ` +
        `${
          other[where] ?? "no tensor"
        }): runs compared on one plane need the same parameter layout`,
    );
  }
}
