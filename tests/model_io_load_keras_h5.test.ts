// Keras .h5 weights read with h5wasm: files written by the test itself in the Keras 2 layout
// (model_weights/<layer>/<layer>/kernel:0), with the architecture from a model.json, from our
// spec, or from the file's own model_config.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import h5wasm from "npm:h5wasm@0.10.3";
import type { LayersModel } from "npm:@tensorflow/tfjs-layers@4.22.0";
import { LosscapeError } from "../lib/errors.ts";
import { loadKerasH5 } from "../lib/model/io/formats/load_keras_h5.ts";
import { loadLayersModel } from "../lib/model/io/formats/load_layers_model.ts";
import {
  cnnModel,
  maxAbsDiff,
  mlpModel,
  ourPredict,
  randomizeWeights,
  resnetModel,
  ROOT,
  saveTfjsModel,
  tf,
  tfjsPredict,
} from "./model_io_fixtures.ts";

const folder = `${ROOT}/h5`;
await Deno.mkdir(folder, { recursive: true });

/** Writes a model's weights as Keras does: layer groups, weight_names, `:0` datasets. */
async function writeKerasH5(
  model: LayersModel,
  path: string,
  { withConfig = false, topLevel = false } = {},
): Promise<void> {
  const { FS } = await h5wasm.ready;
  const memory = `/test-${crypto.randomUUID()}.h5`;
  const file = new h5wasm.File(memory, "w");
  const root = topLevel ? file : file.create_group("model_weights");
  // Keras writes names as fixed-length byte strings, and an empty list for weightless layers.
  const strings = (group: InstanceType<typeof h5wasm.Group>, name: string, list: string[]) =>
    group.create_attribute(
      name,
      list,
      [list.length],
      `S${Math.max(1, ...list.map((s) => s.length))}`,
    );
  strings(root, "layer_names", model.layers.map((layer) => layer.name));
  for (const layer of model.layers) {
    const group = root.create_group(layer.name);
    const names = layer.weights.map((w) => `${w.originalName}:0`);
    strings(group, "weight_names", names);
    layer.weights.forEach((weight, i) => {
      const [scope, name] = names[i].split("/");
      const inner = (group.get(scope) ?? group.create_group(scope)) as InstanceType<
        typeof h5wasm.Group
      >;
      inner.create_dataset({
        name,
        data: weight.read().dataSync() as Float32Array,
        shape: weight.shape as number[],
        dtype: "<f",
      });
    });
  }
  if (withConfig) {
    file.create_attribute("model_config", model.toJSON(null, true) as string);
    file.create_attribute("training_config", JSON.stringify({ loss: "mse" }));
  }
  file.close();
  await Deno.writeFile(path, FS!.readFile(memory));
  FS!.unlink(memory);
}

describe("loadKerasH5", () => {
  it("reads weights with the architecture from a topology-only model.json", async () => {
    const model = resnetModel();
    randomizeWeights(model, 21);
    const json = await saveTfjsModel(model, `${folder}/resnet`);
    const full = JSON.parse(await Deno.readTextFile(json));
    const topologyOnly = `${folder}/resnet/topology.json`;
    await Deno.writeTextFile(topologyOnly, JSON.stringify({ modelTopology: full.modelTopology }));
    await writeKerasH5(model, `${folder}/resnet.h5`);
    const loaded = await loadKerasH5(`${folder}/resnet.h5`, { architecture: topologyOnly });
    const x = tf.randomNormal([4, 8, 8, 3], 0, 1, "float32", 3);
    assert.ok(maxAbsDiff(ourPredict(loaded, x), tfjsPredict(model, x)) < 1e-5);
    assert.deepEqual(loaded.params.values, (await loadLayersModel(json)).params.values);
  });

  it("reads weights into our spec, by order or by name; BN without beta is filled", async () => {
    const model = cnnModel();
    randomizeWeights(model, 22);
    await writeKerasH5(model, `${folder}/cnn.h5`, { topLevel: true });
    const reference = await loadLayersModel(await saveTfjsModel(model, `${folder}/cnn`));
    // By order: our generated names (conv0, bn0, ...) are not in the file.
    const unnamed = {
      ...reference.spec,
      layers: reference.spec.layers.map(({ name: _name, ...layer }) => layer),
    } as typeof reference.spec;
    const byOrder = await loadKerasH5(`${folder}/cnn.h5`, { architecture: unnamed });
    assert.deepEqual(byOrder.params.values, reference.params.values);
    assert.equal(byOrder.params.layout.tensors[0].name, "conv0/kernel");
    // By name: the spec carries the Keras names.
    const byName = await loadKerasH5(`${folder}/cnn.h5`, { architecture: reference.spec });
    assert.deepEqual(byName.params.values, reference.params.values);
  });

  it("uses the file's own model_config and training_config", async () => {
    const model = mlpModel();
    randomizeWeights(model, 23);
    await writeKerasH5(model, `${folder}/mlp.h5`, { withConfig: true });
    const loaded = await loadKerasH5(`${folder}/mlp.h5`);
    assert.equal(loaded.spec.loss, "mse");
    const x = tf.randomNormal([5, 6], 0, 1, "float32", 4);
    assert.ok(maxAbsDiff(ourPredict(loaded, x), tfjsPredict(model, x)) < 1e-5);
  });

  it("fails with one line naming the file and what is missing", async () => {
    const model = mlpModel();
    await writeKerasH5(model, `${folder}/weights_only.h5`);
    const check = (pattern: RegExp) => (error: Error) =>
      error instanceof LosscapeError && !error.message.includes("\n") &&
      pattern.test(error.message);
    await assert.rejects(
      loadKerasH5(`${folder}/weights_only.h5`),
      check(/weights_only\.h5: a Keras weights file without an architecture \(no model_config\)/),
    );
    const spec = {
      kind: "sequential" as const,
      inputShape: [6],
      layers: [{ type: "dense" as const, units: 3 }],
    };
    await assert.rejects(
      loadKerasH5(`${folder}/weights_only.h5`, { architecture: spec }),
      check(
        /weights_only\.h5: the spec has 1 layers with weights \(dense0\), the file has 7 \(d0, /,
      ),
    );
    await assert.rejects(
      loadKerasH5(`${folder}/absent.h5`, { architecture: spec }),
      check(/absent\.h5: file not found/),
    );
    await Deno.writeTextFile(`${folder}/not.h5`, "plain text");
    await assert.rejects(loadKerasH5(`${folder}/not.h5`), check(/not\.h5: not an HDF5 file/));
  });
});
