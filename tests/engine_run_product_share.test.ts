// The first layer's products split between threads (run/product_share.ts) against the same
// products computed by one thread (precomputeFirstLayer, itself checked against TF.js by the
// parity suites): bit for bit, for dense and conv first layers, sample counts that are and are
// not multiples of the split step, spanning one or several precompute passes, 2 and 3 threads.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Dataset } from "../lib/data/dataset.ts";
import { instantiateKernel } from "../lib/engine/mod.ts";
import { precomputeFirstLayer, precomputeStageRows } from "../lib/engine/ops/first_layer.ts";
import { sampleFloats } from "../lib/engine/program/types.ts";
import { mapInputs } from "../lib/engine/run/memory.ts";
import { preparePlane } from "../lib/engine/run/prepare.ts";
import {
  fillFirstLayer,
  type ProductShare,
  productSplits,
  sharedProductArray,
} from "../lib/engine/run/product_share.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import { createRng } from "../lib/random.ts";

function plane(spec: ModelSpec, count: number, seed: number) {
  const rng = createRng(seed);
  const size = modelLayout(spec).size;
  const vector = () => Float32Array.from({ length: size }, () => 0.1 * rng.normal());
  const features = spec.inputShape.reduce((product, side) => product * side, 1);
  const data: Dataset = {
    x: Float32Array.from({ length: count * features }, () => rng.uniform()),
    y: Int32Array.from({ length: count }, () => rng.int(3)),
    count,
    features,
    classes: 3,
  };
  const options = { spec, center: vector(), d1: vector(), d2: vector(), data };
  return { options, ...preparePlane(options) };
}

/** Every sample's products computed by one thread, as floats. */
async function oneThread(prepared: ReturnType<typeof plane>): Promise<Float32Array> {
  const { plan, first, options } = prepared;
  const kernel = await instantiateKernel();
  const floats = options.data.count * 3 * sampleFloats(plan.first!.out);
  const pointer = kernel.allocate(floats * 4);
  precomputeFirstLayer(kernel, plan, mapInputs(plan, options.data), first!, 3, pointer);
  return kernel.f32.slice(pointer / 4, pointer / 4 + floats);
}

/** The same products with `threads` kernel instances sharing the work, as each one sees them. */
async function shared(
  prepared: ReturnType<typeof plane>,
  threads: number,
): Promise<Float32Array[]> {
  const { plan, first, options } = prepared;
  // Allocated here: a conv this shallow is not shared by a pool (see the last test), but its
  // split must still give the same bits.
  const floats = options.data.count * 3 * sampleFloats(plan.first!.out);
  const products = new Float32Array(new SharedArrayBuffer(floats * 4));
  const { promise: complete, resolve } = Promise.withResolvers<void>();
  let written = 0;
  const data = mapInputs(plan, options.data);
  return await Promise.all(Array.from({ length: threads }, async (_, index) => {
    const kernel = await instantiateKernel();
    const pointer = kernel.allocate(products.byteLength);
    const share: ProductShare = {
      index,
      threads,
      products,
      written: () => ++written === threads && resolve(),
      complete,
    };
    await fillFirstLayer(kernel, plan, data, first!, 3, pointer, share);
    return kernel.f32.slice(pointer / 4, pointer / 4 + products.length);
  }));
}

const DENSE: ModelSpec = {
  kind: "sequential",
  inputShape: [784],
  layers: [{ type: "dense", units: 13, activation: "relu" }, { type: "dense", units: 3 }],
};
// 41x41x3 images: a precompute pass holds 103 samples; a 3x3 valid conv gives 39x39 = 1,521
// pixels per sample, so 4-pixel groups straddle samples.
const CONV: ModelSpec = {
  kind: "sequential",
  inputShape: [41, 41, 3],
  layers: [
    { type: "conv2d", filters: 5, kernelSize: 3, padding: "valid", activation: "relu" },
    { type: "flatten" },
    { type: "dense", units: 3 },
  ],
};

describe("first-layer products split between threads", () => {
  for (
    const [name, spec, counts] of [
      ["dense 784-13", DENSE, [1, 5, 37, 700, 2000]],
      ["conv 41x41x3, 3x3 valid", CONV, [1, 7, 250]],
    ] as const
  ) {
    it(`${name}: every thread holds one thread's products bit for bit`, async () => {
      let seed = 40;
      for (const count of counts) {
        const prepared = plane(spec, count, seed++);
        const want = await oneThread(prepared);
        for (const threads of [2, 3]) {
          const got = await shared(prepared, threads);
          got.forEach((products, index) =>
            assert.deepEqual(products, want, `${count} samples, thread ${index} of ${threads}`)
          );
        }
      }
    });
  }

  it("splits at pass starts or whole 12-sample steps after one, in order, covering all", () => {
    for (const [spec, count] of [[DENSE, 2000], [DENSE, 5], [CONV, 250], [CONV, 1000]] as const) {
      const { plan } = plane(spec, 1, 1);
      const pass = precomputeStageRows(plan, count);
      for (const threads of [2, 3, 4]) {
        const splits = productSplits(plan, count, threads);
        assert.equal(splits.length, threads + 1);
        assert.equal(splits[0], 0);
        assert.equal(splits[threads], count);
        for (let i = 1; i < threads; i++) {
          assert.ok(splits[i] >= splits[i - 1], `${splits}`);
          assert.ok(splits[i] === count || (splits[i] % pass) % 12 === 0, `${splits} ${pass}`);
        }
      }
    }
  });

  it("has nothing to share for a model the threads will reject", () => {
    const { options } = plane(DENSE, 3, 2);
    assert.ok(sharedProductArray(options) !== null);
    assert.equal(sharedProductArray({ ...options, spec: { ...DENSE, layers: [] } }), null);
  });

  it("shares the products of a deep first layer only (64 or more multiply-adds each)", () => {
    const { options } = plane(DENSE, 3, 2);
    const shallow = (inputs: number, window: number, channels: number) => {
      const dense: ModelSpec = { ...DENSE, inputShape: [inputs] };
      const conv: ModelSpec = {
        ...CONV,
        inputShape: [9, 9, channels],
        layers: [
          { ...CONV.layers[0], kernelSize: window } as ModelSpec["layers"][number],
          ...CONV.layers.slice(1),
        ],
      };
      const data = (features: number) => ({
        ...options.data,
        x: new Float32Array(3 * features),
        features,
      });
      return [
        sharedProductArray({ ...options, spec: dense, data: data(inputs) }) === null,
        sharedProductArray({ ...options, spec: conv, data: data(81 * channels) }) === null,
      ];
    };
    assert.deepEqual(shallow(64, 8, 1), [false, false]); // 64 inputs; an 8x8 window
    assert.deepEqual(shallow(63, 3, 7), [true, true]); // 63 inputs; 3x3x7 = 63
    assert.deepEqual(shallow(784, 3, 1), [false, true]); // the default MLP; the cnn preset's conv
  });
});
