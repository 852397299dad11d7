// deno-lint-ignore-file no-explicit-any -- the tests rewrite model.json freely, field by field
// Topologies as Keras writes them, not only as tfjs-layers does: the converter's
// `model_config` / `training_config` wrapper with `:0` weight names, and Keras 3's Functional
// format (`batch_shape`, `keras_history` inbound nodes, scoped weight names).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadLayersModel } from "../lib/model/io/formats/load_layers_model.ts";
import { kerasLayerToSpec } from "../lib/model/io/to_spec/keras_layers.ts";
import {
  maxAbsDiff,
  ourPredict,
  randomizeWeights,
  resnetModel,
  ROOT,
  saveTfjsModel,
  tf,
  tfjsPredict,
} from "./model_io_fixtures.ts";

const model = resnetModel();
randomizeWeights(model, 31);
const x = tf.randomNormal([3, 8, 8, 3], 0, 1, "float32", 8);
const expected = tfjsPredict(model, x);

/** Saves the fixture, then rewrites its model.json with `edit`. */
async function variant(name: string, edit: (json: any) => void): Promise<string> {
  const path = await saveTfjsModel(model, `${ROOT}/keras/${name}`);
  const json = JSON.parse(await Deno.readTextFile(path));
  edit(json);
  await Deno.writeTextFile(path, JSON.stringify(json));
  return path;
}

describe("Keras topologies", () => {
  it("reads the converter's model_config wrapper, training_config and :0 names", async () => {
    const path = await variant("keras2", (json) => {
      json.modelTopology = {
        keras_version: "2.15.0",
        backend: "tensorflow",
        model_config: { ...json.modelTopology, class_name: "Functional" },
        training_config: { loss: "sparse_categorical_crossentropy" },
      };
      for (const weight of json.weightsManifest[0].weights) weight.name += ":0";
    });
    const loaded = await loadLayersModel(path);
    assert.equal(loaded.spec.loss, "softmax-cross-entropy");
    assert.ok(maxAbsDiff(ourPredict(loaded, x), expected) < 1e-5);
  });

  it("reads Keras 3 inbound nodes, batch_shape and scoped weight names", async () => {
    const path = await variant("keras3", (json) => {
      const config = json.modelTopology.config;
      const tensor = (name: string) => ({
        class_name: "__keras_tensor__",
        config: { shape: [], dtype: "float32", keras_history: [name, 0, 0] },
      });
      for (const layer of config.layers) {
        if (layer.class_name === "InputLayer") {
          layer.config.batch_shape = layer.config.batch_input_shape;
          delete layer.config.batch_input_shape;
        }
        const inputs = (layer.inbound_nodes[0] ?? []).map((node: unknown[]) => node[0]);
        layer.inbound_nodes = inputs.length === 0 ? [] : [{
          args: inputs.length === 1 ? [tensor(inputs[0])] : [inputs.map(tensor)],
          kwargs: {},
        }];
      }
      config.input_layers = config.input_layers[0];
      config.output_layers = config.output_layers[0];
      json.modelTopology.class_name = "Functional";
      for (const weight of json.weightsManifest[0].weights) {
        weight.name = `functional/${weight.name}`;
      }
      json.trainingConfig = { loss: { class_name: "CategoricalCrossentropy", config: {} } };
    });
    const loaded = await loadLayersModel(path);
    assert.ok(maxAbsDiff(ourPredict(loaded, x), expected) < 1e-5);
  });

  it("maps layer settings: ELU and LeakyReLU slopes, ReLU negative_slope, pool strides", () => {
    const at = "m.json";
    assert.deepEqual(kerasLayerToSpec("ELU", { name: "e", alpha: 0.5 }, at).layer, {
      type: "activation",
      name: "e",
      activation: "elu",
      alpha: 0.5,
    });
    const leaky = kerasLayerToSpec("LeakyReLU", { name: "l", negative_slope: 0.1 }, at).layer;
    assert.deepEqual(leaky, {
      type: "activation",
      name: "l",
      activation: "leaky-relu",
      alpha: 0.1,
    });
    const relu = kerasLayerToSpec("ReLU", { name: "r", negative_slope: 0.2 }, at).layer;
    assert.equal(relu.type === "activation" && relu.alpha, 0.2);
    const pool = kerasLayerToSpec("MaxPool2D", { name: "p", pool_size: [3, 3], strides: null }, at);
    assert.deepEqual(pool.layer, {
      type: "max-pool2d",
      name: "p",
      poolSize: [3, 3],
      strides: [3, 3],
      padding: "valid",
    });
    assert.throws(
      () =>
        kerasLayerToSpec("Conv2D", { name: "c", filters: 2, kernel_size: 3, dilation_rate: 2 }, at),
      /m\.json: dilation_rate other than 1 is not supported/,
    );
  });
});
