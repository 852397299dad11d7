/**
 * `deno task sweep`: trains and scans each variant of a grid of settings with everything else
 * (data, seeds, grid, directions' seed) shared, one run after another, each into
 * `<out>/<variant>/`, with `sweep.json` beside them. Resumable run by run: a variant whose folder
 * holds a finished run with its settings is not redone, and an unfinished one continues where
 * it stopped (runScan resumes training and scans).
 * @module
 */
import { type RunHooks, runScan, type RunSettings } from "../run/mod.ts";
import { sweepVariants, type Variant, type VaryAxis } from "./variants.ts";
import { type SweepEntry, type SweepIndex, sweepIndex, writeSweepIndex } from "./sweep_index.ts";
import { differingSettings } from "../run/out_folder.ts";

/** Options of {@linkcode runSweep}. */
export interface SweepOptions extends RunHooks {
  /** The settings every variant shares; `out` is the sweep folder. */
  base: RunSettings;
  /** The swept settings. */
  axes: VaryAxis[];
  /** Told when a variant starts: its index (0-based), the count and whether it was done. */
  onVariant?: (index: number, total: number, variant: Variant, done: boolean) => void;
}

/** What a sweep did. */
export interface SweepResult {
  /** The index as written. */
  index: SweepIndex;
  /** Variants run now (the others were finished before). */
  ran: string[];
}

/** The settings of a finished run in `dir`, or null when it holds no finished run. */
async function finishedSettings(dir: string): Promise<Record<string, unknown> | null> {
  try {
    const run = JSON.parse(await Deno.readTextFile(`${dir}/run.json`));
    const report = await Deno.stat(`${dir}/report.html`).then(() => true, () => false);
    return run?.complete === true && report ? run.settings ?? null : null;
  } catch {
    return null;
  }
}

/**
 * Runs every variant of a sweep (see the module doc), writing `sweep.json` as it goes.
 *
 * @param options The shared settings, the axes, and progress hooks.
 * @returns The index and the variants run now.
 * @throws {LosscapeError} On bad settings or data (from the first variant that meets them).
 * @example
 * ```ts ignore
 * import { parseVary, runSweep } from "./mod.ts";
 * import { resolveSettings } from "../run/mod.ts";
 * const base = resolveSettings(null, { dataset: "moons", epochs: "5", out: "out/sweep" });
 * await runSweep({ base, axes: [parseVary("batch-size=16,128")] });
 * ```
 */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const { base, axes, onVariant, ...hooks } = options;
  const root = base.out;
  const variants = sweepVariants(axes);
  const shared: Record<string, unknown> = { ...base };
  for (const name of ["out", "fresh", "quiet", "workers", ...axes.map((axis) => axis.setting)]) {
    delete shared[name];
  }
  await Deno.mkdir(root, { recursive: true });
  const settingsOf = (variant: Variant): RunSettings => ({
    ...base,
    ...variant.settings,
    out: `${root}/${variant.name}`,
  });
  const entries: SweepEntry[] = [];
  for (const variant of variants) {
    const before = await finishedSettings(`${root}/${variant.name}`);
    const same = before !== null &&
      differingSettings(before, settingsOf(variant) as unknown as Record<string, unknown>)
          .length === 0;
    entries.push({ name: variant.name, settings: variant.settings, complete: same && !base.fresh });
  }
  const index = sweepIndex(axes, shared, entries);
  await writeSweepIndex(root, index);
  const ran: string[] = [];
  for (const [i, variant] of variants.entries()) {
    const entry = entries[i];
    onVariant?.(i, variants.length, variant, entry.complete);
    if (entry.complete) continue;
    const started = performance.now();
    await runScan({ ...settingsOf(variant), ...hooks });
    entry.complete = true;
    entry.seconds = (performance.now() - started) / 1000;
    ran.push(variant.name);
    await writeSweepIndex(root, index);
  }
  return { index, ran };
}
