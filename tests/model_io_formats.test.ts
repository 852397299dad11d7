// Keras 2 whole-model .h5 files (list and dict Sequential configs), weights-only files whose
// layer names do not match the architecture (matched by order, as Keras's load_weights does),
// the model's own loss (a sigmoid output compiled with categorical cross-entropy is scored on
// probabilities, computed by hand here), errors that name the format, and the run's --model.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadKerasH5 } from "../lib/model/io/formats/load_keras_h5.ts";
import { readKerasH5 } from "../lib/model/io/parse/h5_weights.ts";
import { kerasLayerToSpec } from "../lib/model/io/to_spec/keras_layers.ts";
import { loadRunModel } from "../lib/run/load_model.ts";
import { createReferenceEvaluator } from "../lib/engine/reference.ts";
import { createPlaneEvaluator } from "../lib/engine/mod.ts";
import { LosscapeError } from "../lib/errors.ts";
import {
  cnnModel,
  maxAbsDiff,
  mlpModel,
  ourPredict,
  randomizeWeights,
  ROOT,
  tf,
  tfjsPredict,
} from "./model_io_fixtures.ts";
import {
  buildH5,
  keras3Config,
  writeKeras2Model,
  writeKerasArchive,
  zipBytes,
} from "./keras_files.ts";

const folder = `${ROOT}/formats`;
await Deno.mkdir(folder, { recursive: true });

function sameOutputs(
  model: ReturnType<typeof mlpModel>,
  loaded: Awaited<ReturnType<typeof loadKerasH5>>,
  shape: number[],
) {
  const x = tf.randomNormal([6, ...shape], 0, 1, "float32", 5);
  const diff = maxAbsDiff(ourPredict(loaded, x), tfjsPredict(model, x));
  x.dispose();
  assert.ok(diff < 1e-5, `predictions differ by ${diff}`);
}

/** A 6-8-5 MLP whose last layer is a sigmoid over 5 classes. */
function sigmoidModel() {
  const l = tf.layers;
  return tf.sequential({
    layers: [
      l.dense({ inputShape: [6], units: 8, activation: "relu" }),
      l.dense({ units: 5, activation: "sigmoid" }),
    ],
  });
}

describe("Keras 2 whole-model .h5", () => {
  for (const listConfig of [true, false]) {
    it(`reads model_config with a ${listConfig ? "list (Keras 2.2)" : "dict"} Sequential config`, async () => {
      const model = cnnModel();
      randomizeWeights(model, listConfig ? 51 : 52);
      const path = `${folder}/cnn_${listConfig ? "list" : "dict"}.h5`;
      await writeKeras2Model(model, path, {
        listConfig,
        trainingConfig: { loss: "categorical_crossentropy" },
      });
      const loaded = await loadKerasH5(path);
      assert.equal(loaded.spec.loss, "softmax-cross-entropy");
      sameOutputs(model, loaded, [8, 8, 2]);
    });
  }

  it("matches weights by layer order when the names differ (a model rebuilt in a new session)", async () => {
    const model = mlpModel();
    randomizeWeights(model, 53);
    const path = `${folder}/renamed.h5`;
    const names = model.layers.map((_, i) => `layer_${i + 12}`);
    await writeKeras2Model(model, path, { names, weightsOnly: true });
    const architecture = `${folder}/mlp_topology.json`;
    await Deno.writeTextFile(architecture, model.toJSON(null, true) as string);
    sameOutputs(model, await loadKerasH5(path, { architecture }), [6]);
    // One layer with weights fewer in the architecture: refused, naming both lists.
    const fewer = JSON.parse(model.toJSON(null, true) as string);
    fewer.config.layers.splice(4, 1);
    await Deno.writeTextFile(architecture, JSON.stringify(fewer));
    await assert.rejects(
      loadKerasH5(path, { architecture }),
      /matching by order needs as many layers/,
    );
  });
});

describe("the model's own loss", () => {
  it("a sigmoid output compiled with categorical cross-entropy is scored on probabilities", async () => {
    const model = sigmoidModel();
    randomizeWeights(model, 54);
    const path = `${folder}/sigmoid.keras`;
    await writeKerasArchive(model, path, { compileConfig: { loss: "categorical_crossentropy" } });
    const { spec, params } = await loadKerasH5(path);
    assert.equal(spec.loss, "probability-cross-entropy");
    // Keras's number, by hand from tfjs-layers' outputs: -log(clip(p_y / sum p)).
    const count = 40;
    const x = tf.randomNormal([count, 6], 0, 1, "float32", 55);
    const outputs = tfjsPredict(model, x);
    const features = x.dataSync() as Float32Array;
    x.dispose();
    const y = Int32Array.from({ length: count }, (_, i) => (i * 7) % 5);
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const row = outputs.subarray(i * 5, i * 5 + 5);
      const p = row[y[i]] / row.reduce((a, b) => a + b, 0);
      sum += -Math.log(Math.min(Math.max(p, 1e-7), 1 - 1e-7));
    }
    const want = sum / count;
    const data = { x: features, y, count, features: 6, classes: 5 };
    const reference = await createReferenceEvaluator({ spec, data });
    const tfjsLoss = reference.evaluate(params.values).loss;
    reference.dispose();
    const zero = new Float32Array(params.values.length);
    const engine = await createPlaneEvaluator({
      spec,
      center: params.values,
      d1: zero,
      d2: zero,
      data,
    });
    const loss = new Float32Array(1), accuracy = new Float32Array(1);
    engine.evaluate([0], [0], loss, accuracy);
    engine.dispose();
    assert.ok(Math.abs(tfjsLoss - want) <= 1e-5 * want, `TF.js ${tfjsLoss} vs by hand ${want}`);
    assert.ok(Math.abs(loss[0] - want) <= 1e-5 * want, `engine ${loss[0]} vs by hand ${want}`);
  });

  it("from_logits, a softmax output and a linear one stay on the logits path", async () => {
    const model = sigmoidModel();
    const path = `${folder}/logits.keras`;
    const fromLogits = { class_name: "CategoricalCrossentropy", config: { from_logits: true } };
    await writeKerasArchive(model, path, { compileConfig: { loss: fromLogits } });
    assert.equal((await loadKerasH5(path)).spec.loss, "softmax-cross-entropy");
    const softmax = `${folder}/softmax.h5`;
    await writeKeras2Model(cnnModel(), softmax, {
      trainingConfig: { loss: "sparse_categorical_crossentropy" },
    });
    assert.equal((await loadKerasH5(softmax)).spec.loss, "softmax-cross-entropy");
    await writeKeras2Model(mlpModel(), softmax, {
      trainingConfig: { loss: "categorical_crossentropy" },
    });
    assert.equal((await loadKerasH5(softmax)).spec.loss, "softmax-cross-entropy");
  });
});

