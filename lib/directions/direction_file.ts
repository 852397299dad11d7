/**
 * Directions on disk: `directions.npy`, float32, C order, shape `[2, P]` for a plane or `[1, P]`
 * for a line, each row in the flat layout of the model (`run/checkpoints.json`'s `layout`).
 * numpy writes and reads them (`np.save("d.npy", d.astype(np.float32))`).
 * @module
 */
import { decodeNpy, encodeNpy } from "../io/npy.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { LosscapeError } from "../errors.ts";
import { userFileError } from "../io/read_user_file.ts";

/**
 * Encodes one or two directions as a `[k, P]` float32 `.npy` file.
 *
 * @param directions One or two directions of equal length.
 * @returns The file's bytes.
 * @throws {RangeError} With no direction, more than two, or unequal lengths.
 * @example
 * ```ts
 * import { encodeDirections } from "./direction_file.ts";
 * console.log(encodeDirections([new Float32Array(3), new Float32Array(3)]).length); // 88
 * ```
 */
export function encodeDirections(directions: readonly Float32Array[]): Uint8Array {
  if (directions.length < 1 || directions.length > 2) {
    throw new RangeError(`One or two directions expected: got ${directions.length}`);
  }
  const size = directions[0].length;
  if (directions.some((direction) => direction.length !== size)) {
    throw new RangeError(
      `Directions must have equal lengths: got ${directions.map((d) => d.length)}`,
    );
  }
  const values = new Float32Array(directions.length * size);
  directions.forEach((direction, row) => values.set(direction, row * size));
  return encodeNpy(values, [directions.length, size]);
}

/**
 * Writes `directions.npy` into a folder (created if needed), atomically.
 *
 * @param dir The folder.
 * @param d1 The first direction.
 * @param d2 The second direction, or null for a line.
 * @returns Resolves when the file is in place.
 * @example
 * ```ts ignore
 * import { writeDirectionsFile } from "./direction_file.ts";
 * await writeDirectionsFile("out/random", d1, d2);
 * ```
 */
export async function writeDirectionsFile(
  dir: string,
  d1: Float32Array,
  d2: Float32Array | null,
): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await writeFileAtomic(`${dir}/directions.npy`, encodeDirections(d2 ? [d1, d2] : [d1]));
}

/**
 * Decodes a directions file already in memory, checking dtype, shape and length.
 *
 * @param bytes The file's bytes.
 * @param parameters The model's number of parameters (P).
 * @param name How to name the file in messages (a path or a flag and a path).
 * @returns One or two directions.
 * @throws {LosscapeError} Naming the file and what was expected: float32, `[1, P]` or `[2, P]`
 *   (a `[P]` vector counts as `[1, P]`), the model's P, finite values.
 * @example
 * ```ts
 * import { decodeDirections, encodeDirections } from "./direction_file.ts";
 * const bytes = encodeDirections([new Float32Array([1, 2, 3])]);
 * console.log(decodeDirections(bytes, 3, "d.npy")[0]); // Float32Array [1, 2, 3]
 * ```
 */
export function decodeDirections(
  bytes: Uint8Array,
  parameters: number,
  name: string,
): Float32Array[] {
  const header = new TextDecoder().decode(bytes.subarray(0, Math.min(bytes.length, 512)));
  const descr = header.match(/'descr':\s*'([^']*)'/)?.[1];
  if (descr !== undefined && descr !== "<f4") {
    throw new LosscapeError(
      `${name}: expected float32 directions (dtype '<f4'): got '${descr}' (numpy: d.astype(np.float32))`,
    );
  }
  let array;
  try {
    array = decodeNpy(bytes);
  } catch (error) {
    throw new LosscapeError(`${name}: not a float32 .npy file: ${(error as Error).message}`);
  }
  const shape = array.shape.length === 1 ? [1, array.shape[0]] : array.shape;
  if (shape.length !== 2 || shape[0] < 1 || shape[0] > 2) {
    throw new LosscapeError(
      `${name}: expected directions of shape [1, P] or [2, P]: got [${array.shape}]`,
    );
  }
  if (shape[1] !== parameters) {
    throw new LosscapeError(
      `${name}: holds directions of ${shape[1]} values, the model has ${parameters} parameters`,
    );
  }
  if (array.values.length !== shape[0] * shape[1]) {
    throw new LosscapeError(`${name}: the file is shorter than its shape [${array.shape}] says`);
  }
  if (!array.values.every(Number.isFinite)) {
    throw new LosscapeError(`${name}: directions must be finite: the file holds NaN or infinity`);
  }
  return Array.from(
    { length: shape[0] },
    (_, row) => array.values.slice(row * parameters, (row + 1) * parameters),
  );
}

/**
 * Reads a directions file (from an earlier scan's plane folder, or written by numpy).
 *
 * @param path The `.npy` file.
 * @param parameters The model's number of parameters (P).
 * @returns One or two directions.
 * @throws {LosscapeError} When the file is missing or not float32 `[1|2, P]` for this model.
 * @example
 * ```ts ignore
 * import { readDirectionsFile } from "./direction_file.ts";
 * const [d1, d2] = await readDirectionsFile("out/random/directions.npy", 101770);
 * ```
 */
export async function readDirectionsFile(
  path: string,
  parameters: number,
): Promise<Float32Array[]> {
  let bytes;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    throw new LosscapeError(`--directions ${userFileError(path, error).message}`);
  }
  return decodeDirections(bytes, parameters, `--directions ${path}`);
}
