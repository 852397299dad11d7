/**
 * Reads a user's data file, un-gzipping it when it starts with the gzip magic bytes.
 * @module
 */
import { nodeZlib } from "../io/node_builtin.ts";
import { LosscapeError } from "../errors.ts";

/** The most a data file may hold, decompressed: 1 GiB. More is refused before it is read. */
export const MAX_DATA_BYTES = 2 ** 30;

/** Options for {@linkcode readDataFile}. */
export interface ReadDataFileOptions {
  /** The most the file may hold (after decompression). Default {@linkcode MAX_DATA_BYTES}. */
  maxBytes?: number;
  /** Why that is the most, for the message. Default "the most a data file may hold". */
  limitReason?: string;
}

/**
 * Reads a whole file; gzip (magic `1f 8b`) is detected from the bytes, not the name. Memory is
 * bounded: a larger file is refused before it is read and gzip output is capped (a gzip bomb
 * stops at the cap).
 *
 * @param path The file.
 * @param options The size cap.
 * @returns The (decompressed) bytes.
 * @throws {LosscapeError} When the file is missing or unreadable, too large, or its gzip stream
 *   is broken.
 * @example
 * ```ts ignore
 * import { readDataFile } from "./read_file.ts";
 * const bytes = await readDataFile("data/train-images-idx3-ubyte.gz");
 * ```
 */
export async function readDataFile(
  path: string,
  options: ReadDataFileOptions = {},
): Promise<Uint8Array> {
  const { maxBytes = MAX_DATA_BYTES, limitReason = "the most a data file may hold" } = options;
  const tooLarge = (what: string) =>
    new LosscapeError(`${path}: ${what} more than ${maxBytes} bytes, ${limitReason}`);
  let bytes: Uint8Array;
  try {
    // A gzip file may be larger on disk than the bytes it holds: the size cap applies to what it
    // decompresses to; on disk, only the general cap.
    if ((await Deno.stat(path)).size > Math.max(maxBytes, MAX_DATA_BYTES)) throw tooLarge("holds");
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof LosscapeError) throw error;
    if (error instanceof Deno.errors.NotFound) {
      throw new LosscapeError(`${path}: expected a data file, found no file at that path`);
    }
    if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
      throw new LosscapeError(`${path}: expected a readable file, got no permission to read it`);
    }
    throw new LosscapeError(`${path}: could not be read: ${(error as Error).message}`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
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
 * import { readDataFileStart } from "./read_file.ts";
 * const header = await readDataFileStart("data/train-images-idx3-ubyte.gz", 16);
 * ```
 */
export async function readDataFileStart(path: string, count: number): Promise<Uint8Array> {
  let file;
  try {
    file = await Deno.open(path);
  } catch {
    return await readDataFile(path); // Fails with readDataFile's message.
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
      return new Uint8Array(0); // readDataFile reports a broken stream.
    }
  } finally {
    file.close();
  }
}
