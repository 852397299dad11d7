// TF.js Layers models in and out: every supported layer, residual blocks from functional
// graphs, predictions equal to tfjs-layers within 1e-5 both ways.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadLayersModel } from "../lib/model/io/formats/load_layers_model.ts";
import { writeLayersModel } from "../lib/model/io/formats/write_layers_model.ts";
import {
  cnnModel,
  loadTfjsModel,
  maxAbsDiff,
  mlpModel,
  ourPredict,
  randomizeWeights,
  residualMlpModel,
  resnetModel,
  ROOT,
  saveTfjsModel,
  tf,
  tfjsPredict,
} from "./model_io_fixtures.ts";

const cases = [
  { name: "mlp", build: mlpModel, input: [6], shards: 1 },
  { name: "cnn", build: cnnModel, input: [8, 8, 2], shards: 3 },
  { name: "resnet", build: resnetModel, input: [8, 8, 3], shards: 2 },
  { name: "residual_mlp", build: residualMlpModel, input: [5], shards: 1 },
];

describe("loadLayersModel and writeLayersModel", () => {
  for (const [index, { name, build, input, shards }] of cases.entries()) {
    it(`${name}: our forward pass matches tfjs-layers, and our files load back in tfjs`, async () => {
      const model = build();
      randomizeWeights(model, 10 * index);
      const folder = `${ROOT}/${name}`;
      await Deno.remove(folder, { recursive: true }).catch(() => {});
      const path = await saveTfjsModel(model, folder, { shards });
      const x = tf.randomNormal([7, ...input], 0, 1, "float32", 99);
      const expected = tfjsPredict(model, x);

      const loaded = await loadLayersModel(path);
      assert.ok(maxAbsDiff(ourPredict(loaded, x), expected) < 1e-5, "loaded model differs");

      const written = await writeLayersModel(`${folder}/ours`, loaded.spec, loaded.params);
      const reloaded = await loadTfjsModel(written);
      assert.ok(maxAbsDiff(tfjsPredict(reloaded, x), expected) < 1e-5, "tfjs reload differs");

      const again = await loadLayersModel(written);
      assert.deepEqual(again.spec, loaded.spec);
      assert.deepEqual(again.params.values, loaded.params.values);
    });
  }

  it("maps the residual blocks and BN center/scale false", async () => {
    const model = resnetModel();
    randomizeWeights(model, 5);
    const path = await saveTfjsModel(model, `${ROOT}/resnet_layers`);
    const { spec, params } = await loadLayersModel(path);
    const blocks = spec.layers.filter((layer) => layer.type === "residual");
    assert.deepEqual(
      blocks.map((b) => b.type === "residual" && [b.shortcut, b.activation, b.layers.length]),
      [["identity", "relu", 2], ["projection", "leaky-relu", 3], ["identity", "linear", 1]],
    );
    const bn = params.layout.tensors.filter((t) => t.role === "gamma" || t.role === "beta");
    const stemGamma = bn.find((t) => t.role === "gamma")!;
    assert.ok(params.values.subarray(stemGamma.offset, stemGamma.offset + 4).every((v) => v === 1));
    assert.equal(spec.loss, "softmax-cross-entropy");
  });

  it("reads the loss from trainingConfig, and the caller overrides it", async () => {
    const model = residualMlpModel();
    const trainingConfig = { loss: "mean_squared_error", optimizer_config: {} };
    const path = await saveTfjsModel(model, `${ROOT}/loss`, { trainingConfig });
    assert.equal((await loadLayersModel(path)).spec.loss, "mse");
    const overridden = await loadLayersModel(path, { loss: "binary-cross-entropy" });
    assert.equal(overridden.spec.loss, "binary-cross-entropy");
    const plain = await saveTfjsModel(model, `${ROOT}/loss_default`);
    assert.equal((await loadLayersModel(plain)).spec.loss, "binary-cross-entropy");
  });
});
