// Parity of softmaxCrossEntropy and of the SIMD exp behind it with plain TypeScript (f64),
// at awkward class counts, strides and row counts, plus the non-finite cases.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { instantiateKernel, type Kernel } from "../lib/engine/mod.ts";
import { createRng } from "../lib/random.ts";

/** Softmax cross-entropy and argmax of one row, in f64 (first index wins ties). */
function referenceRow(logits: ArrayLike<number>, label: number): { loss: number; argmax: number } {
  let max = -Infinity, argmax = 0;
  for (let c = 0; c < logits.length; c++) {
    if (logits[c] > max) [max, argmax] = [logits[c], c];
  }
  let sum = 0;
  for (let c = 0; c < logits.length; c++) sum += Math.exp(logits[c] - max);
  return { loss: Math.log(sum) + max - logits[label], argmax };
}

function runBlock(
  kernel: Kernel,
  logits: Float32Array,
  stride: number,
  rows: number,
  classes: number,
  labels: Int32Array,
  start: [number, number] = [0, 0],
): [number, number] {
  const logitsPtr = kernel.allocate(Math.max(1, logits.length) * 4);
  kernel.f32.set(logits, logitsPtr / 4);
  const labelsPtr = kernel.allocate(Math.max(1, labels.length) * 4);
  kernel.i32.set(labels, labelsPtr / 4);
  const resultPtr = kernel.allocate(16);
  kernel.f64.set(start, resultPtr / 8);
  kernel.softmaxCrossEntropy(logitsPtr, stride, rows, classes, labelsPtr, resultPtr);
  return [kernel.f64[resultPtr / 8], kernel.f64[resultPtr / 8 + 1]];
}

describe("softmaxCrossEntropy", () => {
  it("matches f64 log-sum-exp and argmax for any class count, stride and row count", async () => {
    const kernel = await instantiateKernel();
    const rng = createRng(7);
    for (const classes of [1, 2, 3, 4, 5, 8, 9, 10, 13, 100]) {
      for (const stride of [Math.ceil(classes / 4) * 4, Math.ceil(classes / 4) * 4 + 8]) {
        for (const rows of [0, 1, 3, 4, 5, 8, 9, 257]) {
          // Logits up to +-40 exercise the max subtraction; padding holds junk the kernel must ignore.
          const logits = Float32Array.from(
            { length: rows * stride },
            () => 40 * (rng.uniform() - 0.5),
          );
          const labels = Int32Array.from({ length: rows }, () => rng.int(classes));
          let loss = 0, hits = 0;
          for (let r = 0; r < rows; r++) {
            const row = referenceRow(logits.subarray(r * stride, r * stride + classes), labels[r]);
            loss += row.loss;
            if (row.argmax === labels[r]) hits++;
          }
          const [gotLoss, gotHits] = runBlock(kernel, logits, stride, rows, classes, labels, [
            0.5,
            2,
          ]);
          // Per row the f32 log and exp err by a few 1e-7 (max - label logit is exact in f64).
          const tolerance = 1e-6 * rows + 1e-12;
          assert.ok(
            Math.abs(gotLoss - 0.5 - loss) <= tolerance,
            `classes=${classes} stride=${stride} rows=${rows}: loss ${gotLoss - 0.5} vs ${loss}`,
          );
          assert.equal(gotHits - 2, hits, `classes=${classes} stride=${stride} rows=${rows}: hits`);
        }
      }
    }
  });

  it("gives the exact known value on a hand-made row and takes the first of tied maxima", async () => {
    const kernel = await instantiateKernel();
    const [loss, hits] = runBlock(
      kernel,
      new Float32Array([3, 3, 1, 0, 9, 9, 9, 9]),
      8,
      1,
      4,
      new Int32Array([0]),
    );
    const exact = Math.log(2 + Math.exp(-2) + Math.exp(-3));
    assert.ok(Math.abs(loss - exact) < 1e-6, `${loss} vs ${exact}`);
    assert.equal(hits, 1);
  });

  it("turns NaN or infinite logits into a NaN loss sum instead of crashing", async () => {
    const kernel = await instantiateKernel();
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const position of [0, 1, 4]) {
        const logits = new Float32Array([0.5, 1, -2, 3, 0.25, 0, 0, 0]);
        logits[position] = bad;
        const [loss] = runBlock(kernel, logits, 8, 1, 5, new Int32Array([1]));
        if (bad === -Infinity) {
          // A -inf logit off the label is a valid probability of 0; on the label the loss is +inf.
          assert.ok(
            position === 1 ? loss === Infinity : Number.isFinite(loss),
            `${bad}@${position}`,
          );
        } else {
          assert.ok(Number.isNaN(loss), `${bad} at ${position} gave ${loss}`);
        }
      }
    }
  });
});

