/**
 * One output folder, one run. A run that starts in a folder holding the results of a different
 * run (other settings, or `--fresh`) first moves those results into `earlier/<time>/` beside a
 * `NOTE.txt` saying why, so the folder never mixes two runs: not after a run that diverges, not
 * after an interrupt. A run with the same settings continues in place instead (resume).
 * @module
 */
import { writeFileAtomic } from "../io/atomic_write.ts";

/** The folder inside `--out` that holds the results moved aside. */
export const EARLIER_FOLDER = "earlier";

/** Top-level names a run writes (besides plane folders, found by their `landscape.json`). */
const RUN_ENTRIES = [
  "run",
  "slice",
  "random",
  "pca",
  "analysis",
  "hessian",
  "interpolation",
  "model-plane",
  "figures",
  "run.json",
  "report.html",
];

/** Settings that do not change a single number of the results. */
const NEUTRAL = new Set(["quiet", "workers", "fresh", "out", "remote"]);

/**
 * The settings two runs differ in, ignoring those that change no result (quiet, workers,
 * fresh, out, remote).
 *
 * @param before The earlier run's recorded settings.
 * @param now This run's settings.
 * @returns The names of the settings that differ, sorted.
 * @example
 * ```ts
 * import { differingSettings } from "./out_folder.ts";
 * console.log(differingSettings({ lr: 0.1, quiet: true }, { lr: 0.2, quiet: false })); // ["lr"]
 * ```
 */
export function differingSettings(
  before: Record<string, unknown>,
  now: Record<string, unknown>,
): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(now)]);
  return [...keys]
    .filter((key) => !NEUTRAL.has(key) && JSON.stringify(before[key]) !== JSON.stringify(now[key]))
    .sort();
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/** The entries of `out` that a run wrote: the known names and any other plane folder. */
async function runEntries(out: string): Promise<string[]> {
  const found: string[] = [];
  let listing;
  try {
    listing = await Array.fromAsync(Deno.readDir(out));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  for (const entry of listing) {
    if (entry.name === EARLIER_FOLDER) continue;
    const plane = entry.isDirectory && await exists(`${out}/${entry.name}/landscape.json`);
    if (RUN_ENTRIES.includes(entry.name) || plane) found.push(entry.name);
  }
  return found.sort();
}

/** Options of {@linkcode moveRunAside}. */
export interface MoveAsideOptions {
  /** Entries to leave in place (e.g. `run` when it is reused or is the run being scanned). */
  keep?: string[];
  /** Why, for the note (e.g. "other settings: lr, epochs"). */
  reason: string;
  /** The time of the move (default now), naming the folder. */
  now?: Date;
}

/**
 * Moves an earlier run's results out of the way, into `<out>/earlier/<time>/`, with a note.
 *
 * @param out The output folder.
 * @param options What to keep, why, and when.
 * @returns The folder the results went to, or null when there was nothing to move.
 * @example
 * ```ts ignore
 * import { moveRunAside } from "./out_folder.ts";
 * const moved = await moveRunAside("out", { reason: "other settings: lr" });
 * ```
 */
export async function moveRunAside(out: string, options: MoveAsideOptions): Promise<string | null> {
  const { keep = [], reason, now = new Date() } = options;
  const entries = (await runEntries(out)).filter((name) => !keep.includes(name));
  if (entries.length === 0) return null;
  const stamp = now.toISOString().replace(/\.\d+Z$/, "Z").replaceAll(":", "-");
  let target = `${out}/${EARLIER_FOLDER}/${stamp}`;
  for (let n = 2; await exists(target); n++) target = `${out}/${EARLIER_FOLDER}/${stamp}-${n}`;
  await Deno.mkdir(target, { recursive: true });
  for (const name of entries) await Deno.rename(`${out}/${name}`, `${target}/${name}`);
  const note = [
    `Moved here by losscape on ${now.toISOString()}: a new run started in ${out}/`,
    `(${reason}), and a folder holds one run. These files are the earlier run's,`,
    `complete or not, exactly as it left them: ${entries.join(", ")}.`,
    "",
  ].join("\n");
  await writeFileAtomic(`${target}/NOTE.txt`, note);
  return target;
}

/**
 * Reads the settings an earlier run recorded in a folder: the scan's (`run.json`, written when
 * a scan starts) and the training's (`run/settings.json`).
 *
 * @param out The output folder.
 * @returns Both, each null when absent or unreadable.
 * @example
 * ```ts ignore
 * import { recordedSettings } from "./out_folder.ts";
 * const { scan, training } = await recordedSettings("out");
 * ```
 */
export async function recordedSettings(out: string): Promise<{
  scan: Record<string, unknown> | null;
  training: Record<string, unknown> | null;
  anything: boolean;
}> {
  const read = (path: string) =>
    Deno.readTextFile(path).then((text) => JSON.parse(text), () => null).catch(() => null);
  const run = await read(`${out}/run.json`);
  const training = await read(`${out}/run/settings.json`);
  return {
    scan: run && typeof run.settings === "object" ? run.settings : null,
    training: training && typeof training === "object" ? training : null,
    anything: (await runEntries(out)).length > 0,
  };
}
