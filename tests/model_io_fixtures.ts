// Fixtures for the model I/O tests: TF.js Layers models covering every supported layer, saved
// with a custom save handler into model.json + shards under .tmp/, and helpers to compare our
// forward pass with tfjs-layers' predictions.
import { loadTfjs } from "../lib/train/tfjs.ts";
import { modelForward } from "../lib/train/model_forward.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { tensorView } from "../lib/model/layout.ts";
import type { LoadedModel } from "../lib/model/io/formats/load_layers_model.ts";
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import {
  input,
  layers,
  type LayersModel,
  loadLayersModel,
  model,
  sequential,
  type SymbolicTensor,
} from "npm:@tensorflow/tfjs-layers@4.22.0";

// losscape runs on tfjs-core; the reference models come from tfjs-layers, beside it in tests only.
export const tf = { ...await loadTfjs(), layers, sequential, model, input, loadLayersModel };
export const ROOT = ".tmp/model_io_test";

type Apply = (input: SymbolicTensor) => SymbolicTensor;
const chain = (x: SymbolicTensor, ...layers: { apply: unknown }[]) =>
  layers.reduce((h, layer) => (layer.apply as Apply)(h), x);

/** Gives every weight seeded random values (moving variances positive). */
export function randomizeWeights(model: LayersModel, seed: number): void {
  model.setWeights(model.weights.map((weight, i) => {
    const variance = weight.originalName.endsWith("moving_variance");
    const shape = weight.shape as number[];
    return variance
      ? tf.randomUniform(shape, 0.5, 1.5, "float32", seed + i)
      : tf.randomNormal(shape, 0, 0.4, "float32", seed + i);
  }));
}

/** An MLP with every activation and dense-friendly layer. */
export function mlpModel(): LayersModel {
  const l = tf.layers;
  return tf.sequential({
    layers: [
      l.dense({ inputShape: [6], units: 8, activation: "relu", name: "d0" }),
      l.dropout({ rate: 0.3 }),
      l.dense({ units: 7, activation: "elu" }),
      l.batchNormalization({ epsilon: 0.01, momentum: 0.9 }),
      l.dense({ units: 7, activation: "tanh", useBias: false }),
      l.leakyReLU({ alpha: 0.1 }),
      l.dense({ units: 6, activation: "gelu" }),
      l.elu(),
      l.dense({ units: 5, activation: "sigmoid" }),
      l.activation({ activation: "linear" }),
      l.dense({ units: 3, activation: "softmax" }),
    ],
  });
}

/** A small CNN: conv, both poolings, BN without beta, ReLU/ELU layers, flatten. */
export function cnnModel(): LayersModel {
  const l = tf.layers;
  return tf.sequential({
    layers: [
      l.inputLayer({ inputShape: [8, 8, 2] }),
      l.conv2d({ filters: 4, kernelSize: 3, padding: "same", activation: "relu" }),
      l.batchNormalization({ center: false }),
      l.maxPooling2d({ poolSize: 2 }),
      l.conv2d({ filters: 5, kernelSize: [2, 2], strides: 2, useBias: false }),
      l.elu(),
      l.reLU(),
      l.averagePooling2d({ poolSize: 2, strides: 1, padding: "same" }),
      l.flatten(),
      l.dense({ units: 4 }),
    ],
  });
}

/** A functional ResNet: identity and projection blocks, BN without gamma, GAP. */
export function resnetModel(): LayersModel {
  const l = tf.layers;
  const input = tf.input({ shape: [8, 8, 3] });
  const stem = chain(
    input,
    l.conv2d({ filters: 4, kernelSize: 3, padding: "same" }),
    l.batchNormalization({ scale: false }),
    l.reLU(),
  );
  const body1 = chain(
    stem,
    l.conv2d({ filters: 4, kernelSize: 3, padding: "same", activation: "relu" }),
    l.conv2d({ filters: 4, kernelSize: 3, padding: "same" }),
  );
  const block1 = chain(l.add().apply([stem, body1]) as SymbolicTensor, l.reLU());
  const body2 = chain(
    block1,
    l.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: "same", activation: "relu" }),
    l.batchNormalization(),
    l.conv2d({ filters: 6, kernelSize: 3, padding: "same" }),
  );
  const skip2 = chain(block1, l.conv2d({ filters: 6, kernelSize: 1, strides: 2 }));
  const block2 = chain(l.add().apply([body2, skip2]) as SymbolicTensor, l.leakyReLU());
  const body3 = chain(block2, l.conv2d({ filters: 6, kernelSize: 3, padding: "same" }));
  const block3 = l.add().apply([body3, block2]) as SymbolicTensor;
  const output = chain(
    block3,
    l.globalAveragePooling2d({}),
    l.dense({ units: 3, activation: "softmax" }),
  );
  return tf.model({ inputs: input, outputs: output });
}

