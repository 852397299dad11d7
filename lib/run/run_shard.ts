/**
 * `deno task scan --shard i/n`: scan one shard's tiles of every plane into
 * `OUT/shard-i-of-n/` and write its manifest. Every shard must scan around the same weights, so
 * a shard never trains: it scans a run trained once (`--run`), or a model's weights as they are
 * (`--epochs 0`, deterministic from `--model`, `--weights` and `--seed`).
 * @module
 */
import { LosscapeError } from "../errors.ts";
import {
  buildShardManifest,
  type Shard,
  shardFolder,
  type ShardManifest,
  writeShardManifest,
} from "../scan/mod.ts";
import { runScan, type RunScanOptions } from "./run_scan.ts";
import { resolveSettings, type RunSettings } from "./settings.ts";

/**
 * Refuses settings a shard cannot honour: training, and Hessian directions (each shard would
 * compute its own eigenvectors).
 *
 * @param settings The command's settings.
 * @param shard The shard, for the message.
 * @throws {LosscapeError} Naming the flag.
 * @example
 * ```ts
 * import { checkShardSettings } from "./run_shard.ts";
 * import { resolveSettings } from "./settings.ts";
 * checkShardSettings(resolveSettings(null, { epochs: "0" }), { index: 0, count: 2 });
 * ```
 */
export function checkShardSettings(settings: RunSettings, shard: Shard): void {
  const flag = `--shard ${shard.index}/${shard.count}`;
  if (settings.run === "" && settings.epochs > 0) {
    throw new LosscapeError(
      `${flag} scans a trained run, so that every shard has the same centre: train once ` +
        `(deno task train --out DIR), then give every shard --run DIR/run (or --epochs 0 to ` +
        `scan the model's weights as they are)`,
    );
  }
  if (settings.directions === "hessian") {
    throw new LosscapeError(
      `${flag} cannot use --directions hessian: write the eigenvectors once with a whole scan ` +
        `and give the shards its directions.npy with --directions FILE`,
    );
  }
}

/**
 * Runs one shard: its tiles of every plane, then `shard.json`.
 *
 * @param options The scan's settings and hooks, and the shard.
 * @returns The shard folder and its manifest.
 * @throws {LosscapeError} On settings a shard cannot honour, and as {@linkcode runScan} does.
 * @example
 * ```ts ignore
 * import { runShard } from "./run_shard.ts";
 * const { dir } = await runShard({ run: "out/run1/run", grid: 51, shard: { index: 0, count: 4 } });
 * ```
 */
export async function runShard(
  options: RunScanOptions & { shard: Shard },
): Promise<{ dir: string; manifest: ShardManifest }> {
  const { shard, onProgress, onNote, onStage, ...given } = options;
  const settings: RunSettings = { ...resolveSettings(null, {}), ...given };
  checkShardSettings(settings, shard);
  const dir = shardFolder(settings.out, shard);
  // Written again when the shard finishes: until then the folder is an unfinished shard.
  await Deno.remove(`${dir}/shard.json`).catch(() => {});
  await runScan({ ...settings, out: dir, shard, onProgress, onNote, onStage });
  const planes = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isDirectory) continue;
    const text = await Deno.readTextFile(`${dir}/${entry.name}/landscape.json`).catch(() => null);
    const json = text === null ? null : JSON.parse(text);
    if (json?.shard) planes.push({ dir: entry.name, json });
  }
  planes.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  const manifest = buildShardManifest(shard, { ...settings }, planes);
  await writeShardManifest(dir, manifest);
  return { dir, manifest };
}