describe("augmentation layers", () => {
  it("are the identity at inference: read as a linear activation", () => {
    for (const className of ["RandomRotation", "RandomFlip", "GaussianNoise", "RandomHeight"]) {
      const { layer } = kerasLayerToSpec(className, { name: "aug", factor: 0.1 }, "config.json");
      assert.deepEqual(layer, { type: "activation", name: "aug", activation: "linear" });
    }
    assert.throws(
      () => kerasLayerToSpec("Resizing", { name: "r" }, "m"),
      /unsupported layer class/,
    );
  });
});

describe("errors that name the format", () => {
  it("a .keras given as weights, JSON as weights, HDF5 that is not Keras, npz weights", async () => {
    const archive = `${folder}/as_weights.keras`;
    await writeKerasArchive(mlpModel(), archive);
    await assert.rejects(
      readKerasH5(archive),
      /a zip archive \(a Keras 3 \.keras model\?\), not HDF5/,
    );
    const json = `${folder}/not_weights.json`;
    await Deno.writeTextFile(json, "{}");
    await assert.rejects(readKerasH5(json), /a JSON file: expected Keras weights in HDF5/);
    const other = `${folder}/other.h5`;
    await Deno.writeFile(other, await buildH5((file) => file.create_group("images")));
    await assert.rejects(
      readKerasH5(other),
      /an HDF5 file, but not Keras weights.*entries: images/,
    );
    const keras1 = `${folder}/keras1.h5`;
    await Deno.writeFile(
      keras1,
      await buildH5((file) => {
        file.create_attribute("nb_layers", 1);
        file.create_group("layer_0");
      }),
    );
    await assert.rejects(readKerasH5(keras1), /Keras 1\.0 \(or older\) weights/);
    const npz = `${folder}/npz.keras`;
    const config = new TextEncoder().encode(JSON.stringify(keras3Config(mlpModel())));
    await Deno.writeFile(
      npz,
      zipBytes([["config.json", config], ["model.weights.npz", new Uint8Array(4)]]),
    );
    await assert.rejects(loadKerasH5(npz), /model\.weights\.npz: only the default HDF5 weights/);
  });
});

describe("--model in a run", () => {
  const data = {
    x: new Float32Array(6),
    y: new Int32Array([0]),
    count: 1,
    features: 6,
    classes: 3,
  };

  it("takes .h5, .keras and a Keras topology .json (trained from scratch without weights)", async () => {
    const model = mlpModel();
    randomizeWeights(model, 56);
    const h5 = `${folder}/run.h5`, keras = `${folder}/run.keras`, topology = `${folder}/run.json`;
    await writeKeras2Model(model, h5);
    await writeKerasArchive(model, keras);
    await Deno.writeTextFile(topology, JSON.stringify(keras3Config(model)));
    const fromH5 = await loadRunModel(h5, "", data);
    const fromKeras = await loadRunModel(keras, "", data);
    assert.ok(
      fromH5.source.includes("Keras .h5") && fromKeras.source.includes("Keras 3.3.3 .keras"),
    );
    assert.deepEqual(Array.from(fromH5.initialParams!), Array.from(fromKeras.initialParams!));
    const fresh = await loadRunModel(topology, "", data);
    assert.equal(fresh.initialParams, undefined);
    assert.equal(fresh.spec.layers.length, fromKeras.spec.layers.length);
    const withWeights = await loadRunModel(topology, h5, data);
    assert.deepEqual(Array.from(withWeights.initialParams!), Array.from(fromH5.initialParams!));
  });

  it("refuses other files and weights-only files with one line", async () => {
    await assert.rejects(
      loadRunModel(`${folder}/model.pb`, "", data),
      (error) =>
        error instanceof LosscapeError && /\.h5, \.hdf5 or \.keras file: got/.test(error.message),
    );
    const weightsOnly = `${folder}/weights_only.h5`;
    await writeKeras2Model(mlpModel(), weightsOnly, { weightsOnly: true });
    await assert.rejects(loadRunModel(weightsOnly, "", data), /--model arch\.json --weights/);
  });
});
