/**
 * A minimal PNG encoder (8-bit RGBA, no filtering) for the canvas shim that lets
 * Plot draw rasters and colour ramps without a browser. PNG spec: https://www.w3.org/TR/png/
 * @module
 */

/** Compresses bytes into a zlib stream (RFC 1950), e.g. `node:zlib` `deflateSync`. */
export type ZlibDeflate = (bytes: Uint8Array) => Uint8Array;

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Wraps bytes in a zlib stream of uncompressed ("stored") deflate blocks: valid
 * everywhere, no compression library needed, about 0.01% larger than the input.
 *
 * @param bytes The data to wrap.
 * @returns A zlib stream (header, stored blocks of at most 65535 bytes, Adler-32).
 * @example
 * ```ts
 * import { storedZlib } from "./png.ts";
 * console.log(storedZlib(new Uint8Array([1, 2, 3])).length); // 14
 * ```
 */
export function storedZlib(bytes: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(bytes.length / 65535));
  const out = new Uint8Array(2 + blocks * 5 + bytes.length + 4);
  out[0] = 0x78; // deflate, 32 KiB window
  out[1] = 0x01; // (0x78 << 8 | 0x01) is a multiple of 31, as RFC 1950 requires
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * 65535;
    const len = Math.min(65535, bytes.length - start);
    out[at++] = b === blocks - 1 ? 1 : 0; // BFINAL, BTYPE=00 (stored)
    out[at++] = len & 0xff;
    out[at++] = len >>> 8;
    out[at++] = ~len & 0xff;
    out[at++] = (~len >>> 8) & 0xff;
    out.set(bytes.subarray(start, start + len), at);
    at += len;
  }
  let a = 1, s = 0; // Adler-32 of the uncompressed data
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]) % 65521;
    s = (s + a) % 65521;
  }
  new DataView(out.buffer).setUint32(at, ((s << 16) | a) >>> 0);
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Encodes an RGBA pixel buffer as a PNG file.
 *
 * @param width Image width in pixels (at least 1).
 * @param height Image height in pixels (at least 1).
 * @param rgba `width * height * 4` bytes, row by row from the top.
 * @param deflate zlib compressor; defaults to {@link storedZlib} (no compression).
 * @returns The PNG file's bytes.
 * @example
 * ```ts
 * import { encodePng } from "./png.ts";
 * const png = encodePng(1, 1, new Uint8Array([255, 0, 0, 255]));
 * console.log(png[1] === 0x50); // true ("PNG" signature)
 * ```
 */
export function encodePng(
  width: number,
  height: number,
  rgba: Uint8Array | Uint8ClampedArray,
  deflate: ZlibDeflate = storedZlib,
): Uint8Array {
  if (!(Number.isInteger(width) && width >= 1 && Number.isInteger(height) && height >= 1)) {
    throw new RangeError(`PNG size must be positive integers: got ${width}x${height}`);
  }
  if (rgba.length !== width * height * 4) {
    throw new RangeError(`PNG pixels must be ${width * height * 4} bytes: got ${rgba.length}`);
  }
  const stride = width * 4;
  const raw = new Uint8Array((stride + 1) * height); // each row: filter byte 0, then pixels
  for (let y = 0; y < height; y++) {
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit depth, RGBA, deflate, no filter method, no interlace
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflate(raw)),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Encodes bytes as base64 (works in every runtime, unlike `Uint8Array#toBase64`).
 *
 * @param bytes The bytes to encode.
 * @returns The base64 text, with padding.
 * @example
 * ```ts
 * import { toBase64 } from "./png.ts";
 * console.log(toBase64(new Uint8Array([104, 105]))); // "aGk="
 * ```
 */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
