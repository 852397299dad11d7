// Parity of the dense-layer kernel exports (gemmBias, combineFirstLayer, combineWeights) with
// plain TypeScript at awkward sizes, so every SIMD loop runs zero, one and several times plus a
// remainder. Tolerances are f32 error bounds, stated where they are used. Every test runs on
// both kernel builds: the relaxed-SIMD one fuses the GEMM's multiply-adds (FMA), which rounds
// once per term instead of twice, so the same bounds hold for it (they are bounds, not bits).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { instantiateKernel, type Kernel } from "../lib/engine/mod.ts";
import { KERNEL_WASM_BASE64 } from "../lib/engine/kernel/wasm.ts";
import {
  KERNEL_VARIANTS,
  kernelVariantBytes,
  selectKernelVariant,
} from "../lib/engine/kernel/variants.ts";
import { createRng } from "../lib/random.ts";

const SIZES = [0, 1, 3, 4, 5, 8, 9, 67];
const CANARY = -12345.5;

function randomArray(length: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => rng.normal());
}

/** Copies values into fresh kernel memory (plus a canary tail) and returns the pointer. */
function upload(kernel: Kernel, values: Float32Array, extra = 8): number {
  const pointer = kernel.allocate((values.length + extra) * 4);
  kernel.f32.fill(CANARY, pointer / 4, pointer / 4 + values.length + extra);
  kernel.f32.set(values, pointer / 4);
  return pointer;
}

for (const variant of KERNEL_VARIANTS) {
  // A runtime without relaxed SIMD cannot run that build; the engine then never selects it.
  const skip = !WebAssembly.validate(kernelVariantBytes(variant));
  describe(`gemmBias (${variant})`, { skip }, () => {
    const shapes: [number, number, number][] = [];
    for (const rows of SIZES) {
      for (const depth of [0, 1, 3, 4, 5, 9, 130]) {
        for (const width of [4, 8, 12, 16, 20, 28, 36]) shapes.push([rows, depth, width]);
      }
    }
    it("matches the f64 product at every shape, with and without ReLU, honouring strides", async () => {
      const kernel = await instantiateKernel(variant);
      let seed = 1;
      for (const [rows, depth, width] of shapes) {
        for (const relu of [0, 1]) {
          const inStride = depth + 3, wStride = width + 4, outStride = width + 8;
          const input = randomArray(rows * inStride, seed++);
          const weights = randomArray(depth * wStride, seed++);
          const bias = randomArray(width, seed++);
          const inPtr = upload(kernel, input), wPtr = upload(kernel, weights);
          const biasPtr = upload(kernel, bias);
          const outPtr = upload(kernel, new Float32Array(rows * outStride).fill(CANARY));
          kernel.gemmBias(
            inPtr,
            inStride,
            rows,
            depth,
            wPtr,
            wStride,
            biasPtr,
            outPtr,
            outStride,
            width,
            relu,
          );
          const out = kernel.f32.subarray(outPtr / 4, outPtr / 4 + rows * outStride + 8);
          for (let r = 0; r < rows; r++) {
            for (let j = 0; j < outStride; j++) {
              if (j >= width) {
                assert.equal(
                  out[r * outStride + j],
                  CANARY,
                  `wrote past width at ${[rows, depth, width]}`,
                );
                continue;
              }
              let exact = bias[j], magnitude = Math.abs(bias[j]);
              for (let k = 0; k < depth; k++) {
                const term = input[r * inStride + k] * weights[k * wStride + j];
                exact += term;
                magnitude += Math.abs(term);
              }
              if (relu) exact = Math.max(exact, 0);
              // Recursive f32 summation: |error| <= (depth + 1) * 2^-24 * sum |terms| (Higham).
              const tolerance = (depth + 2) * 2 ** -24 * magnitude + 1e-30;
              const got = out[r * outStride + j];
              assert.ok(
                Math.abs(got - exact) <= tolerance,
                `out[${r},${j}] at rows=${rows} depth=${depth} width=${width} relu=${relu}: ${got} vs ${exact}`,
              );
            }
          }
          assert.equal(out[rows * outStride], CANARY, "wrote past the last row");
        }
      }
    });

    it("keeps NaN through ReLU instead of turning it into 0", async () => {
      const kernel = await instantiateKernel(variant);
      const inPtr = upload(kernel, new Float32Array([NaN, 1]));
      const wPtr = upload(kernel, new Float32Array([1, 1, 1, 1, 1, 1, 1, 1]));
      const biasPtr = upload(kernel, new Float32Array(4)),
        outPtr = upload(kernel, new Float32Array(4));
      kernel.gemmBias(inPtr, 2, 1, 2, wPtr, 4, biasPtr, outPtr, 4, 4, 1);
      assert.ok(kernel.f32.subarray(outPtr / 4, outPtr / 4 + 4).every(Number.isNaN));
    });
  });

  describe(`combineFirstLayer (${variant})`, { skip }, () => {
    it("computes act(p0 + a p1 + b p2) per row within one f32 rounding per operation", async () => {
      const kernel = await instantiateKernel(variant);
      let seed = 100;
      for (const rows of SIZES) {
        for (const width of [4, 8, 12, 20]) {
          for (const [a, b] of [[0, 0], [0.75, 0], [0, -1.5], [-0.3, 2.25]]) {
            for (const relu of [0, 1]) {
              const preStride = 3 * width + 4, outStride = width + 4;
              const pre = randomArray(rows * preStride, seed++);
              const prePtr = upload(kernel, pre);
              const outPtr = upload(kernel, new Float32Array(rows * outStride).fill(CANARY));
              const p1 = prePtr + width * 4, p2 = prePtr + 2 * width * 4;
              kernel.combineFirstLayer(
                prePtr,
                p1,
                p2,
                preStride,
                rows,
                width,
                a,
                b,
                outPtr,
                outStride,
                relu,
              );
              const out = kernel.f32.subarray(outPtr / 4, outPtr / 4 + rows * outStride);
              for (let r = 0; r < rows; r++) {
                for (let j = 0; j < outStride; j++) {
                  const got = out[r * outStride + j];
                  if (j >= width) {
                    assert.equal(got, CANARY, "wrote past width");
                    continue;
                  }
                  const x = pre.subarray(r * preStride);
                  const sum = x[j] + a * x[width + j] + b * x[2 * width + j];
                  const want = relu ? Math.max(sum, 0) : sum;
                  const scale = Math.abs(x[j]) + Math.abs(a * x[width + j]) +
                    Math.abs(b * x[2 * width + j]);
                  assert.ok(Math.abs(got - want) <= 3 * 2 ** -24 * scale, `${got} vs ${want}`);
                }
              }
            }
          }
        }
      }
    });

    it("returns the first product exactly at a = b = 0 even when the others are infinite", async () => {
      const kernel = await instantiateKernel(variant);
      const p0 = upload(kernel, new Float32Array([1.5, -2, 3, 0.25]));
      const pInf = upload(kernel, new Float32Array(4).fill(Infinity));
      const outPtr = upload(kernel, new Float32Array(4));
      kernel.combineFirstLayer(p0, pInf, pInf, 4, 1, 4, 0, 0, outPtr, 4, 0);
      assert.deepEqual([...kernel.f32.subarray(outPtr / 4, outPtr / 4 + 4)], [1.5, -2, 3, 0.25]);
    });
  });

  describe(`combineWeights (${variant})`, { skip }, () => {
    it("is bit-identical to (w + a*d1) + b*d2 computed with Math.fround", async () => {
      const kernel = await instantiateKernel(variant);
      for (const length of [0, 4, 8, 12, 20, 1024]) {
        for (const [a, b] of [[0, 0], [0.1, 0], [-0.7, 0.3], [1e-3, -2.5]]) {
          const w = randomArray(length, length + 1), d1 = randomArray(length, length + 2);
          const d2 = randomArray(length, length + 3);
          const wPtr = upload(kernel, w), d1Ptr = upload(kernel, d1), d2Ptr = upload(kernel, d2);
          const outPtr = upload(kernel, new Float32Array(length));
          const fa = Math.fround(a), fb = Math.fround(b);
          kernel.combineWeights(outPtr, wPtr, d1Ptr, d2Ptr, fa, fb, length);
          const out = kernel.f32.slice(outPtr / 4, outPtr / 4 + length + 1);
          const want = w.map((value, i) =>
            Math.fround(Math.fround(value + Math.fround(fa * d1[i])) + Math.fround(fb * d2[i]))
          );
          assert.deepEqual(out.subarray(0, length), want, `length ${length}, a=${a}, b=${b}`);
          assert.equal(out[length], CANARY, "wrote past length");
        }
      }
    });
  });
}

