/**
 * `shard.json`, the manifest a finished shard writes into its folder: which scan it belongs to
 * (a fingerprint of the settings and of every plane's model, centre, directions, data and
 * grid), which shard it is, and the tiles it computed in each plane. A merge joins only shards
 * whose scan fingerprints are equal.
 * @module
 */
import { fingerprint, writeFileAtomic } from "../io/mod.ts";
import { LosscapeError } from "../errors.ts";
import { type Shard, SHARD_TILE_POINTS } from "./shard.ts";

/** The manifest's format name and version. */
export const SHARD_FORMAT = { format: "losscape-shard", version: 1 } as const;

/** One plane of a shard. */
export interface ShardPlane {
  /** The plane's folder name inside the shard folder (and the merged folder). */
  dir: string;
  /** The plane's fingerprint, as in its landscape.json (weights, directions, data, grid). */
  fingerprint: string;
  /** Hashes of the model spec, the centre and the two directions. */
  hashes: { model: string; center: string; d1: string; d2: string };
  /** Grid shape, [nx] or [ny, nx]. */
  shape: number[];
  /** The tiles this shard computed. */
  tiles: number[];
}

/** The whole manifest. */
export interface ShardManifest {
  /** `"losscape-shard"`. */
  format: string;
  /** 1. */
  version: number;
  /** Fingerprint of the scan: equal for every shard of one scan. */
  scan: string;
  /** This shard. */
  shard: Shard;
  /** Points per tile. */
  tilePoints: number;
  /** The command's settings, from which a merge writes the report. */
  settings: Record<string, unknown>;
  /** The planes, in folder-name order. */
  planes: ShardPlane[];
}

/** Settings that change no number of a scan (as for resuming), left out of its fingerprint. */
const NEUTRAL = ["quiet", "workers", "fresh", "out"];

/**
 * Builds a shard's manifest from its settings and the landscape.json of each plane it scanned.
 *
 * @param shard The shard.
 * @param settings The command's settings.
 * @param planes Each plane folder's name and parsed landscape.json.
 * @returns The manifest.
 * @example
 * ```ts
 * import { buildShardManifest } from "./shard_manifest.ts";
 * const json = { fingerprint: "ab", model: {}, shape: [3], shard: { tiles: [0] },
 *   hashes: { center: "c", d1: "1", d2: "2" } };
 * const manifest = buildShardManifest({ index: 0, count: 1 }, { grid: 3 }, [{ dir: "slice", json }]);
 * console.log(manifest.planes[0].tiles); // [0]
 * ```
 */
export function buildShardManifest(
  shard: Shard,
  settings: Record<string, unknown>,
  planes: { dir: string; json: Record<string, unknown> }[],
): ShardManifest {
  const scanSettings = Object.fromEntries(
    Object.entries(settings).filter(([key]) => !NEUTRAL.includes(key)),
  );
  const described = planes.map(({ dir, json }) => {
    const hashes = json.hashes as ShardPlane["hashes"];
    return {
      dir,
      fingerprint: String(json.fingerprint),
      hashes: { ...hashes, model: fingerprint([JSON.stringify(json.model)]) },
      shape: json.shape as number[],
      tiles: (json.shard as { tiles: number[] }).tiles,
    };
  });
  const scan = fingerprint([
    JSON.stringify(scanSettings),
    ...described.map((plane) => `${plane.dir}:${plane.fingerprint}`),
  ]);
  return {
    ...SHARD_FORMAT,
    scan,
    shard,
    tilePoints: SHARD_TILE_POINTS,
    settings,
    planes: described,
  };
}

/**
 * Writes `shard.json` into a shard folder (atomically).
 *
 * @param dir The shard folder.
 * @param manifest The manifest.
 * @returns Resolves when written.
 * @example
 * ```ts ignore
 * import { writeShardManifest } from "./shard_manifest.ts";
 * await writeShardManifest("out/scan/shard-0-of-3", manifest);
 * ```
 */
export async function writeShardManifest(dir: string, manifest: ShardManifest): Promise<void> {
  await writeFileAtomic(`${dir}/shard.json`, JSON.stringify(manifest, null, 2) + "\n");
}

/**
 * Reads a shard folder's `shard.json`.
 *
 * @param dir The shard folder.
 * @returns The manifest, or null when the folder exists without one (an unfinished shard).
 * @throws {LosscapeError} When the folder is missing or the manifest is damaged or foreign.
 * @example
 * ```ts ignore
 * import { readShardManifest } from "./shard_manifest.ts";
 * const manifest = await readShardManifest("out/scan/shard-0-of-3");
 * ```
 */
export async function readShardManifest(dir: string): Promise<ShardManifest | null> {
  const info = await Deno.stat(dir).catch(() => null);
  if (!info?.isDirectory) throw new LosscapeError(`${dir}: no such shard folder`);
  const path = `${dir}/shard.json`;
  let text;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw new LosscapeError(`${path}: cannot be read: ${(error as Error).message}`);
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LosscapeError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  const valid = typeof json === "object" && json !== null &&
    json.format === SHARD_FORMAT.format && json.version === SHARD_FORMAT.version &&
    typeof json.scan === "string" && json.tilePoints === SHARD_TILE_POINTS &&
    Number.isInteger(json.shard?.index) && Number.isInteger(json.shard?.count) &&
    typeof json.settings === "object" && Array.isArray(json.planes) &&
    json.planes.every((plane: ShardPlane) =>
      typeof plane?.dir === "string" && /^[\w.-]+$/.test(plane.dir) && !plane.dir.startsWith(".") &&
      typeof plane.fingerprint === "string" && Array.isArray(plane.tiles)
    );
  if (!valid) {
    throw new LosscapeError(
      `${path}: expected a "${SHARD_FORMAT.format}" manifest version ${SHARD_FORMAT.version} ` +
        `with ${SHARD_TILE_POINTS}-point tiles (scan, shard, settings, planes)`,
    );
  }
  return json as ShardManifest;
}
