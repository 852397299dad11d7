/**
 * Reads a user's file (data, model, weights, directions, a landscape folder's files, a config)
 * with one set of one-line errors: a missing file, a folder, no permission to read, a file too
 * large, a broken gzip stream. Data files are un-gzipped when they start with the gzip magic
 * bytes.
 * @module
 */
import { nodeZlib } from "./node_builtin.ts";
import { LosscapeError } from "../errors.ts";

/**
 * The one-line error for a file that could not be read, whatever the reason.
 *
 * @param path The file.
 * @param error What reading it threw.
 * @returns The error to throw: a {@linkcode LosscapeError} naming the file and the reason.
 * @example
 * ```ts
 * import { userFileError } from "./read_user_file.ts";
 * const error = userFileError("data/x.npy", new Deno.errors.NotFound("gone"));
 * console.log(error.message); // data/x.npy: file not found
 * ```
 */
export function userFileError(path: string, error: unknown): LosscapeError {
  if (error instanceof LosscapeError) return error;
  if (error instanceof Deno.errors.NotFound) return new LosscapeError(`${path}: file not found`);
  if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
    return new LosscapeError(`${path}: expected a readable file, got no permission to read it`);
  }
  if (error instanceof Deno.errors.IsADirectory) {
    return new LosscapeError(`${path}: expected a file, found a folder`);
  }
  return new LosscapeError(`${path}: could not be read: ${(error as Error).message}`);
}

/**
 * Reads a user's text file (UTF-8).
 *
 * @param path The file.
 * @returns Its text.
 * @throws {LosscapeError} When the file is missing, a folder or unreadable.
 * @example
 * ```ts
 * import { readUserText } from "./read_user_file.ts";
 * console.log((await readUserText("deno.json")).startsWith("{")); // true
 * ```
 */
export async function readUserText(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    throw userFileError(path, error);
  }
}

/**
 * Reads a user's JSON file holding an object.
 *
 * @param path The file.
 * @returns The parsed object.
 * @throws {LosscapeError} When the file is missing or unreadable, not JSON, or not an object.
 * @example
 * ```ts
 * import { readUserJson } from "./read_user_file.ts";
 * console.log(typeof (await readUserJson("deno.json")).tasks); // object
 * ```
 */
export async function readUserJson(path: string): Promise<Record<string, unknown>> {
  const text = await readUserText(path);
  try {
    const value = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new SyntaxError("expected a JSON object");
    }
    return value;
  } catch (error) {
    throw new LosscapeError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
}

/** The most a user's file may hold (decompressed): 1 GiB. More is refused before it is read. */
export const MAX_DATA_BYTES = 2 ** 30;

/** Options for {@linkcode readUserFile}. */
export interface ReadUserFileOptions {
  /** Un-gzip the bytes when they start with the gzip magic `1f 8b` (data files). Default false. */
  gunzip?: boolean;
  /** The most the file may hold (after decompression). Default {@linkcode MAX_DATA_BYTES}. */
  maxBytes?: number;
  /** Why that is the most, for the message. Default "the most a file may hold". */
  limitReason?: string;
}

/**
 * Reads a whole file; with `gunzip`, gzip (magic `1f 8b`) is detected from the bytes, not the
 * name. Memory is bounded: a larger file is refused before it is read and gzip output is capped
 * (a gzip bomb stops at the cap).
 *
 * @param path The file.
 * @param options Gzip and the size cap.
 * @returns The (decompressed) bytes.
 * @throws {LosscapeError} When the file is missing or unreadable, too large, or its gzip stream
 *   is broken.
 * @example
 * ```ts ignore
 * import { readUserFile } from "./read_user_file.ts";
 * const bytes = await readUserFile("data/train-images-idx3-ubyte.gz", { gunzip: true });
 * ```
 */
export async function readUserFile(
  path: string,
  options: ReadUserFileOptions = {},
): Promise<Uint8Array> {
  const { gunzip = false, maxBytes = MAX_DATA_BYTES, limitReason = "the most a file may hold" } =
    options;
  const tooLarge = (what: string) =>
    new LosscapeError(`${path}: ${what} more than ${maxBytes} bytes, ${limitReason}`);
  let bytes: Uint8Array;
  try {
    // A gzip file may be larger on disk than the bytes it holds: the size cap applies to what it
    // decompresses to; on disk, only the general cap.
    if ((await Deno.stat(path)).size > Math.max(maxBytes, MAX_DATA_BYTES)) throw tooLarge("holds");
    bytes = await Deno.readFile(path);
  } catch (error) {
    throw userFileError(path, error);
  }
  if (gunzip && bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return new Uint8Array(nodeZlib().gunzipSync(bytes, { maxOutputLength: maxBytes }));
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        throw tooLarge("decompresses to");
      }
      throw new LosscapeError(
        `${path}: starts like gzip but does not decompress: ${(error as Error).message}`,
      );
    }
  }
  if (bytes.length > maxBytes) throw tooLarge("holds");
  return bytes;
}

/**
 * The first bytes of a data file, decompressed when it is gzip: enough to read a header.
 *
 * @param path The file.
 * @param count How many bytes are wanted (fewer come back when the file is shorter).
 * @returns Up to `count` bytes from the start of the (decompressed) file.
 * @throws {LosscapeError} When the file is missing or unreadable.
 * @example
 * ```ts ignore
 * import { readUserFileStart } from "./read_user_file.ts";
 * const header = await readUserFileStart("data/train-images-idx3-ubyte.gz", 16);
 * ```
 */
export async function readUserFileStart(path: string, count: number): Promise<Uint8Array> {
  let file;
  try {
    file = await Deno.open(path);
  } catch {
    return await readUserFile(path); // Fails with readUserFile's message.
  }
  try {
    // Deflate expands at most 1032:1, so this much input yields `count` bytes when it can.
    const head = new Uint8Array(Math.min(count + 64, 1 << 20));
    let got = 0;
    for (let n: number | null = 0; n !== null && got < head.length; got += n ?? 0) {
      n = await file.read(head.subarray(got));
    }
    const start = head.subarray(0, got);
    if (!(start.length >= 2 && start[0] === 0x1f && start[1] === 0x8b)) {
      return start.slice(0, count);
    }
    try {
      // A partial stream: flush what it decodes instead of failing on the missing end (at most
      // 1032 times the bytes read, so bounded).
      const zlib = nodeZlib();
      const out = zlib.gunzipSync(start, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      return new Uint8Array(out).slice(0, count);
    } catch {
      return new Uint8Array(0); // readUserFile reports a broken stream.
    }
  } finally {
    file.close();
  }
}
