// Accuracy of the kernel's element-wise activations (assembly/activations.ts, special.ts) against
// f64 references over wide ranges, at lengths 0, 4, 8 and large so the SIMD loop runs zero, one,
// two and many times. Tolerances are stated per function in f32 ulps or absolute terms.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { instantiateKernel } from "../lib/engine/mod.ts";
import { ACTIVATION_CODES } from "../lib/engine/kernel/activation_codes.ts";

/** erf in f64: Maclaurin series below 3, the Laplace continued fraction of erfc above. */
function erf(x: number): number {
  const z = Math.abs(x);
  if (z < 3) {
    let term = z, sum = z;
    for (let n = 1; n < 200 && Math.abs(term) > 1e-18; n++) {
      term *= -z * z / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(x) * sum * 2 / Math.sqrt(Math.PI);
  }
  let fraction = z;
  for (let n = 200; n >= 1; n--) fraction = z + (n / 2) / fraction;
  return Math.sign(x) * (1 - Math.exp(-z * z) / Math.sqrt(Math.PI) / fraction);
}

const REFERENCES: Record<string, (x: number) => number> = {
  relu: (x) => Math.max(x, 0),
  "leaky-relu": (x) => (x >= 0 ? x : 0.2 * x),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
};

/** Allowed |error|: a few f32 ulps of the value, plus an absolute floor near zero. */
const TOLERANCE: Record<string, (want: number) => number> = {
  relu: () => 0,
  "leaky-relu": (want) => 3 * 2 ** -24 * Math.abs(want), // alpha 0.2 rounds to f32 too
  elu: (want) => 4 * 2 ** -24 * Math.abs(want) + 1e-7,
  tanh: (want) => 4 * 2 ** -24 * Math.abs(want) + 1e-30,
  sigmoid: (want) => 4 * 2 ** -24 * Math.abs(want) + 1e-37,
  gelu: (want) => 1e-6 * Math.abs(want) + 2e-7,
};

describe("activate (f32x4) against f64 references", () => {
  it("stays within a few ulps over [-12, 12] and at the edges, for every length", async () => {
    const kernel = await instantiateKernel("simd");
    const grid = Array.from({ length: 4801 }, (_, i) => -12 + i * 0.005);
    const edges = [0, -0, 1e-8, -1e-8, 0.6249, 0.625, -0.625, 30, -30, 88, -88, 100, -100];
    for (const [name, reference] of Object.entries(REFERENCES)) {
      for (const values of [[], grid.slice(0, 4), grid.slice(0, 8), [...grid, ...edges]]) {
        const length = Math.ceil(values.length / 4) * 4;
        const pointer = kernel.allocate(length * 4 + 16);
        const input = new Float32Array(length);
        input.set(values);
        kernel.f32.set(input, pointer / 4);
        kernel.f32[pointer / 4 + length] = 12345; // canary past the end
        kernel.activate(
          pointer,
          length,
          ACTIVATION_CODES[name as "relu"],
          name === "elu" ? 1 : 0.2,
        );
        const got = kernel.f32.subarray(pointer / 4, pointer / 4 + length);
        for (let i = 0; i < length; i++) {
          const want = reference(input[i]);
          assert.ok(
            Math.abs(got[i] - want) <= TOLERANCE[name](want),
            `${name}(${input[i]}) = ${got[i]}, want ${want}`,
          );
        }
        assert.equal(kernel.f32[pointer / 4 + length], 12345, `${name} wrote past its length`);
      }
    }
  });

  it("keeps NaN as NaN in every activation", async () => {
    const kernel = await instantiateKernel("simd");
    for (const code of Object.values(ACTIVATION_CODES).filter((code) => code > 0)) {
      const pointer = kernel.allocate(16);
      kernel.f32.set([NaN, 1, NaN, -1], pointer / 4);
      kernel.activate(pointer, 4, code, 0.2);
      assert.ok(
        Number.isNaN(kernel.f32[pointer / 4]) && Number.isNaN(kernel.f32[pointer / 4 + 2]),
        `code ${code}`,
      );
    }
  });
});
