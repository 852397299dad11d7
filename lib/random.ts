/**
 * Seeded random numbers: every random draw in losscape comes from here so
 * that the same seed gives the same numbers on every machine.
 * @module
 */

/** A seeded generator of uniform and Gaussian numbers. */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** The generator's state, to continue the same sequence later with `createRng(seed, state)`. */
  state(): number[];
}

/**
 * Creates a generator (sfc32 seeded through splitmix32; 2^128 state).
 *
 * @param seed Any 32-bit integer.
 * @param state A state from `rng.state()`: continue that generator's sequence instead.
 * @returns A generator; equal seeds give equal sequences.
 * @example
 * ```ts
 * import { createRng } from "./random.ts";
 * const rng = createRng(1);
 * console.log(rng.uniform() === createRng(1).uniform()); // true
 * ```
 */
export function createRng(seed: number, state?: readonly number[]): Rng {
  // The state lives in typed arrays, not in closure variables: a 32-bit word above 2^30 held
  // in a closure is a heap-allocated number, so every step allocated (a warm uniform draw took
  // about 37 ns, against about 2.3 here: bench/random_bench.ts). The words are sfc32's, bit for
  // bit: Int32Array stores wrap modulo 2^32 as `>>> 0` did.
  const words = new Int32Array(4); // a, b, c, d
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  for (let i = 0; i < 4; i++) words[i] = splitmix();
  const next32 = () => {
    const a = words[0], b = words[1], c = words[2], d = words[3];
    const t = (a + b + d) | 0;
    words[3] = d + 1;
    words[0] = b ^ (b >>> 9);
    words[1] = c + (c << 3);
    words[2] = ((c << 21) | (c >>> 11)) + t;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next32();
  // The Box-Muller spare: a value and whether it is there.
  const spare = new Float64Array(1);
  let hasSpare = false;
  if (state) {
    if (state.length !== 5 || !state.slice(0, 4).every((word) => Number.isInteger(word))) {
      throw new RangeError(`A generator state is 4 integers and a spare: got [${state}]`);
    }
    for (let i = 0; i < 4; i++) words[i] = state[i];
    hasSpare = Number.isFinite(state[4]);
    spare[0] = hasSpare ? state[4] : 0;
  }
  // 53-bit uniform from two 32-bit draws.
  const uniform = () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  const normal = () => {
    if (hasSpare) {
      hasSpare = false;
      return spare[0];
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare[0] = radius * Math.sin(2 * Math.PI * v);
    hasSpare = true;
    return radius * Math.cos(2 * Math.PI * v);
  };
  const int = (n: number) => Math.floor(uniform() * n);
  // The Box-Muller spare is part of the state; NaN (null once in JSON) marks "none".
  const snapshot = () => [
    words[0] >>> 0,
    words[1] >>> 0,
    words[2] >>> 0,
    words[3] >>> 0,
    hasSpare ? spare[0] : NaN,
  ];
  return { uniform, normal, int, state: snapshot };
}

/**
 * Shuffles indices 0..n-1 in place order with a seeded Fisher-Yates.
 *
 * @param n How many indices.
 * @param rng The generator.
 * @returns A permutation of 0..n-1.
 * @example
 * ```ts
 * import { createRng, permutation } from "./random.ts";
 * console.log(permutation(4, createRng(0)).length); // 4
 * ```
 */
export function permutation(n: number, rng: Rng): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

/**
 * Draws `size` independent N(0, 1) values from a generator seeded with `seed`, in order: the
 * Gaussian direction every random direction starts from.
 *
 * @param size How many values.
 * @param seed Seed of the draw.
 * @returns The values, rounded to float32.
 * @example
 * ```ts
 * import { gaussianVector } from "./random.ts";
 * console.log(gaussianVector(3, 7).length); // 3
 * ```
 */
export function gaussianVector(size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = rng.normal();
  return values;
}
