/**
 * NumPy `.npy` files (format version 1.0): little-endian float32, C order.
 * See numpy.lib.format: magic, version, a header dict padded so the data
 * starts on a 64-byte boundary, then the raw array.
 * @module
 */

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/**
 * Encodes a float32 array as an `.npy` file.
 *
 * @param values The data, C order.
 * @param shape The array's shape; its product must equal `values.length`.
 * @returns The file's bytes.
 * @throws {RangeError} When the shape does not match the data.
 * @example
 * ```ts
 * import { encodeNpy } from "./npy.ts";
 * const bytes = encodeNpy(new Float32Array([1, 2, 3, 4]), [2, 2]);
 * console.log(bytes.length % 64); // 16 (header is 64 bytes, data 16)
 * ```
 */
export function encodeNpy(values: Float32Array, shape: number[]): Uint8Array {
  const count = shape.reduce((product, dim) => product * dim, 1);
  if (count !== values.length) {
    throw new RangeError(`Shape [${shape}] needs ${count} values: got ${values.length}`);
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1;
  header += " ".repeat((64 - (unpadded % 64)) % 64) + "\n";
  const bytes = new Uint8Array(MAGIC.length + 4 + header.length + values.length * 4);
  bytes.set(MAGIC, 0);
  bytes[6] = 1; // major version
  bytes[7] = 0;
  new DataView(bytes.buffer).setUint16(8, header.length, true);
  bytes.set(new TextEncoder().encode(header), 10);
  const data = new DataView(bytes.buffer, 10 + header.length);
  for (let i = 0; i < values.length; i++) data.setFloat32(i * 4, values[i], true);
  return bytes;
}

/** A decoded `.npy` array. */
export interface NpyArray {
  /** The shape from the header. */
  shape: number[];
  /** The values, C order. */
  values: Float32Array;
}

/**
 * Decodes a little-endian float32 C-order `.npy` file.
 *
 * @param bytes The file's bytes.
 * @returns Shape and values.
 * @throws {TypeError} When the bytes are not such a file.
 * @example
 * ```ts
 * import { decodeNpy, encodeNpy } from "./npy.ts";
 * console.log(decodeNpy(encodeNpy(new Float32Array([5]), [1])).values[0]); // 5
 * ```
 */
export function decodeNpy(bytes: Uint8Array): NpyArray {
  if (!MAGIC.every((byte, i) => bytes[i] === byte)) {
    throw new TypeError("Not an .npy file: the magic string \\x93NUMPY is missing");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerStart = bytes[6] === 1 ? 10 : 12;
  if (bytes.length < headerStart) throw new TypeError("The .npy file ends inside its prefix");
  const headerLength = bytes[6] === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerStart + headerLength > bytes.length) {
    throw new TypeError(`The .npy header claims ${headerLength} bytes: the file ends first`);
  }
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength));
  if (!/'descr':\s*'<f4'/.test(header) || !/'fortran_order':\s*False/.test(header)) {
    throw new TypeError(
      `Expected a little-endian float32 C-order array: header is ${header.trim()}`,
    );
  }
  const shapeMatch = header.match(/'shape':\s*\(([^)]*)\)/);
  if (!shapeMatch) throw new TypeError(`The .npy header has no shape: ${header.trim()}`);
  const parts = shapeMatch[1].split(",").map((part) => part.trim()).filter(Boolean);
  if (!parts.every((part) => /^\d{1,15}$/.test(part))) {
    throw new TypeError(`The .npy shape must be non-negative integers: got (${shapeMatch[1]})`);
  }
  const shape = parts.map(Number);
  const count = shape.reduce((product, dim) => product * dim, 1);
  const dataStart = headerStart + headerLength;
  // Checked against the file's length before anything is allocated.
  if (bytes.length - dataStart !== count * 4) {
    throw new TypeError(
      `Shape (${shape}) needs ${count * 4} data bytes: the file has ${bytes.length - dataStart}`,
    );
  }
  const data = new DataView(bytes.buffer, bytes.byteOffset + dataStart, count * 4);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = data.getFloat32(i * 4, true);
  return { shape, values };
}
