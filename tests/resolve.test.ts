// The resolver fills every default once: each layer type's documented defaults (Keras's where
// Keras has the layer), windows and strides as pairs, the zeros "same" padding adds (checked
// against TF.js running the same convolution and max pooling with those explicit pads), the
// alpha of each activation, and a residual block's projection as a layer of its own.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { resolveModel } from "../lib/model/resolve.ts";
import type { ResolvedLayer } from "../lib/model/resolved_layer.ts";
import { ACTIVATIONS, LAYER_TYPES, type LayerSpec, type LayerType } from "../lib/model/spec.ts";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { createRng } from "../lib/random.ts";

/** One layer on an input shape, resolved before a flatten (the model must end flat). */
function resolveOne(inputShape: number[], layer: LayerSpec): ResolvedLayer {
  const layers: LayerSpec[] = [layer, { type: "flatten" }];
  return resolveModel({ kind: "sequential", inputShape, layers }).layers[0];
}

/** Per layer type: a minimal layer, its input shape, and the resolved fields it must get. */
const DEFAULTS = {
  dense: [[4], { type: "dense", units: 3 }, {
    name: "dense0",
    activation: "linear",
    alpha: 1,
    useBias: true,
    init: "he-normal",
  }],
  conv2d: [[5, 5, 2], { type: "conv2d", filters: 3, kernelSize: 3 }, {
    name: "conv0",
    kernelSize: [3, 3],
    strides: [1, 1],
    padding: "valid",
    pads: [[0, 0], [0, 0]],
    activation: "linear",
    alpha: 1,
    useBias: true,
    init: "he-normal",
  }],
  "max-pool2d": [[6, 6, 1], { type: "max-pool2d", poolSize: 3 }, {
    name: "maxpool0",
    poolSize: [3, 3],
    strides: [3, 3],
    padding: "valid",
    pads: [[0, 0], [0, 0]],
  }],
  "avg-pool2d": [[6, 6, 1], { type: "avg-pool2d", poolSize: [2, 3] }, {
    name: "avgpool0",
    poolSize: [2, 3],
    strides: [2, 3],
    padding: "valid",
  }],
  "global-avg-pool2d": [[3, 3, 2], { type: "global-avg-pool2d" }, { name: "gap0" }],
  flatten: [[2, 3, 1], { type: "flatten" }, { name: "flatten0", outputShape: [6] }],
  "batch-norm": [[4], { type: "batch-norm" }, { name: "bn0", epsilon: 1e-3, momentum: 0.99 }],
  dropout: [[4], { type: "dropout", rate: 0.25 }, { name: "dropout0", rate: 0.25 }],
  activation: [[4], { type: "activation", activation: "leaky-relu" }, {
    name: "act0",
    activation: "leaky-relu",
    alpha: 0.2,
  }],
  residual: [[4], { type: "residual", layers: [{ type: "dense", units: 4 }] }, {
    name: "res0",
    activation: "relu",
    alpha: 1,
    projection: undefined,
    shortcut: undefined,
  }],
  reshape: [[6], { type: "reshape", targetShape: [-1, 2] }, {
    name: "reshape0",
    targetShape: [-1, 2],
    outputShape: [3, 2],
  }],
  rescaling: [[4], { type: "rescaling", scale: 2 }, { name: "rescale0", scale: 2, offset: 0 }],
  normalization: [[4], { type: "normalization", mean: 1, variance: 4 }, {
    name: "norm0",
    mean: 1,
    variance: 4,
  }],
} satisfies Record<LayerType, [number[], LayerSpec, Record<string, unknown>]>;

describe("resolveModel: defaults", () => {
  it("fills every layer type's defaults (walking LAYER_TYPES)", () => {
    for (const type of LAYER_TYPES) {
      const [inputShape, layer, wanted] = DEFAULTS[type];
      const resolved = resolveOne(inputShape, layer as LayerSpec);
      assert.equal(resolved.type, type);
      assert.deepEqual(resolved.spec, layer, `${type}: the spec as written is kept`);
      for (const [field, value] of Object.entries(wanted)) {
        assert.deepEqual((resolved as never)[field], value, `${type}.${field}`);
      }
    }
  });

  it("keeps what a spec gives, and the layer's init over the model's", () => {
    const model = resolveModel({
      kind: "sequential",
      inputShape: [4],
      init: "glorot-uniform",
      layers: [
        { type: "batch-norm", epsilon: 0.01, momentum: 0.9 },
        { type: "dense", units: 3, useBias: false, init: "lecun-normal" },
        { type: "dense", units: 2 },
      ],
    });
    const [bn, first, second] = model.layers;
    assert.ok(bn.type === "batch-norm" && first.type === "dense" && second.type === "dense");
    assert.deepEqual([bn.epsilon, bn.momentum], [0.01, 0.9]);
    assert.deepEqual([first.useBias, first.init, second.init], [
      false,
      "lecun-normal",
      "glorot-uniform",
    ]);
    assert.deepEqual(first.tensors.map((t) => t.name), ["dense0/kernel"]);
  });

  it("gives each activation its alpha: leaky-ReLU 0.2, ELU 1, the others 1; a given one wins", () => {
    for (const activation of ACTIVATIONS) {
      const layer = resolveOne([4], { type: "activation", activation });
      assert.ok(layer.type === "activation");
      assert.equal(layer.alpha, activation === "leaky-relu" ? 0.2 : 1, activation);
      const given = resolveOne([4], { type: "activation", activation, alpha: 0.3 });
      assert.ok(given.type === "activation" && given.alpha === 0.3, activation);
    }
    const dense = resolveOne([4], { type: "dense", units: 2, activation: "elu", alpha: 0.5 });
    assert.ok(dense.type === "dense" && dense.activation === "elu" && dense.alpha === 0.5);
  });
});

