// Bad model files: each fails with one LosscapeError line naming the file, the place (layer,
// weight, shard) and what was expected.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LosscapeError } from "../lib/errors.ts";
import { loadLayersModel } from "../lib/model/io/formats/load_layers_model.ts";
import type { KerasLayerJson } from "../lib/model/io/parse/keras_topology.ts";
import type { ManifestGroup } from "../lib/model/io/parse/weights_manifest.ts";
import { mlpModel, randomizeWeights, ROOT, saveTfjsModel } from "./model_io_fixtures.ts";

const folder = `${ROOT}/errors`;
const model = mlpModel();
randomizeWeights(model, 1);

/** A fresh copy of the MLP fixture, with model.json edited by `edit`. */
interface ModelJson {
  format?: string;
  modelTopology: unknown;
  weightsManifest: ManifestGroup[];
}

async function fixture(name: string, edit: (json: ModelJson) => void = () => {}): Promise<string> {
  const dir = `${folder}/${name}`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  const path = await saveTfjsModel(model, dir);
  const json = JSON.parse(await Deno.readTextFile(path));
  edit(json);
  await Deno.writeTextFile(path, JSON.stringify(json));
  return path;
}

async function rejectsWith(path: string, pattern: RegExp): Promise<void> {
  await assert.rejects(loadLayersModel(path), (error: Error) => {
    assert.ok(error instanceof LosscapeError, `not a LosscapeError: ${error}`);
    assert.ok(!error.message.includes("\n"), `not one line: ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  });
}

const layers = (json: ModelJson) =>
  (json.modelTopology as { config: { layers: KerasLayerJson[] } }).config.layers;
const weights = (json: ModelJson) => json.weightsManifest[0].weights;
const weight = (json: ModelJson, name: string) => weights(json).find((w) => w.name === name)!;

describe("loadLayersModel on bad input", () => {
  it("names an unsupported layer and lists the supported ones", async () => {
    const path = await fixture("unsupported", (json) => {
      layers(json)[1] = { class_name: "LSTM", config: { name: "lstm_1", units: 4 } };
    });
    await rejectsWith(
      path,
      /model\.json: layer "lstm_1" \(LSTM\): unsupported layer class "LSTM": supported are InputLayer, Dense, Conv2D, .*BatchNormalization, Dropout, Activation, ReLU, LeakyReLU, ELU/,
    );
  });

  it("names an unsupported activation", async () => {
    const path = await fixture("activation", (json) => {
      layers(json)[0].config.activation = "selu";
    });
    await rejectsWith(path, /layer "d0" \(Dense\): unsupported activation "selu": supported are /);
  });

  it("says how many bytes a shard of the wrong size holds and needs", async () => {
    const path = await fixture("short_shard");
    const shard = `${folder}/short_shard/group1-shard1of1.bin`;
    const bytes = await Deno.readFile(shard);
    await Deno.writeFile(shard, bytes.subarray(4));
    await rejectsWith(
      path,
      new RegExp(
        `weightsManifest\\[0\\]: weight shard ".*short_shard/group1-shard1of1\\.bin" hold ${
          bytes.length - 4
        } bytes, but the weights listed need ${bytes.length} bytes`,
      ),
    );
  });

  it("names a missing shard file", async () => {
    const path = await fixture("missing_shard");
    await Deno.remove(`${folder}/missing_shard/group1-shard1of1.bin`);
    await rejectsWith(
      path,
      /model\.json: weightsManifest\[0\]: weight shard ".*missing_shard\/group1-shard1of1\.bin" is missing/,
    );
  });

  it("names a weight missing from the manifest with the shape the layer needs", async () => {
    const path = await fixture("missing_weight", (json) => {
      const entry = weight(json, "d0/bias");
      entry.name = "d0/offset";
    });
    await rejectsWith(
      path,
      /model\.json: weightsManifest: layer "d0", weight "bias": expected a weight named "d0\/bias" of shape \[8\], found none \(have: d0\/kernel, d0\/offset/,
    );
  });

  it("names a weight whose shape does not fit the layer", async () => {
    const path = await fixture("wrong_shape", (json) => {
      weight(json, "d0/kernel").shape = [8, 6];
    });
    await rejectsWith(
      path,
      /layer "d0", weight "kernel": "d0\/kernel" has shape \[8, 6\], but the layer needs \[6, 8\]/,
    );
  });

  it("rejects quantized weights", async () => {
    const uint8 = await fixture("quantized_uint8", (json) => {
      // 8 float32 biases as 8 uint8 bytes: drop the 24 bytes that follow in the shard.
      weight(json, "d0/bias").quantization = { dtype: "uint8", scale: 0.1, min: -1 };
    });
    const shard = `${folder}/quantized_uint8/group1-shard1of1.bin`;
    const bytes = await Deno.readFile(shard);
    const cut = 6 * 8 * 4 + 8; // after the kernel and 8 one-byte biases
    await Deno.writeFile(
      shard,
      new Uint8Array([...bytes.subarray(0, cut), ...bytes.subarray(cut + 24)]),
    );
    await rejectsWith(
      uint8,
      /weight "bias": "d0\/bias" is quantized to uint8: only float32 weights/,
    );
  });

  it("rejects a missing model.json, bad JSON, and a graph model", async () => {
    await rejectsWith(`${folder}/nothing/model.json`, /nothing\/model\.json: file not found/);
    const bad = `${folder}/bad.json`;
    await Deno.mkdir(folder, { recursive: true });
    await Deno.writeTextFile(bad, "{ nope");
    await rejectsWith(bad, /bad\.json: not valid JSON/);
    const graph = await fixture("graph", (json) => (json.format = "graph-model"));
    await rejectsWith(graph, /format is "graph-model": only Layers models/);
  });

  it("rejects branches that are not residual blocks", async () => {
    const path = await fixture("branch", (json) => {
      json.modelTopology = {
        class_name: "Model",
        config: {
          layers: [
            {
              class_name: "InputLayer",
              config: { name: "in", batch_input_shape: [null, 6] },
              inbound_nodes: [],
            },
            {
              class_name: "Dense",
              config: { name: "a", units: 2 },
              inbound_nodes: [[["in", 0, 0, {}]]],
            },
            {
              class_name: "Dense",
              config: { name: "b", units: 2 },
              inbound_nodes: [[["in", 0, 0, {}]]],
            },
            {
              class_name: "Concatenate",
              config: { name: "c" },
              inbound_nodes: [[["a", 0, 0, {}], ["b", 0, 0, {}]]],
            },
          ],
          input_layers: [["in", 0, 0]],
          output_layers: [["c", 0, 0]],
        },
      };
    });
    await rejectsWith(
      path,
      /layer "c" \(Concatenate\): joins 2 paths: only an Add can join the two paths leaving "in"/,
    );
  });
});
