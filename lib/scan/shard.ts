/**
 * Shards: a scan split over independent processes (array jobs on a batch cluster). Every plane's
 * grid is cut into tiles of {@linkcode SHARD_TILE_POINTS} points in row-major order, and shard
 * `i` of `n` computes the tiles `t` with `t % n === i`: interleaved, so that every shard gets a
 * similar share of each plane (the far corners of a plane are often the slow, diverging ones).
 * @module
 */
import { LosscapeError } from "../errors.ts";

/** Points per shard tile. Fixed, so that the tile list of a shard does not depend on its machine. */
export const SHARD_TILE_POINTS = 64;

/** One shard of a scan: its 0-based index and the number of shards. */
export interface Shard {
  /** 0-based index, below `count`. */
  index: number;
  /** Number of shards, at least 1. */
  count: number;
}

/**
 * Parses `i/n` (0-based index, count), as given to `--shard`.
 *
 * @param text The value, e.g. `"2/8"`.
 * @param source What gave it, for the error (e.g. `"--shard"`).
 * @returns The shard.
 * @throws {LosscapeError} When the text is not `i/n` with `0 <= i < n`.
 * @example
 * ```ts
 * import { parseShard } from "./shard.ts";
 * console.log(parseShard("2/8", "--shard")); // { index: 2, count: 8 }
 * ```
 */
export function parseShard(text: string, source: string): Shard {
  const match = /^(\d{1,9})\/(\d{1,9})$/.exec(text.trim());
  if (!match) {
    throw new LosscapeError(
      `${source} must be INDEX/COUNT with a 0-based index, e.g. 0/4: got "${text}"`,
    );
  }
  return checkShard(Number(match[1]), Number(match[2]), source);
}

/**
 * Checks that `index` lies in `[0, count)` and `count >= 1`.
 *
 * @param index The 0-based index.
 * @param count The number of shards.
 * @param source What gave them, for the error.
 * @returns The shard.
 * @throws {LosscapeError} When out of range.
 * @example
 * ```ts
 * import { checkShard } from "./shard.ts";
 * console.log(checkShard(0, 3, "--shard")); // { index: 0, count: 3 }
 * ```
 */
export function checkShard(index: number, count: number, source: string): Shard {
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new LosscapeError(`${source}: the shard count must be an integer >= 1: got ${count}`);
  }
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    throw new LosscapeError(
      `${source}: the shard index must be 0 to ${count - 1} for ${count} shards: got ${index}`,
    );
  }
  return { index, count };
}

/**
 * The folder a shard writes into, inside the scan's `--out`.
 *
 * @param out The scan's output folder.
 * @param shard The shard.
 * @returns `OUT/shard-INDEX-of-COUNT`.
 * @example
 * ```ts
 * import { shardFolder } from "./shard.ts";
 * console.log(shardFolder("out/scan", { index: 2, count: 8 })); // "out/scan/shard-2-of-8"
 * ```
 */
export function shardFolder(out: string, shard: Shard): string {
  return `${out.replace(/\/+$/, "")}/shard-${shard.index}-of-${shard.count}`;
}

/**
 * The tiles of a grid that a shard computes.
 *
 * @param points Points of the grid (nx * ny).
 * @param shard The shard.
 * @returns Tile numbers, ascending; tile `t` holds points `[64t, 64t + 64)`.
 * @example
 * ```ts
 * import { shardTiles } from "./shard.ts";
 * console.log(shardTiles(441, { index: 1, count: 3 })); // [1, 4]
 * ```
 */
export function shardTiles(points: number, shard: Shard): number[] {
  const tiles: number[] = [];
  const total = Math.ceil(points / SHARD_TILE_POINTS);
  for (let tile = shard.index; tile < total; tile += shard.count) tiles.push(tile);
  return tiles;
}

/**
 * Marks the points a shard leaves to the others.
 *
 * @param points Points of the grid.
 * @param shard The shard.
 * @returns 1 where a point belongs to another shard, 0 where this shard computes it.
 * @example
 * ```ts
 * import { pointsOfOtherShards } from "./shard.ts";
 * console.log(pointsOfOtherShards(130, { index: 0, count: 2 }).slice(62, 66)); // Uint8Array [0, 0, 1, 1]
 * ```
 */
export function pointsOfOtherShards(points: number, shard: Shard): Uint8Array {
  const skip = new Uint8Array(points);
  for (let index = 0; index < points; index++) {
    skip[index] = Math.floor(index / SHARD_TILE_POINTS) % shard.count === shard.index ? 0 : 1;
  }
  return skip;
}

/**
 * The tiles of a grid with a point not done (for a merge's list of what is missing).
 *
 * @param done 1 where a point is done.
 * @returns Tile numbers, ascending.
 * @example
 * ```ts
 * import { missingTiles } from "./shard.ts";
 * const done = new Uint8Array(130).fill(1);
 * done[70] = 0;
 * console.log(missingTiles(done)); // [1]
 * ```
 */
export function missingTiles(done: Uint8Array): number[] {
  const tiles = new Set<number>();
  done.forEach((flag, index) => {
    if (flag !== 1) tiles.add(Math.floor(index / SHARD_TILE_POINTS));
  });
  return [...tiles].sort((a, b) => a - b);
}