describe("resolveModel: windows", () => {
  it("reads pairs: one number for both axes, a pair as is, pool strides default to the window", () => {
    const conv = resolveOne([9, 8, 1], {
      type: "conv2d",
      filters: 2,
      kernelSize: [3, 1],
      strides: 2,
      padding: "same",
    });
    assert.ok(conv.type === "conv2d");
    assert.deepEqual([conv.kernelSize, conv.strides, conv.outputShape], [[3, 1], [2, 2], [
      5,
      4,
      2,
    ]]);
    const pool = resolveOne([9, 8, 1], { type: "max-pool2d", poolSize: [3, 2], strides: [1, 2] });
    assert.ok(pool.type === "max-pool2d");
    assert.deepEqual([pool.poolSize, pool.strides, pool.outputShape], [[3, 2], [1, 2], [7, 4, 1]]);
  });

  it("pads as TF does: TF.js gives the same numbers with these explicit pads", async () => {
    const tf = await loadTfjs();
    const rng = createRng(3);
    const before = tf.memory().numTensors;
    for (const [size, window, stride] of [[7, 3, 2], [8, 3, 2], [8, 4, 2], [5, 5, 1], [6, 2, 1]]) {
      for (const padding of ["same", "valid"] as const) {
        const input = [size, size + 1, 2];
        const conv = resolveOne(input, {
          type: "conv2d",
          filters: 3,
          kernelSize: window,
          strides: stride,
          padding,
        });
        const pool = resolveOne(input, {
          type: "max-pool2d",
          poolSize: window,
          strides: stride,
          padding,
        });
        assert.ok(conv.type === "conv2d" && pool.type === "max-pool2d");
        assert.deepEqual(conv.pads, pool.pads);
        if (padding === "valid") assert.deepEqual(conv.pads, [[0, 0], [0, 0]]);
        const where = `${size}x${size + 1} window ${window} stride ${stride} ${padding}`;
        tf.tidy(() => {
          const x = tf.tensor4d(
            Float32Array.from({ length: size * (size + 1) * 2 }, () => rng.normal()),
            [1, ...input] as [number, number, number, number],
          );
          const k = tf.randomNormal([window, window, 2, 3], 0, 1, "float32", 5) as never;
          const explicit = [[0, 0], ...conv.pads, [0, 0]] as [
            [number, number],
            [number, number],
            [number, number],
            [number, number],
          ];
          const byRule = tf.conv2d(x, k, stride, padding);
          const byPads = tf.conv2d(x, k, stride, explicit);
          assert.deepEqual(byRule.shape.slice(1), conv.outputShape, where);
          assert.ok(tf.max(tf.abs(tf.sub(byRule, byPads))).dataSync()[0] < 1e-5, `conv ${where}`);
          const padded = tf.pad(x, explicit, -Infinity) as typeof x;
          const pooled = tf.maxPool(padded, window, stride, "valid");
          const wanted = tf.maxPool(x, window, stride, padding);
          assert.deepEqual(pooled.shape.slice(1), pool.outputShape, where);
          assert.deepEqual(pooled.dataSync(), wanted.dataSync(), `max-pool ${where}`);
        });
      }
    }
    assert.equal(tf.memory().numTensors, before);
  });
});

describe("resolveModel: residual blocks", () => {
  it("resolves a projection as a 1x1 convolution with the body's total stride, or dense on flat input", () => {
    const model = resolveModel({
      kind: "sequential",
      inputShape: [9, 9, 2],
      layers: [
        {
          type: "residual",
          shortcut: "projection",
          activation: "tanh",
          layers: [
            { type: "conv2d", filters: 4, kernelSize: 3, strides: 2, padding: "same" },
            { type: "max-pool2d", poolSize: 2, padding: "same" },
          ],
        },
        { type: "global-avg-pool2d" },
      ],
    });
    const block = model.layers[0];
    assert.ok(block.type === "residual" && block.projection?.type === "conv2d");
    const projection = block.projection;
    assert.deepEqual(
      [projection.name, projection.kernelSize, projection.strides, projection.padding],
      ["res0/shortcut", [1, 1], [4, 4], "same"],
    );
    assert.deepEqual(projection.outputShape, [3, 3, 4]);
    assert.deepEqual(block.shortcut, projection.tensors);
    assert.deepEqual(block.shortcutStride, [4, 4]);
    assert.deepEqual([block.activation, block.alpha], ["tanh", 1]);
    assert.deepEqual(block.body.map((layer) => layer.name), ["res0/conv0", "res0/maxpool0"]);
    const flat = resolveOne([4], {
      type: "residual",
      shortcut: "projection",
      layers: [{ type: "dense", units: 3 }],
    });
    assert.ok(flat.type === "residual" && flat.projection?.type === "dense");
    assert.deepEqual(flat.projection.tensors.map((t) => t.shape), [[4, 3], [3]]);
    assert.equal(flat.shortcutStride, undefined);
  });
});
