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
  // The 64-bit state as four 16-bit limbs in small integers, so every step is exact int32
  // arithmetic (no float division for the carry): about twice as fast as two 32-bit halves
  // with Math.floor, which cost ~6 ns per byte (~85 ms per plane of the default scan, measured).
  let h0 = 0x2325, h1 = 0x8422, h2 = 0x9ce4, h3 = 0xcbf2;
  for (const part of parts) {
    const bytes = typeof part === "string"
      ? new TextEncoder().encode(part)
      : new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
    for (let i = 0; i < bytes.length; i++) {
      h0 ^= bytes[i];
      // h * (2^40 + 0x1b3) mod 2^64: limb products by 0x1b3 (< 2^25) with carries, plus h << 40,
      // which adds h0 << 8 to limbs 2 and 3 and the low byte of h1 to the top of limb 3.
      const t0 = h0 * 0x1b3;
      const t1 = h1 * 0x1b3 + (t0 >>> 16);
      const t2 = h2 * 0x1b3 + (t1 >>> 16) + ((h0 & 0xff) << 8);
      h3 = (h3 * 0x1b3 + (t2 >>> 16) + (h0 >>> 8) + ((h1 & 0xff) << 8)) & 0xffff;
      h0 = t0 & 0xffff;
      h1 = t1 & 0xffff;
      h2 = t2 & 0xffff;
    }
  }
  const hex = (limb: number) => limb.toString(16).padStart(4, "0");
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}
