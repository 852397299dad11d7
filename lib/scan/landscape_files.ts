/**
 * A landscape folder on disk: `landscape.json` (axes, settings, timings),
 * one `<split>_<metric>.npy` per grid and, while a scan is unfinished,
 * `done.npy` (1 where a point is done) so that it can resume.
 * @module
 */
import type { Landscape } from "./landscape.ts";
import type { ScanState } from "./scan_plane.ts";
import { decodeNpy, encodeNpy } from "./npy.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";

/** The file format's name and version, written into every landscape.json. */
export const LANDSCAPE_FORMAT = { format: "losscape-landscape", version: 1 } as const;

/**
 * Writes a scan's grids and metadata into a folder (created if needed).
 * Grid files go first and landscape.json last, each atomically.
 *
 * @param dir The folder.
 * @param state The scan's landscape and done mask.
 * @param metadata Anything else for landscape.json (model, data, directions, settings, timings).
 * @returns Resolves when all files are written.
 * @example
 * ```ts ignore
 * import { writeLandscapeFolder } from "./landscape_files.ts";
 * await writeLandscapeFolder("out/random", state, { seed: 0 });
 * ```
 */
export async function writeLandscapeFolder(
  dir: string,
  state: ScanState,
  metadata: Record<string, unknown>,
): Promise<void> {
  const { landscape, done } = state;
  await Deno.mkdir(dir, { recursive: true });
  const shape = landscape.ycoordinates
    ? [landscape.ycoordinates.length, landscape.xcoordinates.length]
    : [landscape.xcoordinates.length];
  const files: Record<string, string> = {};
  for (const [key, values] of Object.entries(landscape.metrics)) {
    files[key] = `${key}.npy`;
    await writeFileAtomic(`${dir}/${key}.npy`, encodeNpy(values, shape));
  }
  const complete = done.every((flag) => flag === 1);
  if (!complete) {
    await writeFileAtomic(`${dir}/done.npy`, encodeNpy(Float32Array.from(done), shape));
  }
  // Metadata first, so that it can never override the fields that describe the grid itself.
  const json = {
    ...metadata,
    ...LANDSCAPE_FORMAT,
    plane: landscape.plane,
    dimensions: shape.length,
    shape,
    xcoordinates: landscape.xcoordinates,
    ycoordinates: landscape.ycoordinates,
    xlabel: landscape.xlabel,
    ylabel: landscape.ylabel,
    files,
    complete,
    pointsDone: done.reduce((sum, flag) => sum + flag, 0),
  };
  await writeFileAtomic(`${dir}/landscape.json`, JSON.stringify(json, null, 2) + "\n");
  if (complete) await Deno.remove(`${dir}/done.npy`).catch(() => {});
}

/** A landscape folder read back. */
export interface SavedLandscape extends ScanState {
  /** The parsed landscape.json. */
  json: Record<string, unknown>;
}

/**
 * Reads a landscape folder, or returns null when there is none.
 *
 * @param dir The folder.
 * @returns The landscape, its done mask and its JSON, or null.
 * @example
 * ```ts ignore
 * import { readLandscapeFolder } from "./landscape_files.ts";
 * const saved = await readLandscapeFolder("out/random");
 * ```
 */
export async function readLandscapeFolder(dir: string): Promise<SavedLandscape | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(`${dir}/landscape.json`);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  const json = JSON.parse(text);
  const metrics: Record<string, Float32Array> = {};
  for (const [key, file] of Object.entries(json.files as Record<string, string>)) {
    metrics[key] = decodeNpy(await Deno.readFile(`${dir}/${file}`)).values;
  }
  const total = json.shape.reduce((product: number, dim: number) => product * dim, 1);
  const done = json.complete
    ? new Uint8Array(total).fill(1)
    : Uint8Array.from(decodeNpy(await Deno.readFile(`${dir}/done.npy`)).values);
  const landscape: Landscape = {
    plane: json.plane,
    xcoordinates: json.xcoordinates,
    ycoordinates: json.ycoordinates,
    xlabel: json.xlabel,
    ylabel: json.ylabel,
    metrics,
  };
  return { landscape, done, json };
}
