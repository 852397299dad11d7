import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { computeFans, heNormal, INIT_NAMES, initialize, initVariance } from "../lib/model/init.ts";
import { buildLayout, tensorView } from "../lib/model/layout.ts";

const dense = buildLayout([
  { name: "dense0/kernel", shape: [512, 512], role: "kernel" },
  { name: "dense0/bias", shape: [512], role: "bias" },
]);

function moments(values: Float32Array) {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, variance: squares / values.length };
}

describe("weight initialisers", () => {
  it("computes fans for dense [in, out] and conv [kh, kw, cin, cout] kernels", () => {
    assert.deepEqual(computeFans([784, 128]), [784, 128]);
    assert.deepEqual(computeFans([3, 3, 16, 32]), [144, 288]);
    assert.deepEqual(computeFans([10]), [10, 10]);
    assert.equal(initVariance("he-uniform", [3, 3, 16, 32]), 2 / 144);
    assert.equal(initVariance("lecun-normal", [3, 3, 16, 32]), 1 / 144);
    assert.equal(initVariance("glorot-normal", [3, 3, 16, 32]), 2 / (144 + 288));
  });

  it("He normal and uniform: variance 2 / fan_in within 5% on a 512x512 layer, zero biases", () => {
    for (const scheme of ["he-normal", "he-uniform"] as const) {
      const values = initialize(dense, { default: scheme }, 1);
      const { mean, variance } = moments(tensorView(values, dense.tensors[0]));
      assert.ok(Math.abs(variance / (2 / 512) - 1) < 0.05, `${scheme}: ${variance}`);
      assert.ok(Math.abs(mean) < 0.01);
      assert.ok(tensorView(values, dense.tensors[1]).every((v) => v === 0));
    }
  });

  it("Glorot uniform: inside +-sqrt(6 / (fan_in + fan_out)), variance 2 / (fan_in + fan_out)", () => {
    const layout = buildLayout([{ name: "w", shape: [300, 700], role: "kernel" }]);
    const values = initialize(layout, { default: "glorot-uniform" }, 2);
    const limit = Math.sqrt(6 / 1000);
    assert.ok(values.every((v) => Math.abs(v) <= limit));
    assert.ok(values.reduce((m, v) => Math.max(m, Math.abs(v)), 0) > 0.99 * limit); // fills it
    assert.ok(Math.abs(moments(values).variance / (2 / 1000) - 1) < 0.05);
    const normal = initialize(layout, { default: "glorot-normal" }, 2);
    assert.ok(Math.abs(moments(normal).variance / (2 / 1000) - 1) < 0.05);
    for (const scheme of ["lecun-normal", "lecun-uniform"] as const) {
      const lecun = initialize(layout, { default: scheme }, 2);
      assert.ok(Math.abs(moments(lecun).variance / (1 / 300) - 1) < 0.05, scheme);
    }
  });

  it("is deterministic per seed, selectable per tensor, and keeps heNormal unchanged", () => {
    assert.deepEqual(initialize(dense, {}, 3), initialize(dense, {}, 3));
    assert.notDeepEqual(initialize(dense, {}, 3), initialize(dense, {}, 4));
    assert.deepEqual(heNormal(dense, 3), initialize(dense, { default: "he-normal" }, 3));
    const mixed = initialize(dense, {
      default: "zeros",
      perTensor: { "dense0/bias": "glorot-uniform" },
    }, 3);
    assert.ok(tensorView(mixed, dense.tensors[0]).every((v) => v === 0));
    const bias = tensorView(mixed, dense.tensors[1]);
    assert.ok(bias.some((v) => v !== 0) && bias.every((v) => Math.abs(v) <= Math.sqrt(6 / 1024)));
    assert.equal(INIT_NAMES.length, 7);
  });

  it("rejects unknown schemes and tensor names with a LosscapeError", () => {
    assert.throws(
      // @ts-expect-error: an unknown scheme, as a CLI might pass it
      () => initialize(dense, { default: "orthogonal" }, 0),
      {
        name: "LosscapeError",
        message: /init default must be one of he-normal, .*: got "orthogonal"/,
      },
    );
    assert.throws(
      () => initialize(dense, { perTensor: { "dense9/kernel": "zeros" } }, 0),
      /init perTensor names a tensor the model does not have: "dense9\/kernel" \(have dense0\/kernel, dense0\/bias\)/,
    );
  });
});
