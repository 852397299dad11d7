/**
 * A landscape folder on disk: `landscape.json` (axes, settings, timings),
 * one `<split>_<metric>.npy` per grid and, while a scan is unfinished,
 * `done.npy` (1 where a point is done) so that it can resume.
 * @module
 */
import type { Landscape } from "./landscape.ts";
import type { ScanState } from "./scan_plane.ts";
import { decodeNpy, encodeNpy } from "../io/npy.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { LosscapeError } from "../errors.ts";
import { readUserFile, userFileError } from "../io/read_user_file.ts";

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

/** Whether a value is an array of `length` finite numbers. */
const isAxis = (value: unknown, length: number): value is number[] =>
  Array.isArray(value) && value.length === length &&
  value.every((item) => typeof item === "number" && Number.isFinite(item));

/** Reads one grid file of the folder, checking its shape. */
async function readGrid(path: string, shape: number[]): Promise<Float32Array> {
  const bytes = await readUserFile(path);
  let grid;
  try {
    grid = decodeNpy(bytes);
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0];
    throw new LosscapeError(`${path}: expected a float32 grid of shape [${shape}]: ${reason}`);
  }
  if (grid.shape.join(",") !== shape.join(",")) {
    throw new LosscapeError(
      `${path}: expected a grid of shape [${shape}] as landscape.json says, got [${grid.shape}]`,
    );
  }
  return grid.values;
}

/**
 * Reads a landscape folder, or returns null when there is none.
 *
 * @param dir The folder.
 * @returns The landscape, its done mask and its JSON, or null.
 * @throws {LosscapeError} Naming the file when landscape.json, a grid or done.npy is damaged,
 *   of another format, or from a newer version of losscape.
 * @example
 * ```ts ignore
 * import { readLandscapeFolder } from "./landscape_files.ts";
 * const saved = await readLandscapeFolder("out/random");
 * ```
 */
export async function readLandscapeFolder(dir: string): Promise<SavedLandscape | null> {
  const jsonPath = `${dir}/landscape.json`;
  let text: string;
  try {
    text = await Deno.readTextFile(jsonPath);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw userFileError(jsonPath, error);
  }
  const bad = (message: string): never => {
    throw new LosscapeError(`${jsonPath}: ${message}`);
  };
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return bad(`not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return bad(`expected a JSON object, got ${Array.isArray(json) ? "an array" : String(json)}`);
  }
  if (json.format !== LANDSCAPE_FORMAT.format) {
    return bad(
      `expected "format": "${LANDSCAPE_FORMAT.format}", got ${
        "format" in json ? JSON.stringify(json.format) : "no format field"
      }`,
    );
  }
  if (!("version" in json)) {
    bad(`expected "version": ${LANDSCAPE_FORMAT.version}, got no version field`);
  }
  if (json.version !== LANDSCAPE_FORMAT.version) {
    bad(
      `expected format version ${LANDSCAPE_FORMAT.version}, got ${
        JSON.stringify(json.version)
      } (written by another version of losscape)`,
    );
  }
  const shape = json.shape;
  if (
    !Array.isArray(shape) || shape.length < 1 || shape.length > 2 ||
    !shape.every((dim) => Number.isInteger(dim) && dim >= 1 && dim <= 1e6)
  ) {
    bad(`expected "shape" [nx] or [ny, nx] of positive integers, got ${JSON.stringify(shape)}`);
  }
  const nx = shape.at(-1);
  if (!isAxis(json.xcoordinates, nx)) bad(`expected "xcoordinates": ${nx} finite numbers`);
  const ycoordinates = json.ycoordinates ?? null;
  if (shape.length === 2 ? !isAxis(ycoordinates, shape[0]) : ycoordinates !== null) {
    bad(`expected "ycoordinates": ${shape.length === 2 ? `${shape[0]} finite numbers` : "null"}`);
  }
  const files = json.files;
  if (
    typeof files !== "object" || files === null || Array.isArray(files) ||
    !Object.values(files).every((file) => typeof file === "string" && /^\w+\.npy$/.test(file))
  ) {
    bad(`expected "files": metric names to file names in the folder, e.g. "train_loss.npy"`);
  }
  const metrics: Record<string, Float32Array> = {};
  for (const [key, file] of Object.entries(files as Record<string, string>)) {
    metrics[key] = await readGrid(`${dir}/${file}`, shape);
  }
  const total = shape.reduce((product: number, dim: number) => product * dim, 1);
  let done = new Uint8Array(total).fill(1);
  if (json.complete !== true) {
    const flags = await readGrid(`${dir}/done.npy`, shape);
    if (!flags.every((flag) => flag === 0 || flag === 1)) {
      throw new LosscapeError(`${dir}/done.npy: expected only 0 and 1 (points not done, done)`);
    }
    done = Uint8Array.from(flags);
  }
  const label = (value: unknown) => (typeof value === "string" ? value : "");
  const landscape: Landscape = {
    plane: label(json.plane),
    xcoordinates: json.xcoordinates,
    ycoordinates,
    xlabel: label(json.xlabel),
    ylabel: label(json.ylabel),
    metrics,
  };
  return { landscape, done, json };
}
