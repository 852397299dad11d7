// Keras 3 files written by the test in the layouts Keras 3 writes (no Python here): `.keras`
// archives (deflated and stored), `.weights.h5` with an architecture, Reshape / Rescaling /
// Normalization models; each loaded and its predictions compared with tfjs-layers' (or, for
// Normalization, which tfjs-layers lacks, with Keras's formula written in TF.js ops).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadKerasArchive } from "../lib/model/io/formats/load_keras_archive.ts";
import { loadKerasH5 } from "../lib/model/io/formats/load_keras_h5.ts";
import { writeLayersModel } from "../lib/model/io/formats/write_layers_model.ts";
import {
  cnnModel,
  loadTfjsModel,
  maxAbsDiff,
  mlpModel,
  ourPredict,
  randomizeWeights,
  resnetModel,
  ROOT,
  tf,
  tfjsPredict,
} from "./model_io_fixtures.ts";
import {
  buildH5,
  keras3Config,
  keras3WeightsBytes,
  writeKerasArchive,
  zipBytes,
} from "./keras_files.ts";

const folder = `${ROOT}/keras3`;
await Deno.mkdir(folder, { recursive: true });

/** A model reading 36 raw values: rescaled, reshaped to an image, convolved. */
function preprocessModel() {
  const l = tf.layers;
  return tf.sequential({
    layers: [
      l.rescaling({ inputShape: [36], scale: 0.5, offset: -0.25 }),
      l.reshape({ targetShape: [6, 6, 1] }),
      l.conv2d({ filters: 3, kernelSize: 3, activation: "relu" }),
      l.flatten(),
      l.dense({ units: 4, activation: "softmax" }),
    ],
  });
}

function check(
  model: ReturnType<typeof cnnModel>,
  loaded: Awaited<ReturnType<typeof loadKerasH5>>,
  shape: number[],
  seed: number,
) {
  const x = tf.randomNormal([5, ...shape], 0, 1, "float32", seed);
  const diff = maxAbsDiff(ourPredict(loaded, x), tfjsPredict(model, x));
  x.dispose();
  assert.ok(diff < 1e-5, `predictions differ by ${diff}`);
}

describe("Keras 3 .keras archives", () => {
  it("a Sequential CNN (deflated entries): weights by class-counter groups, loss from compile_config", async () => {
    const model = cnnModel();
    randomizeWeights(model, 31);
    const path = `${folder}/cnn.keras`;
    await writeKerasArchive(model, path, {
      compileConfig: { loss: { class_name: "function", config: "categorical_crossentropy" } },
    });
    const loaded = await loadKerasArchive(path);
    assert.equal(loaded.kerasVersion, "3.3.3");
    assert.equal(loaded.spec.loss, "softmax-cross-entropy");
    check(model, loaded, [8, 8, 2], 32);
    // loadKerasH5 recognises the archive too.
    check(model, await loadKerasH5(path), [8, 8, 2], 33);
  });

  it("a Functional ResNet (stored entries, keras_history edges)", async () => {
    const model = resnetModel();
    randomizeWeights(model, 34);
    const path = `${folder}/resnet.keras`;
    await writeKerasArchive(model, path, { method: 0, version: "3.13.0" });
    check(model, await loadKerasArchive(path), [8, 8, 3], 35);
  });

  it("Rescaling and Reshape from raw inputs", async () => {
    const model = preprocessModel();
    randomizeWeights(model, 36);
    const path = `${folder}/preprocess.keras`;
    await writeKerasArchive(model, path);
    const loaded = await loadKerasArchive(path);
    assert.deepEqual(loaded.spec.layers.slice(0, 2).map((layer) => layer.type), [
      "rescaling",
      "reshape",
    ]);
    check(model, loaded, [36], 37);
    // Written back in the TF.js Layers format, tfjs-layers reads the same model.
    const written = await writeLayersModel(
      `${folder}/preprocess_written`,
      loaded.spec,
      loaded.params,
    );
    const again = await loadTfjsModel(written);
    check(again, loaded, [36], 38);
    again.dispose();
  });

  it("an adapted Normalization (its mean and variance are weights)", async () => {
    const mean = new Float32Array([0.5, -1, 2]), variance = new Float32Array([4, 0.25, 0]);
    const kernel = new Float32Array([1, -2, 0.5, 3, 0.25, -1]),
      bias = new Float32Array([0.1, -0.2]);
    const config = {
      module: "keras",
      class_name: "Sequential",
      config: {
        name: "sequential",
        layers: [
          { class_name: "InputLayer", config: { batch_shape: [null, 3], name: "input_layer" } },
          {
            class_name: "Normalization",
            config: { name: "normalization", axis: -1, mean: null, variance: null, invert: false },
          },
          {
            class_name: "Dense",
            config: { name: "dense_12", units: 2, activation: "linear", use_bias: true },
          },
        ],
      },
      compile_config: { loss: "mse" },
    };
    const weights = await buildH5((file) => {
      const layers = file.create_group("layers");
      const norm = layers.create_group("normalization").create_group("vars");
      norm.create_dataset({ name: "0", data: mean, shape: [3], dtype: "<f" });
      norm.create_dataset({ name: "1", data: variance, shape: [3], dtype: "<f" });
      norm.create_dataset({ name: "2", data: new BigInt64Array([100n]), shape: [], dtype: "<q" });
      const dense = layers.create_group("dense").create_group("vars");
      dense.create_dataset({ name: "0", data: kernel, shape: [3, 2], dtype: "<f" });
      dense.create_dataset({ name: "1", data: bias, shape: [2], dtype: "<f" });
    });
    const text = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    const path = `${folder}/normalization.keras`;
    await Deno.writeFile(
      path,
      zipBytes([["config.json", text(config)], ["model.weights.h5", weights]]),
    );
    const loaded = await loadKerasArchive(path);
    assert.equal(loaded.spec.loss, "mse");
    const x = tf.tensor2d([[1, 2, 3], [-1, 0.5, 2], [0, 0, 0]]);
    const want = tf.tidy(() => {
      const normalized = tf.div(tf.sub(x, mean), tf.maximum(tf.sqrt(variance), 1e-7));
      return tf.add(tf.matMul(normalized, tf.tensor2d(kernel, [3, 2])), bias).dataSync();
    }) as Float32Array;
    const diff = maxAbsDiff(ourPredict(loaded, x), want);
    x.dispose();
    // A zero variance divides by 1e-7, as in Keras: outputs reach ~1e7, so compare relatively.
    const scale = Math.max(...want.map(Math.abs));
    assert.ok(scale > 1e6 && diff <= 1e-6 * scale, `predictions differ by ${diff} of ${scale}`);
  });
});

