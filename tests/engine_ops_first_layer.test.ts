// The convolutional fast paths as whole models against TF.js (grids of 3x3 points, losses within
// 1e-5 relative, accuracy within one sample): a 2x2 max pool folded into the precomputed first
// conv (ReLU or linear; even and odd image sides, where valid pooling drops the last row), and
// Winograd F(2x2, 3x3) for every later 3x3 stride-1 conv (odd outputs, "valid", 1 to 9 channels,
// batch 1), a 2x2 max pool folded into a Winograd conv's output transform (even and odd outputs,
// and "same" or average pools that must stay apart), with the plan checked so that each case
// really takes the path it is meant to test.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { planModel } from "../lib/engine/program/plan_model.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import type { LayerSpec, ModelSpec } from "../lib/model/spec.ts";
import { compareWithTfjs } from "./model_parity.ts";

const conv = (filters: number, extra: Partial<LayerSpec> = {}): LayerSpec =>
  ({
    type: "conv2d",
    filters,
    kernelSize: 3,
    padding: "same",
    activation: "relu",
    ...extra,
  }) as LayerSpec;
const pool: LayerSpec = { type: "max-pool2d", poolSize: 2 };

function model(inputShape: number[], layers: LayerSpec[]): ModelSpec {
  return {
    kind: "sequential",
    inputShape,
    layers: [...layers, { type: "flatten" }, { type: "dense", units: 4 }],
  };
}

function plan(spec: ModelSpec) {
  return planModel(resolveModel(spec), { samples: 5, vectors: 3 });
}

describe("convolutional fast paths vs TF.js", () => {
  it("a max pool folded into the first conv: even and odd sides, ReLU and linear", async () => {
    const cases: [string, ModelSpec, number][] = [
      ["8x8x1, ReLU", model([8, 8, 1], [conv(5), pool]), 9],
      [
        "7x9x1 (odd: last row and column dropped), linear",
        model([7, 9, 1], [conv(3, { activation: "linear" }), pool]),
        5,
      ],
      [
        "5x5x3, valid conv to 3x3, batch 1",
        model([5, 5, 3], [conv(8, { padding: "valid" }), pool]),
        1,
      ],
    ];
    let seed = 700;
    for (const [name, spec, count] of cases) {
      const first = plan(spec).ops[0];
      assert.ok(first.kind === "first" && first.pooled, `${name}: the pool must be folded in`);
      await compareWithTfjs(name, spec, { count, classes: 4, seed: seed++, tolerance: 1e-5 });
    }
  });

  it("a 'same' max pool on an odd first-conv output stays apart (its last window overhangs)", async () => {
    const samePool = { ...pool, padding: "same" } as LayerSpec;
    const spec = model([7, 7, 1], [conv(3), samePool]);
    const first = plan(spec).ops[0];
    assert.ok(first.kind === "first" && !first.pooled, "the pool must not be folded in");
    await compareWithTfjs("7x7x1, same pool", spec, {
      count: 5,
      classes: 4,
      seed: 710,
      tolerance: 1e-5,
    });
    // An even side: the "same" pool has no padding and is folded.
    const even = model([8, 8, 1], [conv(3), samePool]);
    const folded = plan(even).ops[0];
    assert.ok(folded.kind === "first" && folded.pooled, "8x8: the pool must be folded in");
    await compareWithTfjs("8x8x1, same pool", even, {
      count: 5,
      classes: 4,
      seed: 711,
      tolerance: 1e-5,
    });
  });

  it("Winograd for later 3x3 stride-1 convs: odd outputs, valid padding, 1 to 9 channels", async () => {
    const cases: [string, ModelSpec, number][] = [
      ["the cnn preset's shape, small", model([12, 12, 1], [conv(4), pool, conv(9), pool]), 7],
      ["7x7 same (odd output), 3 -> 5 channels", model([7, 7, 2], [conv(3), conv(5)]), 3],
      [
        "9x8 valid to 7x6 after a stride-2 conv",
        model([17, 16, 1], [conv(9, { strides: 2 }), conv(1, { padding: "valid" })]),
        4,
      ],
      ["1x1 image, batch 1", model([1, 1, 1], [conv(4), conv(8, { activation: "linear" })]), 1],
    ];
    let seed = 800;
    for (const [name, spec, count] of cases) {
      const winograd = plan(spec).ops.filter((op) => op.kind === "conv" && op.winograd);
      assert.ok(winograd.length > 0, `${name}: a conv must run by Winograd`);
      await compareWithTfjs(name, spec, { count, classes: 4, seed: seed++, tolerance: 1e-5 });
    }
  });

  it("a max pool folded into a Winograd conv: even and odd outputs; pools that stay apart", async () => {
    const samePool: LayerSpec = { type: "max-pool2d", poolSize: 2, padding: "same" };
    const cases: [string, ModelSpec, number, boolean][] = [
      [
        "the cnn preset's shape, small",
        model([12, 12, 1], [conv(4), pool, conv(9), pool]),
        7,
        true,
      ],
      [
        "9x9 (odd: last tile row and column dropped), linear, 2 -> 5 channels",
        model([9, 9, 2], [conv(3), conv(5, { activation: "linear" }), pool]),
        3,
        true,
      ],
      [
        '"same" pool on a 7x7 output (stays apart)',
        model([7, 7, 1], [conv(4), conv(8), samePool]),
        2,
        false,
      ],
      [
        "average pool (stays apart)",
        model([8, 8, 1], [conv(4), conv(4), { type: "avg-pool2d", poolSize: 2 }]),
        2,
        false,
      ],
    ];
    let seed = 900;
    for (const [name, spec, count, fused] of cases) {
      const ops = plan(spec).ops;
      const pooled = ops.some((op) => op.kind === "conv" && op.winograd?.pooled);
      assert.equal(pooled, fused, `${name}: the pool must ${fused ? "" : "not "}be folded in`);
      assert.equal(ops.some((op) => op.kind === "pool"), !fused, `${name}: pool op`);
      await compareWithTfjs(name, spec, { count, classes: 4, seed: seed++, tolerance: 1e-5 });
    }
  });
});
