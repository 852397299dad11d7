/**
 * Fuzzed model files: our model spec JSON, a TF.js Layers `model.json` with its weight shard,
 * and a Keras `.h5` holding its own `model_config`, each read the way `--model` / `--weights`
 * read them (and checked against a small image dataset).
 * @module
 */
import h5wasm from "npm:h5wasm@0.10.3";
import type { Dataset } from "../../lib/data/dataset.ts";
import type { ModelSpec } from "../../lib/model/spec.ts";
import { modelLayout } from "../../lib/model/model_layout.ts";
import { resolveModel } from "../../lib/model/resolve.ts";
import { modelArtifacts, writeLayersModel } from "../../lib/model/io/formats/write_layers_model.ts";
import { loadKerasH5 } from "../../lib/model/io/formats/load_keras_h5.ts";
import { startH5Sandbox } from "../../lib/model/io/parse/h5_sandbox.ts";
import { loadRunModel } from "../../lib/run/load_model.ts";
import { type CaseFiles, type FuzzFormat, mutateOne } from "./harness.ts";
import { mutateBytes } from "./mutate_bytes.ts";
import { mutateJson } from "./mutate_json.ts";

/** A small network that still has every kind of field: conv, BN, a residual block, dense. */
export const FUZZ_SPEC: ModelSpec = {
  kind: "sequential",
  inputShape: [4, 4, 1],
  layers: [
    { type: "conv2d", filters: 2, kernelSize: 3, padding: "same", activation: "relu" },
    {
      type: "residual",
      layers: [
        { type: "conv2d", filters: 2, kernelSize: 3, padding: "same", useBias: false },
        { type: "batch-norm" },
      ],
    },
    { type: "max-pool2d", poolSize: 2 },
    { type: "flatten" },
    { type: "dense", units: 3, activation: "linear" },
  ],
};

/** The dataset the model is checked against: 16 features per sample, 3 classes. */
export const FUZZ_DATA: Dataset = {
  x: new Float32Array(2 * 16),
  y: new Int32Array([0, 2]),
  count: 2,
  features: 16,
  classes: 3,
  shape: [4, 4, 1],
};

/** Weights in the spec's layout: small distinct numbers. */
export function fuzzParams(spec: ModelSpec = FUZZ_SPEC) {
  const layout = modelLayout(resolveModel(spec));
  const values = Float32Array.from({ length: layout.size }, (_, i) => Math.cos(i) / 4);
  return { layout, values };
}

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 1));

/** Our model spec (`--model spec.json`). */
export const specFormat: FuzzFormat = {
  name: "model spec",
  seedFiles: () => Promise.resolve({ "spec.json": json(FUZZ_SPEC) }),
  mutate: (rng, seed) => mutateOne(rng, seed, [["spec.json", 1, mutateJson]]),
  read: async (dir) => {
    const { spec } = await loadRunModel(`${dir}/spec.json`, "", FUZZ_DATA);
    return modelLayout(resolveModel(spec)).size;
  },
};

/** A TF.js Layers model as losscape writes it (`--model model.json`). */
export const layersFormat: FuzzFormat = {
  name: "model.json",
  seedFiles: async () => {
    const dir = await Deno.makeTempDir({ dir: ".tmp" });
    try {
      await writeLayersModel(dir, FUZZ_SPEC, fuzzParams());
      return {
        "model.json": await Deno.readFile(`${dir}/model.json`),
        "group1-shard1of1.bin": await Deno.readFile(`${dir}/group1-shard1of1.bin`),
      };
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
  mutate: (rng, seed) =>
    mutateOne(rng, seed, [["model.json", 3, mutateJson], ["group1-shard1of1.bin", 1, mutateBytes]]),
  read: (dir) => loadRunModel(`${dir}/model.json`, "", FUZZ_DATA),
};

/** A Keras `.h5` as `model.save("m.h5")` lays it out: model_config and weights by layer. */
export async function kerasH5Bytes(): Promise<Uint8Array> {
  const { modelTopology, weightSpecs, weightData } = modelArtifacts(FUZZ_SPEC, fuzzParams());
  const { FS } = await h5wasm.ready;
  const memory = `/fuzz-seed-${crypto.randomUUID()}.h5`;
  const file = new h5wasm.File(memory, "w");
  const root = file.create_group("model_weights");
  const strings = (group: InstanceType<typeof h5wasm.Group>, name: string, list: string[]) =>
    group.create_attribute(
      name,
      list,
      [list.length],
      `S${Math.max(1, ...list.map((s) => s.length))}`,
    );
  const layers = [...new Set(weightSpecs.map((w) => w.name.slice(0, w.name.lastIndexOf("/"))))];
  strings(root, "layer_names", layers);
  const floats = new Float32Array(weightData.buffer);
  let offset = 0;
  for (const layer of layers) {
    const group = root.create_group(layer);
    const inner = group.create_group(layer);
    const mine = weightSpecs.filter((w) => w.name.startsWith(`${layer}/`));
    strings(group, "weight_names", mine.map((w) => `${w.name}:0`));
    for (const weight of mine) {
      const count = weight.shape.reduce((a, b) => a * b, 1);
      inner.create_dataset({
        name: `${weight.name.slice(layer.length + 1)}:0`,
        data: floats.slice(offset, offset + count),
        shape: weight.shape,
        dtype: "<f",
      });
      offset += count;
    }
  }
  file.create_attribute("model_config", JSON.stringify(modelTopology));
  file.close();
  const bytes = FS!.readFile(memory);
  FS!.unlink(memory);
  return bytes;
}

/**
 * HDF5 stamps objects with their modification time, so a freshly written file differs from run
 * to run: the seed is written once by {@linkcode kerasH5Bytes} and kept, so cases replay exactly.
 */
const H5_SEED = "tests/fuzz/seeds/model.h5";

/** A Keras `.h5` with its own architecture (`loadKerasH5(path)`). */
export const h5Format: FuzzFormat = {
  name: "keras h5",
  seedFiles: async (): Promise<CaseFiles> => {
    return { "model.h5": await Deno.readFile(H5_SEED).catch(() => kerasH5Bytes()) };
  },
  mutate: (rng, seed) => mutateOne(rng, seed, [["model.h5", 1, mutateBytes]]),
  read: (dir) => loadKerasH5(`${dir}/model.h5`),
  prepare: startH5Sandbox,
};
