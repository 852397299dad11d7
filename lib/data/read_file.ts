/**
 * Reads a user's data file, un-gzipping it when it starts with the gzip magic bytes.
 * @module
 */
import { gunzipSync } from "node:zlib";
import { LosscapeError } from "../errors.ts";

/**
 * Reads a whole file; gzip (magic `1f 8b`) is detected from the bytes, not the name.
 *
 * @param path The file.
 * @returns The (decompressed) bytes.
 * @throws {LosscapeError} When the file is missing or unreadable, or its gzip stream is broken.
 * @example
 * ```ts ignore
 * import { readDataFile } from "./read_file.ts";
 * const bytes = await readDataFile("data/train-images-idx3-ubyte.gz");
 * ```
 */
export async function readDataFile(path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
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
      return new Uint8Array(gunzipSync(bytes));
    } catch (error) {
      throw new LosscapeError(
        `${path}: starts like gzip but does not decompress: ${(error as Error).message}`,
      );
    }
  }
  return bytes;
}
