/**
 * Seeded mutations of a file's bytes: bit flips, truncation, inserted, deleted and duplicated
 * runs, and "interesting" integers (0, -1, 2^31, 2^32 - 1, ...) written over a random place in
 * either byte order, so that a length or count field now claims billions of elements.
 * @module
 */
import type { Rng } from "../../lib/random.ts";

/** A mutation: the new bytes and a short description of what was done, for the report. */
export interface Mutated {
  /** The mutated file. */
  bytes: Uint8Array;
  /** What was done, e.g. `flip 3 bits`. */
  what: string;
}

/** Integers that break size arithmetic: zero, one, sign edges, all-ones, float32 NaN. */
const INTERESTING_32 = [0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

const randomBytes = (rng: Rng, count: number) =>
  Uint8Array.from({ length: count }, () => rng.int(256));

/** Positions early in a file are where headers live: favour them half of the time. */
const position = (rng: Rng, length: number) =>
  length === 0 ? 0 : rng.uniform() < 0.5 ? rng.int(Math.min(length, 64)) : rng.int(length);

const BYTE_MUTATIONS: ((rng: Rng, bytes: Uint8Array) => Mutated)[] = [
  (rng, bytes) => {
    const out = bytes.slice();
    const flips = 1 + rng.int(8);
    for (let i = 0; i < flips && out.length > 0; i++) {
      out[position(rng, out.length)] ^= 1 << rng.int(8);
    }
    return { bytes: out, what: `flip ${flips} bits` };
  },
  (rng, bytes) => {
    const keep = rng.uniform() < 0.3 ? position(rng, bytes.length) : rng.int(bytes.length + 1);
    return { bytes: bytes.slice(0, keep), what: `truncate to ${keep} bytes` };
  },
  (rng, bytes) => {
    const at = position(rng, bytes.length);
    const count = 1 + rng.int(64);
    return {
      bytes: concat(bytes.subarray(0, at), randomBytes(rng, count), bytes.subarray(at)),
      what: `insert ${count} bytes at ${at}`,
    };
  },
  (rng, bytes) => {
    const at = position(rng, bytes.length);
    const count = 1 + rng.int(32);
    return {
      bytes: concat(bytes.subarray(0, at), bytes.subarray(at + count)),
      what: `delete ${count} bytes at ${at}`,
    };
  },
  (rng, bytes) => {
    const from = rng.int(bytes.length + 1);
    const chunk = bytes.slice(from, from + 1 + rng.int(256));
    const at = rng.int(bytes.length + 1);
    return {
      bytes: concat(bytes.subarray(0, at), chunk, bytes.subarray(at)),
      what: `duplicate ${chunk.length} bytes from ${from} at ${at}`,
    };
  },
  (rng, bytes) => {
    const out = bytes.slice();
    const value = INTERESTING_32[rng.int(INTERESTING_32.length)];
    const width = [1, 2, 4][rng.int(3)];
    const little = rng.uniform() < 0.5;
    const at = position(rng, Math.max(0, out.length - width));
    for (let i = 0; i < width && at + i < out.length; i++) {
      const shift = 8 * (little ? i : width - 1 - i);
      out[at + i] = Math.floor(value / 2 ** shift) & 0xff;
    }
    return {
      bytes: out,
      what: `write ${value} as ${width} bytes ${little ? "LE" : "BE"} at ${at}`,
    };
  },
];

/**
 * Applies one to three random byte mutations.
 *
 * @param rng The case's generator.
 * @param bytes The valid file.
 * @returns The mutated file and what was done.
 */
export function mutateBytes(rng: Rng, bytes: Uint8Array): Mutated {
  let current: Mutated = { bytes, what: "" };
  const rounds = 1 + rng.int(3);
  const steps: string[] = [];
  for (let i = 0; i < rounds; i++) {
    current = BYTE_MUTATIONS[rng.int(BYTE_MUTATIONS.length)](rng, current.bytes);
    steps.push(current.what);
  }
  return { bytes: current.bytes, what: steps.join("; ") };
}

/**
 * Overwrites `count` float32 values of a data region with NaN, Inf, -Inf or a huge number.
 *
 * @param rng The case's generator.
 * @param bytes The valid file.
 * @param start Where the float32 data starts.
 * @param littleEndian Byte order of the data.
 * @returns The mutated file and what was done.
 */
export function poisonFloats(
  rng: Rng,
  bytes: Uint8Array,
  start: number,
  littleEndian: boolean,
): Mutated {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const slots = Math.floor((out.length - start) / 4);
  const value = [NaN, Infinity, -Infinity, 3.4e38, -0][rng.int(5)];
  if (slots <= 0) return { bytes: out, what: "no data to poison" };
  const at = start + 4 * rng.int(slots);
  view.setFloat32(at, value, littleEndian);
  return { bytes: out, what: `float32 ${value} at ${at}` };
}
