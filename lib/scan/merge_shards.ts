/**
 * Joins shard folders into one scan folder: every plane's grids from the points each shard
 * computed, onto whatever an earlier merge into the same folder already holds, so merging the
 * missing shard later completes it. Each file is written atomically; `shards.json` records the
 * scan and the tiles still missing.
 * @module
 */
import { writeFileAtomic } from "../io/mod.ts";
import { LosscapeError } from "../errors.ts";
import {
  readLandscapeFolder,
  type SavedLandscape,
  writeLandscapeFolder,
} from "./landscape_files.ts";
import { missingTiles } from "./shard.ts";
import { readShardManifest, type ShardManifest } from "./shard_manifest.ts";

/** What a merge produced. */
export interface MergeResult {
  /** The first finished shard's manifest (the scan's settings and planes). */
  manifest: ShardManifest;
  /** Each plane with the tiles no shard has computed yet. */
  planes: { dir: string; missing: number[]; tiles: number }[];
  /** Every point of every plane is done. */
  complete: boolean;
  /** The shard folders merged (finished ones). */
  merged: string[];
  /** Shard folders without shard.json (still running, or stopped): their tiles count missing. */
  unfinished: string[];
}

/** The merge record's format name and version. */
export const MERGE_FORMAT = { format: "losscape-merge", version: 1 } as const;

/** Fields of a shard's landscape.json that describe the shard, not the landscape. */
const SHARD_ONLY = ["shard", "hashes"];

async function readJson(path: string): Promise<Record<string, unknown> | null> {
  return await Deno.readTextFile(path).then((text) => JSON.parse(text), () => null);
}

/** A shard's plane (its fingerprint checked before the merge writes anything). */
async function shardPlane(dir: string, plane: string): Promise<SavedLandscape> {
  const saved = await readLandscapeFolder(`${dir}/${plane}`);
  if (!saved) {
    throw new LosscapeError(`${dir}/${plane}: missing, though ${dir}/shard.json names it`);
  }
  return saved;
}

/**
 * Merges shard folders into `out`.
 *
 * @param out The merged scan's folder.
 * @param shards The shard folders.
 * @returns The manifest, the missing tiles per plane, and whether the scan is complete.
 * @throws {LosscapeError} Naming the folder when a shard belongs to another scan, when `out`
 *   holds another scan's merge, or when no shard is finished.
 * @example
 * ```ts ignore
 * import { mergeShards } from "./merge_shards.ts";
 * const { complete, planes } = await mergeShards("out/scan", ["out/scan/shard-0-of-2"]);
 * ```
 */
