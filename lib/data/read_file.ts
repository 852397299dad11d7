/**
 * Reads a user's data file, un-gzipping it when it starts with the gzip magic bytes.
 * @module
 */
import { gunzipSync } from "node:zlib";
import { LosscapeError } from "../errors.ts";

/** The most a data file may hold, decompressed: 1 GiB. More is refused before it is read. */
export const MAX_DATA_BYTES = 2 ** 30;

/** Options for {@linkcode readDataFile}. */
export interface ReadDataFileOptions {
  /** The most the file may hold (after decompression). Default {@linkcode MAX_DATA_BYTES}. */
  maxBytes?: number;
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
  const { maxBytes = MAX_DATA_BYTES } = options;
  const tooLarge = (what: string) =>
    new LosscapeError(
      `${path}: ${what} more than ${maxBytes} bytes, the most a data file may hold`,
    );
  let bytes: Uint8Array;
  try {
    if ((await Deno.stat(path)).size > maxBytes) throw tooLarge("holds");
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
      return new Uint8Array(gunzipSync(bytes, { maxOutputLength: maxBytes }));
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        throw tooLarge("decompresses to");
      }
      throw new LosscapeError(
        `${path}: starts like gzip but does not decompress: ${(error as Error).message}`,
      );
    }
  }
  return bytes;
}