describe("Keras 3 .weights.h5", () => {
  it("reads weights by class-counter groups with the architecture from config.json or to_json()", async () => {
    const model = cnnModel();
    randomizeWeights(model, 38);
    const weights = `${folder}/cnn.weights.h5`;
    await Deno.writeFile(weights, await keras3WeightsBytes(model));
    const architecture = `${folder}/cnn_config.json`;
    await Deno.writeTextFile(architecture, JSON.stringify(keras3Config(model)));
    const loaded = await loadKerasH5(weights, { architecture });
    check(model, loaded, [8, 8, 2], 39);
    // Our own spec as the architecture: its layers are named ours, the file's by class.
    const mlp = mlpModel();
    randomizeWeights(mlp, 40);
    const mlpWeights = `${folder}/mlp.weights.h5`;
    await Deno.writeFile(mlpWeights, await keras3WeightsBytes(mlp));
    const mlpArchitecture = `${folder}/mlp_config.json`;
    await Deno.writeTextFile(mlpArchitecture, JSON.stringify(keras3Config(mlp)));
    const { spec } = await loadKerasH5(mlpWeights, { architecture: mlpArchitecture });
    check(mlp, await loadKerasH5(mlpWeights, { architecture: spec }), [6], 41);
  });

  it("says what is missing: no architecture, a group short of variables", async () => {
    const model = cnnModel();
    const weights = `${folder}/alone.weights.h5`;
    await Deno.writeFile(weights, await keras3WeightsBytes(model));
    await assert.rejects(
      loadKerasH5(weights),
      /Keras 3 weights without an architecture.*--model arch\.json --weights/,
    );
    const short = `${folder}/short.weights.h5`;
    await Deno.writeFile(
      short,
      await buildH5((file) =>
        file.create_group("layers").create_group("conv2d").create_group("vars")
      ),
    );
    const architecture = `${folder}/alone_config.json`;
    await Deno.writeTextFile(architecture, JSON.stringify(keras3Config(model)));
    await assert.rejects(
      loadKerasH5(short, { architecture }),
      /layers\/conv2d\/vars": expected 2 variables \(kernel, bias\), found 0/,
    );
  });
});
