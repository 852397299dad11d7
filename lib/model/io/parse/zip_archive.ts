/**
 * Reads the files of a zip archive (a Keras 3 `.keras` file is one): the central directory at
 * the end names every entry, each stored (method 0) or deflated (method 8, inflated with
 * `node:zlib`). Zip64 sizes and offsets are read from their extra field.
 * @module
 */
import { nodeZlib } from "../../../io/node_builtin.ts";
import { LosscapeError } from "../../../errors.ts";

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/**
 * Whether bytes start like a zip archive (`PK\x03\x04`, or an empty archive's end record).
 *
 * @param bytes The file's first bytes (at least 4).
 * @returns True for a zip.
 * @example
 * ```ts
 * import { isZip } from "./zip_archive.ts";
 * console.log(isZip(new Uint8Array([0x50, 0x4b, 3, 4])), isZip(new Uint8Array([0x89, 0x48, 0x44, 0x46]))); // true false
 * ```
 */
export function isZip(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  return magic === LOCAL_HEADER || magic === END_OF_DIRECTORY;
}

/** Zip64 values from an entry's extra field (id 1), for the fields that are 0xffffffff. */
function zip64(view: DataView, at: number, length: number, wanted: number[]): number[] {
  for (let p = at; p + 4 <= at + length;) {
    const id = view.getUint16(p, true), size = view.getUint16(p + 2, true);
    if (id === 1) {
      let q = p + 4;
      return wanted.map((value) => {
        if (value !== 0xffffffff) return value;
        const big = Number(view.getBigUint64(q, true));
        q += 8;
        return big;
      });
    }
    p += 4 + size;
  }
  return wanted;
}

/**
 * Reads every file of a zip archive.
 *
 * @param bytes The archive.
 * @param file The archive's name, for messages.
 * @returns The files by name.
 * @throws {LosscapeError} When the archive is damaged or uses a compression other than
 * stored or deflate.
 * @example
 * ```ts
 * import { readZip } from "./zip_archive.ts";
 * // An empty archive: just the end-of-directory record.
 * const empty = new Uint8Array(22);
 * new DataView(empty.buffer).setUint32(0, 0x06054b50, true);
 * console.log(readZip(empty, "empty.zip").size); // 0
 * ```
 */
export function readZip(bytes: Uint8Array, file: string): Map<string, Uint8Array> {
  const fail = (message: string): never => {
    throw new LosscapeError(`${file}: not a readable zip archive: ${message}`);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) fail("no end-of-directory record (truncated?)");
  let count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff) {
    // The zip64 end record, found through its locator just before the end record.
    const locator = end - 20;
    if (locator < 0 || view.getUint32(locator, true) !== 0x07064b50) fail("bad zip64 locator");
    const record = Number(view.getBigUint64(locator + 8, true));
    count = Number(view.getBigUint64(record + 32, true));
    offset = Number(view.getBigUint64(record + 48, true));
  }
  const files = new Map<string, Uint8Array>();
  const decoder = new TextDecoder();
  for (let i = 0, at = offset; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== DIRECTORY_ENTRY) {
      fail(`directory entry ${i} is damaged`);
    }
    const method = view.getUint16(at + 10, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const [size, compressed, local] = zip64(view, at + 46 + nameLength, extraLength, [
      view.getUint32(at + 24, true),
      view.getUint32(at + 20, true),
      view.getUint32(at + 42, true),
    ]);
    at += 46 + nameLength + extraLength + commentLength;
    if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL_HEADER) {
      fail(`entry "${name}" has no local header`);
    }
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + compressed);
    if (data.length !== compressed) fail(`entry "${name}" is truncated`);
    if (method === 0) files.set(name, data);
    else if (method === 8) {
      const inflated = new Uint8Array(nodeZlib().inflateRawSync(data));
      if (inflated.length !== size) fail(`entry "${name}" inflates to the wrong size`);
      files.set(name, inflated);
    } else {
      fail(`entry "${name}" uses compression method ${method}: only stored (0) and deflate (8)`);
    }
  }
  return files;
}