describe("expInPlace (the softmax's SIMD exp)", () => {
  it("is within 1.5 ulp of Math.exp over [-87, 88] and keeps NaN", async () => {
    const kernel = await instantiateKernel();
    const inputs: number[] = [0, -0, 1, -1, 0.5, -0.34657, 0.34657, -87, 88, 1e-8, -1e-8];
    for (let i = 0; i <= 20000; i++) inputs.push(-87 + (175 * i) / 20000);
    inputs.push(NaN, -Infinity, -1000, 0, 0);
    while (inputs.length % 4) inputs.push(0);
    const values = Float32Array.from(inputs);
    const pointer = kernel.allocate(values.length * 4);
    kernel.f32.set(values, pointer / 4);
    kernel.expInPlace(pointer, values.length);
    const out = kernel.f32.subarray(pointer / 4, pointer / 4 + values.length);
    let worst = 0;
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      if (Number.isNaN(x)) {
        assert.ok(Number.isNaN(out[i]), "NaN must stay NaN");
        continue;
      }
      if (x < -87) {
        assert.ok(out[i] >= 0 && out[i] < 2e-38, `exp(${x}) = ${out[i]}`);
        continue;
      }
      const want = Math.exp(x);
      worst = Math.max(worst, Math.abs(out[i] - want) / want);
    }
    assert.ok(worst <= 1.5 * 2 ** -23, `worst relative error ${worst}`);
  });
});

describe("softmaxExpInPlace (the shorter exp for x - max <= 0)", () => {
  it("is within 2 ulp of Math.exp over [-87, 0], keeps NaN and flushes -inf to ~0", async () => {
    for (const variant of ["simd", "auto"] as const) {
      const kernel = await instantiateKernel(variant);
      const inputs: number[] = [0, -0, -1, -0.5, -0.34657, -0.34658, -87, -1e-8, -1e-30];
      for (let i = 0; i <= 40000; i++) inputs.push(-87 * (i / 40000) ** 2);
      inputs.push(NaN, -Infinity, -1000);
      while (inputs.length % 4) inputs.push(0);
      const values = Float32Array.from(inputs);
      const pointer = kernel.allocate(values.length * 4);
      kernel.f32.set(values, pointer / 4);
      kernel.softmaxExpInPlace(pointer, values.length);
      const out = kernel.f32.subarray(pointer / 4, pointer / 4 + values.length);
      let worst = 0;
      for (let i = 0; i < values.length; i++) {
        const x = values[i];
        if (Number.isNaN(x)) {
          assert.ok(Number.isNaN(out[i]), "NaN must stay NaN");
        } else if (x < -87) {
          assert.ok(out[i] >= 0 && out[i] < 2e-38, `exp(${x}) = ${out[i]}`);
        } else {
          const want = Math.exp(x);
          worst = Math.max(worst, Math.abs(out[i] - want) / want);
        }
      }
      assert.ok(worst <= 2 * 2 ** -23, `${variant}: worst relative error ${worst}`);
      assert.ok(worst > 0, "an exact result everywhere would mean the test reads the input");
    }
  });
});
