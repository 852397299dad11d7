// Every layer type in LAYER_TYPES has a small model that uses it, and each model passes two
// checks: the engine against TF.js on a 3x3 grid (losses within 1e-4, the engine's parity
// tolerance), and a Keras round trip (write the Layers model, load it back: the same resolved
// layers and bit-identical weights). A new layer type without a case fails here. (A leaky ReLU
// or a scaled ELU inside a dense or conv layer is exported as a layer of its own, so the cases
// use those as stand-alone activation layers.)
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadLayersModel } from "../lib/model/io/formats/load_layers_model.ts";
import { writeLayersModel } from "../lib/model/io/formats/write_layers_model.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import type { ResolvedLayer } from "../lib/model/resolved_layer.ts";
import { LAYER_TYPES, type LayerSpec, type LayerType, type ModelSpec } from "../lib/model/spec.ts";
import { compareWithTfjs, makePlane } from "./model_parity.ts";

const model = (inputShape: number[], layers: LayerSpec[]): ModelSpec => ({
  kind: "sequential",
  inputShape,
  layers: [...layers, { type: "dense", units: 3 }],
});
const conv = (filters: number, extra: Partial<LayerSpec> = {}) =>
  ({ type: "conv2d", filters, kernelSize: 3, ...extra }) as LayerSpec;

/** Per layer type, a small model with that layer; odd sizes and non-default fields. */
const CASES = {
  dense: model([7], [{ type: "dense", units: 5, activation: "tanh" }]),
  conv2d: model([7, 6, 2], [
    conv(5, { strides: 2, padding: "same", activation: "gelu" }),
    { type: "flatten" },
  ]),
  "max-pool2d": model([7, 7, 2], [
    conv(3, { padding: "same", activation: "relu" }),
    { type: "max-pool2d", poolSize: 3, strides: 2, padding: "same" },
    { type: "flatten" },
  ]),
  "avg-pool2d": model([7, 6, 2], [
    { type: "avg-pool2d", poolSize: [2, 3] },
    { type: "flatten" },
  ]),
  "global-avg-pool2d": model([5, 5, 3], [conv(4, { activation: "elu" }), {
    type: "global-avg-pool2d",
  }]),
  flatten: model([3, 4, 2], [{ type: "flatten" }]),
  "batch-norm": model([6], [
    { type: "dense", units: 5 },
    { type: "batch-norm", epsilon: 0.01 },
    { type: "activation", activation: "relu" },
  ]),
  dropout: model([6], [{ type: "dense", units: 5, activation: "relu" }, {
    type: "dropout",
    rate: 0.3,
  }]),
  activation: model([6], [
    { type: "dense", units: 5 },
    { type: "activation", activation: "leaky-relu" },
    { type: "dense", units: 4 },
    { type: "activation", activation: "elu", alpha: 0.5 },
  ]),
  residual: model([6, 6, 2], [
    conv(4, { padding: "same", activation: "relu" }),
    {
      type: "residual",
      shortcut: "projection",
      layers: [
        conv(6, { strides: 2, padding: "same", useBias: false }),
        { type: "batch-norm" },
      ],
    },
    { type: "residual", layers: [conv(6, { padding: "same" })], activation: "tanh" },
    { type: "global-avg-pool2d" },
  ]),
  reshape: model([32], [{ type: "reshape", targetShape: [4, -1, 2] }, conv(3), {
    type: "flatten",
  }]),
  rescaling: model([6], [{ type: "rescaling", scale: 0.5, offset: [0, 0.1, 0.2, 0.3, 0.4, 0.5] }]),
  normalization: model([6], [{ type: "normalization", mean: 0.2, variance: 2 }]),
} satisfies Record<LayerType, ModelSpec>;

/** The types a resolved model uses, residual bodies and projections included. */
function typesOf(layers: ResolvedLayer[]): Set<string> {
  const types = new Set<string>();
  for (const layer of layers) {
    types.add(layer.type);
    if (layer.type === "residual") {
      for (
        const type of typesOf([...layer.body, ...(layer.projection ? [layer.projection] : [])])
      ) {
        types.add(type);
      }
    }
  }
  return types;
}

/** A resolved layer without the fields that record how it was written (spec, name, path). */
function normalised(layer: ResolvedLayer): unknown {
  const { spec: _spec, name: _name, path: _path, tensors, body, ...rest } = layer;
  return {
    ...rest,
    ...("projection" in rest && rest.projection ? { projection: normalised(rest.projection) } : {}),
    shortcut: layer.shortcut?.map((tensor) => tensor.shape),
    tensors: tensors.map((tensor) => [tensor.role, tensor.shape]),
    body: body?.map(normalised),
  };
}

describe("every layer type", () => {
  it("has a case that uses it", () => {
    for (const type of LAYER_TYPES) {
      const spec = (CASES as Partial<Record<string, ModelSpec>>)[type];
      assert.ok(spec, `no engine-vs-TF.js and Keras round-trip case for layer type "${type}"`);
      assert.ok(typesOf(resolveModel(spec).layers).has(type), `the "${type}" case has no ${type}`);
    }
  });

  for (const type of LAYER_TYPES) {
    it(`${type}: the engine matches TF.js`, async () => {
      await compareWithTfjs(type, CASES[type], { count: 23, classes: 3, seed: 7 });
    });

    it(`${type}: a Keras round trip gives the same layers and weights`, async () => {
      const spec = CASES[type];
      const layout = modelLayout(spec);
      const values = makePlane(spec, 3).center;
      const path = await writeLayersModel(`.tmp/layer_types/${type}`, spec, { layout, values });
      const loaded = await loadLayersModel(path);
      const [before, after] = [spec, loaded.spec].map((s) => resolveModel(s));
      assert.deepEqual(after.layers.map(normalised), before.layers.map(normalised));
      assert.deepEqual(after.spec.loss, before.spec.loss);
      assert.deepEqual(
        loaded.params.layout.tensors.map((t) => t.shape),
        layout.tensors.map((t) => t.shape),
      );
      assert.deepEqual(loaded.params.values, values);
    });
  }
});
