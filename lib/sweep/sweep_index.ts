/**
 * `sweep.json`, the index of a sweep folder: what was varied, the settings every variant shares,
 * and each variant's folder, swept values and whether it finished. Written when the sweep starts
 * and again after each variant, atomically, so a killed sweep's index says what is left.
 * @module
 */
import { writeFileAtomic } from "../io/mod.ts";
import { LosscapeError } from "../errors.ts";

import type { VaryAxis } from "./variants.ts";
import { flagOf } from "../run/settings.ts";

/** The format tag of `sweep.json`. */
export const SWEEP_FORMAT = { format: "losscape-sweep", version: 1 } as const;

/** One variant's line in the index. */
export interface SweepEntry {
  /** Folder name inside the sweep folder (also the variant's name). */
  name: string;
  /** The swept settings' values, by camelCase setting name. */
  settings: Record<string, unknown>;
  /** Whether its run finished (its `report.html` is written). */
  complete: boolean;
  /** Seconds its run took in the sweep that finished it (absent until then). */
  seconds?: number;
}

/** The whole index. */
export interface SweepIndex {
  /** Always `losscape-sweep`. */
  format: typeof SWEEP_FORMAT.format;
  /** Format version. */
  version: number;
  /** The swept settings, with their flags and values. */
  vary: { setting: string; flag: string; values: unknown[] }[];
  /** The settings every variant shares (a variant overrides its swept ones). */
  base: Record<string, unknown>;
  /** The variants, in sweep order. */
  variants: SweepEntry[];
}

/**
 * Builds the index of a sweep.
 *
 * @param axes The swept settings.
 * @param base The shared settings.
 * @param variants Each variant's entry.
 * @returns The index, ready to write.
 * @example
 * ```ts
 * import { parseVary, sweepIndex } from "./mod.ts";
 * const index = sweepIndex([parseVary("lr=0.1,0.2")], { epochs: 2 }, []);
 * console.log(index.vary[0].flag); // "--lr"
 * ```
 */
export function sweepIndex(
  axes: readonly VaryAxis[],
  base: Record<string, unknown>,
  variants: SweepEntry[],
): SweepIndex {
  return {
    ...SWEEP_FORMAT,
    vary: axes.map((axis) => ({
      setting: axis.setting,
      flag: flagOf(axis.setting),
      values: axis.values,
    })),
    base,
    variants,
  };
}

/**
 * Writes `sweep.json` into a sweep folder, atomically.
 *
 * @param dir The sweep folder.
 * @param index The index.
 * @returns Resolves once written.
 * @example
 * ```ts ignore
 * import { writeSweepIndex } from "./sweep_index.ts";
 * await writeSweepIndex("out/sweep", index);
 * ```
 */
export async function writeSweepIndex(dir: string, index: SweepIndex): Promise<void> {
  await writeFileAtomic(`${dir}/sweep.json`, JSON.stringify(index, null, 2) + "\n");
}

/**
 * Reads a sweep folder's `sweep.json`; null when the folder has none.
 *
 * @param dir The folder.
 * @returns The index, or null.
 * @throws {LosscapeError} When the file is not a sweep index.
 * @example
 * ```ts ignore
 * import { readSweepIndex } from "./sweep_index.ts";
 * const index = await readSweepIndex("out/sweep");
 * console.log(index?.variants.map((v) => v.name));
 * ```
 */
export async function readSweepIndex(dir: string): Promise<SweepIndex | null> {
  const path = `${dir}/sweep.json`;
  let text;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw new LosscapeError(`${path}: cannot read it: ${(error as Error).message.split("\n")[0]}`);
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LosscapeError(`${path}: not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  const names = json?.variants;
  if (
    json?.format !== SWEEP_FORMAT.format || !Array.isArray(names) ||
    !names.every((entry: { name?: unknown }) =>
      typeof entry?.name === "string" && /^[A-Za-z0-9.,+=_-]+$/.test(entry.name)
    )
  ) {
    throw new LosscapeError(`${path}: not a losscape sweep index (format "losscape-sweep")`);
  }
  return json as SweepIndex;
}