/** A functional MLP with a Dense projection shortcut and a sigmoid output. */
export function residualMlpModel(): LayersModel {
  const l = tf.layers;
  const input = tf.input({ shape: [5] });
  const body = chain(input, l.dense({ units: 6, activation: "tanh" }), l.dense({ units: 6 }));
  const skip = chain(input, l.dense({ units: 6 }));
  const block = chain(
    l.add().apply([body, skip]) as SymbolicTensor,
    l.activation({ activation: "gelu" }),
  );
  return tf.model({
    inputs: input,
    outputs: l.dense({ units: 1, activation: "sigmoid" }).apply(block) as SymbolicTensor,
  });
}

/**
 * Saves a TF.js model as model.json + shards (split into `shards` files) via a save handler.
 * Returns the model.json path and the parsed JSON.
 */
export async function saveTfjsModel(
  model: LayersModel,
  folder: string,
  { shards = 1, trainingConfig }: { shards?: number; trainingConfig?: unknown } = {},
): Promise<string> {
  await Deno.mkdir(folder, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const data = new Uint8Array(artifacts.weightData as ArrayBuffer);
    const size = Math.ceil(data.byteLength / shards / 4) * 4;
    const paths = [];
    for (let i = 0; i < shards; i++) {
      const path = `group1-shard${i + 1}of${shards}.bin`;
      await Deno.writeFile(`${folder}/${path}`, data.subarray(i * size, (i + 1) * size));
      paths.push(path);
    }
    const json = {
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      modelTopology: artifacts.modelTopology,
      ...(trainingConfig ? { trainingConfig } : {}),
      weightsManifest: [{ paths, weights: artifacts.weightSpecs }],
    };
    await Deno.writeTextFile(`${folder}/model.json`, JSON.stringify(json));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
  }));
  return `${folder}/model.json`;
}

/** Loads model.json + shards into tfjs-layers with a custom IOHandler (no file:// handler). */
export async function loadTfjsModel(path: string): Promise<LayersModel> {
  const folder = path.slice(0, path.lastIndexOf("/") + 1);
  const json = JSON.parse(await Deno.readTextFile(path));
  const group = json.weightsManifest[0];
  const shards = await Promise.all(group.paths.map((p: string) => Deno.readFile(folder + p)));
  const bytes = new Uint8Array(shards.reduce((n: number, s: Uint8Array) => n + s.length, 0));
  shards.reduce((at: number, s: Uint8Array) => (bytes.set(s, at), at + s.length), 0);
  return await tf.loadLayersModel({
    load: () =>
      Promise.resolve({
        modelTopology: json.modelTopology,
        trainingConfig: json.trainingConfig,
        weightSpecs: group.weights,
        weightData: bytes.buffer,
      }),
  });
}

/** Our forward pass (no fused activation) of a loaded model on a batch. */
export function ourPredict(model: LoadedModel, x: Tensor): Float32Array {
  const resolved = resolveModel(model.spec);
  const byName = new Map(model.params.layout.tensors.map((slot) => [slot.name, slot]));
  return tf.tidy(() => {
    const param = (name: string) => {
      const slot = byName.get(name)!;
      return tf.tensor(tensorView(model.params.values, slot), slot.shape);
    };
    return modelForward(tf, resolved, param, x, { fuseFinalActivation: false }).dataSync();
  }) as Float32Array;
}

/** tfjs-layers' predictions. */
export function tfjsPredict(model: LayersModel, x: Tensor): Float32Array {
  return tf.tidy(() => (model.predict(x) as Tensor).dataSync()) as Float32Array;
}

/** Largest absolute difference between two arrays of equal length. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  return a.reduce((max, value, i) => Math.max(max, Math.abs(value - b[i])), 0);
}
