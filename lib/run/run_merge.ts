/**
 * `deno task merge OUT SHARD...`: join shard folders into OUT and, once no tile is missing,
 * write the files a whole scan writes around its planes (surfaces, analyses, run.json, the
 * report) by continuing the scan in OUT, where every plane is then already complete.
 * @module
 */
import { type MergeResult, mergeShards } from "../scan/mod.ts";
import type { RunHooks } from "./train_run.ts";
import { runScan, type RunScanResult } from "./run_scan.ts";
import type { RunSettings } from "./settings.ts";
import { writeFileAtomic } from "../io/mod.ts";

/** Copies a folder's files (recursively), each atomically. */
async function copyFolder(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.isDirectory) await copyFolder(`${from}/${entry.name}`, `${to}/${entry.name}`);
    else if (entry.isFile) {
      await writeFileAtomic(`${to}/${entry.name}`, await Deno.readFile(`${from}/${entry.name}`));
    }
  }
}

/** Options of {@linkcode runMerge}. */
export interface RunMergeOptions extends RunHooks {
  /** The merged scan's folder. */
  out: string;
  /** Shard folders to merge. */
  shards: string[];
  /** Workers for the report's analyses (default: the shards' setting). */
  workers?: number;
  /** No progress bars. */
  quiet?: boolean;
}

/** What a merge did. */
export interface RunMergeResult {
  /** The joined planes and the tiles still missing. */
  merge: MergeResult;
  /** The finished scan, when no tile was missing. */
  scan?: RunScanResult;
}

/**
 * Merges shards and, when they cover every tile, finishes the scan in `out`.
 *
 * @param options Where, which shards, and hooks.
 * @returns The merge, and the scan's result when complete.
 * @throws {LosscapeError} On foreign shards or another scan's folder (see mergeShards).
 * @example
 * ```ts ignore
 * import { runMerge } from "./run_merge.ts";
 * const { merge } = await runMerge({ out: "out/scan", shards: ["out/scan/shard-0-of-1"] });
 * console.log(merge.complete);
 * ```
 */
export async function runMerge(options: RunMergeOptions): Promise<RunMergeResult> {
  const { out, shards, workers, quiet, ...hooks } = options;
  const merge = await mergeShards(out, shards);
  if (!merge.complete) return { merge };
  const settings = merge.manifest.settings as unknown as RunSettings;
  // Without --run the shards' weights are in their run/: the scan in `out` takes them from
  // there (a run/ of its own that is missing would make it a new run and move the planes aside).
  const shardRun = `${merge.merged[0]}/run`;
  const hasRun = (dir: string) =>
    Deno.stat(`${dir}/checkpoints.json`).then(() => true, () => false);
  if (settings.run === "" && await hasRun(shardRun) && !(await hasRun(`${out}/run`))) {
    await copyFolder(shardRun, `${out}/run`);
  }
  const scan = await runScan({
    ...settings,
    out,
    fresh: false,
    workers: workers ?? settings.workers,
    quiet: quiet ?? settings.quiet,
    merged: merge.planes.map((plane) => plane.dir),
    ...hooks,
  });
  return { merge, scan };
}