export async function mergeShards(out: string, shards: string[]): Promise<MergeResult> {
  const finished: { dir: string; manifest: ShardManifest }[] = [];
  const unfinished: string[] = [];
  for (const dir of shards) {
    const manifest = await readShardManifest(dir);
    if (manifest) finished.push({ dir, manifest });
    else unfinished.push(dir);
  }
  if (finished.length === 0) {
    throw new LosscapeError(
      `${shards.join(", ")}: no finished shard (shard.json is written when a shard finishes)`,
    );
  }
  const first = finished[0];
  for (const { dir, manifest } of finished) {
    if (manifest.scan !== first.manifest.scan) {
      throw new LosscapeError(
        `${dir}: a shard of another scan (${manifest.scan}; ${first.dir} is of ${first.manifest.scan}): merge only shards of one scan`,
      );
    }
  }
  const record = await readJson(`${out}/shards.json`);
  if (record && record.scan !== first.manifest.scan) {
    throw new LosscapeError(
      `${out}: holds the merge of another scan (${record.scan}, not ${first.manifest.scan}): merge into another folder`,
    );
  }
  if (!record && (await readJson(`${out}/run.json`))) {
    throw new LosscapeError(
      `${out}: holds a scan that was not merged from shards (run.json, no shards.json): merge into another folder`,
    );
  }
  // Every shard's planes are checked before anything is written.
  for (const { dir } of finished) {
    for (const plane of first.manifest.planes) {
      const json = await readJson(`${dir}/${plane.dir}/landscape.json`);
      if (json?.fingerprint !== plane.fingerprint) {
        throw new LosscapeError(
          `${dir}/${plane.dir}/landscape.json: ${
            json ? `fingerprint ${json.fingerprint}` : "missing"
          }, not ${plane.fingerprint} as ${dir}/shard.json says: the folder changed after the shard finished`,
        );
      }
    }
  }
  // Shards an earlier merge into `out` took: their seconds are in its timings already.
  const earlier = new Set((record?.merged as string[] | undefined) ?? []);
  const writeRecord = (fields: Record<string, unknown>) =>
    writeFileAtomic(
      `${out}/shards.json`,
      JSON.stringify({ ...MERGE_FORMAT, scan: first.manifest.scan, ...fields }, null, 2) + "\n",
    );
  // First, so that a merge stopped half way is recognised as this scan's by the next one.
  if (!record) await writeRecord({ complete: false, merged: [], planes: [] });
  const planes = [];
  for (const plane of first.manifest.planes) {
    const template = await shardPlane(first.dir, plane.dir);
    const before = await readLandscapeFolder(`${out}/${plane.dir}`).catch(() => null);
    const base = before?.json.fingerprint === plane.fingerprint ? before : null;
    const done = base ? Uint8Array.from(base.done) : new Uint8Array(template.done.length);
    const metrics: Record<string, Float32Array> = {};
    for (const [key, values] of Object.entries(template.landscape.metrics)) {
      metrics[key] = base?.landscape.metrics[key]
        ? Float32Array.from(base.landscape.metrics[key])
        : new Float32Array(values.length).fill(NaN);
    }
    let scanSeconds = Number((base?.json.timings as { scanSeconds?: number })?.scanSeconds ?? 0);
    // One shard's copy of the plane in memory at a time.
    for (const { dir } of finished) {
      const shard = dir === first.dir ? template : await shardPlane(dir, plane.dir);
      if (!earlier.has(dir)) {
        scanSeconds += Number((shard.json.timings as { scanSeconds?: number })?.scanSeconds ?? 0);
      }
      shard.done.forEach((flag, index) => {
        if (flag !== 1) return;
        done[index] = 1;
        for (const key of Object.keys(metrics)) {
          metrics[key][index] = shard.landscape.metrics[key][index];
        }
      });
    }
    const json: Record<string, unknown> = { ...template.json };
    for (const key of SHARD_ONLY) delete json[key];
    json.settings = { ...(json.settings as Record<string, unknown>), out };
    // Seconds of scanning summed over the shards, as a whole scan's would be.
    json.timings = { scanSeconds, resumedPoints: 0 };
    const dir = `${out}/${plane.dir}`;
    await writeLandscapeFolder(dir, { landscape: { ...template.landscape, metrics }, done }, json);
    const directions = await Deno.readFile(`${first.dir}/${plane.dir}/directions.npy`).catch(() =>
      null
    );
    if (directions) await writeFileAtomic(`${dir}/directions.npy`, directions);
    planes.push({
      dir: plane.dir,
      missing: missingTiles(done),
      tiles: Math.ceil(done.length / first.manifest.tilePoints),
    });
  }
  // A scan's own record of its settings: the report step continues this folder in place.
  const started = await Deno.readTextFile(`${first.dir}/run.json`);
  if (!(await readJson(`${out}/run.json`))) await writeFileAtomic(`${out}/run.json`, started);
  const complete = planes.every((plane) => plane.missing.length === 0);
  const merged = [
    ...earlier,
    ...finished.map(({ dir }) => dir),
  ];
  await writeRecord({
    complete,
    merged: [...new Set(merged)],
    planes: planes.map(({ dir, missing }) => ({ dir, missingTiles: missing })),
  });
  return {
    manifest: first.manifest,
    planes,
    complete,
    merged: finished.map(({ dir }) => dir),
    unfinished,
  };
}