describe("instantiateKernel", () => {
  it("builds either embedded variant by name, picks one by default, rejects unknown names", async () => {
    for (const variant of KERNEL_VARIANTS) {
      if (!WebAssembly.validate(kernelVariantBytes(variant))) continue;
      assert.equal(typeof (await instantiateKernel(variant)).gemmBias, "function");
    }
    assert.ok(KERNEL_VARIANTS.includes(selectKernelVariant()));
    assert.equal(selectKernelVariant("simd"), "simd");
    await assert.rejects(
      () => instantiateKernel("avx512" as "simd"),
      /Kernel variant must be one of auto, relaxed-simd, simd: got "avx512"/,
    );
  });

  it("accepts bytes or a compiled module and keeps typed views valid after growth", async () => {
    const bytes = Uint8Array.fromBase64(KERNEL_WASM_BASE64);
    assert.deepEqual(WebAssembly.Module.imports(new WebAssembly.Module(bytes)), []);
    const fromBytes = await instantiateKernel(bytes);
    assert.equal(typeof fromBytes.gemmBias, "function");
    const kernel = await instantiateKernel(await WebAssembly.compile(bytes));
    const before = kernel.f32;
    const pointer = kernel.allocate(64 << 20); // forces memory.grow
    assert.notEqual(kernel.f32, before);
    kernel.f32[pointer / 4 + (16 << 20) - 1] = 7;
    assert.equal(kernel.f32.length * 4, kernel.memory.buffer.byteLength);
    assert.equal(pointer % 64, 0);
    assert.throws(() => kernel.allocate(-1), RangeError);
  });
});
