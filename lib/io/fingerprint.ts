/**
 * Content fingerprints: a resumed scan must continue with exactly the same
 * weights, directions and grid, so these are compared bit for bit via a hash.
 * @module
 */

/**
 * FNV-1a (64-bit) over the bytes of typed arrays and the UTF-8 of strings.
 *
 * @param parts What to hash, in order.
 * @returns 16 hex digits.
 * @example
 * ```ts
 * import { fingerprint } from "./fingerprint.ts";
 * console.log(fingerprint([new Float32Array([1])]) === fingerprint([new Float32Array([1])])); // true
 * ```
 */
export function fingerprint(parts: ReadonlyArray<ArrayBufferView | string>): string {
  // The 64-bit state as two 32-bit halves, so the loop stays in plain numbers.
  let high = 0xcbf29ce4;
  let low = 0x84222325;
  for (const part of parts) {
    const bytes = typeof part === "string"
      ? new TextEncoder().encode(part)
      : new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
    for (let i = 0; i < bytes.length; i++) {
      low = (low ^ bytes[i]) >>> 0;
      // (high, low) * (2^40 + 0x1b3) mod 2^64: the 2^40 term moves low << 8 into the high word.
      const lowProduct = low * 0x1b3;
      const carry = Math.floor(lowProduct / 0x100000000);
      high = (Math.imul(high, 0x1b3) + (low << 8) + carry) >>> 0;
      low = lowProduct >>> 0;
    }
  }
  return high.toString(16).padStart(8, "0") + low.toString(16).padStart(8, "0");
}
