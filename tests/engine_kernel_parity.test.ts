// Every function the kernel exports (KERNEL_FUNCTIONS: 32 plus heapBase) against a plain
// TypeScript reference in f64, at sizes 0, 1, 3, 4, 5, 8, 9 and large (67), so SIMD loops run
// zero, one and several times plus a remainder. "Size" drives each export's looped dimensions
// (rows, pixels, channels); a dimension that must be a multiple of 4 gets the size rounded up.
// Tolerances (|got - want| <= abs + rel |want|) are stated per case: 0 where the kernel rounds
// exactly as Math.fround does, a few f32 ulps for one rounding per term, and a depth-scaled
// bound for sums. Both kernel builds run where the runtime has relaxed SIMD.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  instantiateKernel,
  type Kernel,
  KERNEL_FUNCTIONS,
  KERNEL_VARIANTS,
  kernelVariantBytes,
} from "../lib/engine/mod.ts";
import { ACTIVATION_CODES } from "../lib/engine/kernel/activation_codes.ts";
import { type Case, PARITY_CASES } from "./engine_kernel_parity_cases.ts";

const SIZES = [0, 1, 3, 4, 5, 8, 9, 67];

describe("kernel parity: the export list", () => {
  it("names exactly the functions the compiled module exports", () => {
    const module = new WebAssembly.Module(kernelVariantBytes("simd"));
    const exported = WebAssembly.Module.exports(module)
      .filter((entry) => entry.kind === "function")
      .map((entry) => entry.name)
      .sort();
    assert.deepEqual([...KERNEL_FUNCTIONS].sort(), exported);
    assert.equal(KERNEL_FUNCTIONS.length, 33);
  });

  it("has a parity case for every export", () => {
    const missing = KERNEL_FUNCTIONS.filter((name) => !(name in PARITY_CASES));
    assert.deepEqual(missing, []);
  });

  it("shares its activation codes with the kernel (one generated table)", async () => {
    const kernel = await instantiateKernel("simd");
    const pointer = kernel.allocate(16);
    kernel.f32.set([-2, -1, 1, 2], pointer / 4);
    kernel.activate(pointer, 4, ACTIVATION_CODES.relu, 0);
    assert.deepEqual([...kernel.f32.subarray(pointer / 4, pointer / 4 + 4)], [0, 0, 1, 2]);
    kernel.activate(pointer, 4, ACTIVATION_CODES.linear, 0);
    assert.deepEqual([...kernel.f32.subarray(pointer / 4, pointer / 4 + 4)], [0, 0, 1, 2]);
  });
});

for (const variant of KERNEL_VARIANTS) {
  const skip = !WebAssembly.validate(kernelVariantBytes(variant));
  describe(`kernel parity (${variant})`, { skip }, () => {
    for (const [name, run] of Object.entries(PARITY_CASES) as [string, Case][]) {
      it(`${name} at sizes ${SIZES.join(", ")}`, async () => {
        const kernel: Kernel = await instantiateKernel(variant);
        for (const size of SIZES) {
          kernel.reset();
          run(kernel, size, `${name} (${variant}, size ${size})`);
        }
      });
    }
  });
}
