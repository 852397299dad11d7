/**
 * The seeded generator against an independent reference: sfc32 seeded through splitmix32,
 * written here with BigInt words masked to 32 bits (no int32 tricks, no typed arrays), and
 * Box-Muller on its 53-bit uniforms. Every draw must match bit for bit: the directions, the
 * initial weights and the batches of a seed depend on it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRng, gaussianVector, permutation } from "../lib/random.ts";

const MASK = 0xffffffffn;

/** The reference: the same algorithm, one BigInt word at a time. */
function referenceRng(seed: number) {
  let s = BigInt(seed >>> 0);
  const mul32 = (a: bigint, b: bigint) => (a * b) & MASK;
  const splitmix = () => {
    s = (s + 0x9e3779b9n) & MASK;
    let z = s;
    z = mul32(z ^ (z >> 16n), 0x85ebca6bn);
    z = mul32(z ^ (z >> 13n), 0xc2b2ae35n);
    return (z ^ (z >> 16n)) & MASK;
  };
  let a = splitmix(), b = splitmix(), c = splitmix(), d = splitmix();
  const next32 = () => {
    const t = (a + b + d) & MASK;
    d = (d + 1n) & MASK;
    a = b ^ (b >> 9n);
    b = (c + (c << 3n)) & MASK;
    c = ((c << 21n) | (c >> 11n)) & MASK;
    c = (c + t) & MASK;
    return t;
  };
  for (let i = 0; i < 12; i++) next32();
  const uniform = () => {
    const high = next32() >> 5n, low = next32() >> 6n;
    return Number((high << 26n) | low) / 2 ** 53;
  };
  let spare: number | null = null;
  const normal = () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
  return { uniform, normal, words: () => [a, b, c, d].map(Number) };
}

describe("createRng", () => {
  it("draws sfc32's uniforms and Box-Muller's normals bit for bit", () => {
    for (const seed of [0, 1, 7, -1, 2 ** 31 - 1, 0xdeadbeef, 123456789]) {
      const rng = createRng(seed), reference = referenceRng(seed);
      for (let i = 0; i < 2000; i++) {
        assert.deepEqual(rng.uniform(), reference.uniform(), `seed ${seed}, uniform ${i}`);
      }
      for (let i = 0; i < 2001; i++) {
        assert.deepEqual(rng.normal(), reference.normal(), `seed ${seed}, normal ${i}`);
      }
      // The state's words are unsigned, as the reference holds them.
      assert.deepEqual(rng.state().slice(0, 4), reference.words());
    }
  });

  it("a generator's state continues its sequence, the Box-Muller spare included", () => {
    const rng = createRng(42);
    for (let i = 0; i < 101; i++) rng.normal(); // an odd count: a spare is waiting
    const state = rng.state();
    assert.deepEqual(Number.isFinite(state[4]), true);
    const resumed = createRng(0, JSON.parse(JSON.stringify(state)));
    for (let i = 0; i < 50; i++) assert.deepEqual(resumed.normal(), rng.normal());
    for (let i = 0; i < 50; i++) assert.deepEqual(resumed.uniform(), rng.uniform());
    // With no spare waiting, NaN (null once in JSON) says so.
    rng.normal();
    const even = rng.state();
    assert.deepEqual(Number.isNaN(even[4]), true);
    const again = createRng(0, JSON.parse(JSON.stringify(even)));
    for (let i = 0; i < 20; i++) assert.deepEqual(again.normal(), rng.normal());
    assert.throws(() => createRng(0, [1, 2, 3]), /4 integers and a spare/);
  });

  it("gaussianVector and permutation follow the generator", () => {
    const reference = referenceRng(9);
    const values = gaussianVector(1001, 9);
    for (let i = 0; i < values.length; i++) {
      assert.deepEqual(values[i], Math.fround(reference.normal()));
    }
    const order = permutation(500, createRng(3));
    const ref = referenceRng(3), expected = Array.from({ length: 500 }, (_, i) => i);
    for (let i = 499; i > 0; i--) {
      const j = Math.floor(ref.uniform() * (i + 1));
      [expected[i], expected[j]] = [expected[j], expected[i]];
    }
    assert.deepEqual(Array.from(order), expected);
  });
});
