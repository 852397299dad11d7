// The radix sort of float32 values against the built-in comparison sort (the independent
// reference): the same array, bit for bit, at awkward lengths and on awkward values (both zeros,
// subnormals, infinities, NaN with either sign bit, ties, one shared exponent).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../lib/random.ts";
import { sortFloat32 } from "../lib/analysis/influence/sort_float32.ts";

/** The bits of a sorted array, with every NaN as one pattern (the built-in sort may keep any). */
function sortedBits(values: Float32Array): number[] {
  return Array.from(
    new Uint32Array(values.buffer, values.byteOffset, values.length),
    (bits, i) => values[i] !== values[i] ? -1 : bits,
  );
}

function assertSameAsBuiltIn(values: Float32Array) {
  const expected = sortedBits(Float32Array.from(values).sort());
  const actual = sortedBits(sortFloat32(Float32Array.from(values)));
  assert.deepEqual(actual, expected, `length ${values.length}`);
}

const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, 1.17e-38, -3.4e38, 3.4e38, 1, -1];

describe("sortFloat32", () => {
  it("sorts as Float32Array.prototype.sort at awkward lengths", () => {
    const rng = createRng(7);
    for (const n of [0, 1, 3, 4, 5, 8, 9, 511, 512, 513, 2049, 100_003]) {
      const values = new Float32Array(n);
      for (let i = 0; i < n; i++) values[i] = (rng.uniform() - 0.5) * 10 ** (rng.uniform() * 8 - 4);
      assertSameAsBuiltIn(values);
    }
  });

  it("orders zeros, subnormals, infinities and NaN (either sign bit) as the built-in sort", () => {
    const rng = createRng(3);
    const values = new Float32Array(5000);
    for (let i = 0; i < values.length; i++) {
      values[i] = SPECIAL[Math.floor(rng.uniform() * SPECIAL.length)] *
        (rng.uniform() < 0.5 ? 1 : 0.5);
    }
    // A NaN whose sign bit is set, which a plain bit order would put first.
    new Uint32Array(values.buffer)[17] = 0xffc00001;
    assertSameAsBuiltIn(values);
    const sorted = sortFloat32(values);
    const firstPositiveZero = sorted.findIndex((v) => Object.is(v, 0));
    assert.ok(Object.is(sorted[firstPositiveZero - 1], -0));
    assert.ok(Number.isNaN(sorted[sorted.length - 1]));
  });

  it("sorts values sharing their high bits (magnitudes, ties) and a view into a larger buffer", () => {
    const rng = createRng(11);
    const ties = new Float32Array(3000).map(() => 1 + Math.floor(rng.uniform() * 7) / 8);
    assertSameAsBuiltIn(ties);
    const buffer = new Float32Array(4000).map(() => rng.uniform() - 0.5);
    const view = buffer.subarray(100, 3900);
    const outside = [...buffer.subarray(0, 100), ...buffer.subarray(3900)];
    const expected = Float32Array.from(view).sort();
    sortFloat32(view);
    assert.deepEqual(view, expected);
    assert.deepEqual([...buffer.subarray(0, 100), ...buffer.subarray(3900)], outside);
  });
});
