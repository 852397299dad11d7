// Writers of Keras files in the layouts Keras itself writes, for the Keras I/O tests (no Python
// Keras here): Keras 3 `.weights.h5` (layers/<class_snake>[_n]/vars/<i>), `.keras` zips
// (config.json, metadata.json, model.weights.h5; deflated or stored entries, CRC-32 checked by
// any unzip), Keras 3 config.json objects converted from a TF.js model's Keras 2 topology, and
// Keras 2 whole-model `.h5` files with a list or a dict Sequential config.
import h5wasm from "npm:h5wasm@0.10.3";
import { deflateRawSync } from "node:zlib";
import type { LayersModel } from "npm:@tensorflow/tfjs-layers@4.22.0";
import { snakeCase } from "../lib/model/io/parse/keras3_weights.ts";

type H5Group = InstanceType<typeof h5wasm.Group>;

/** Builds an HDF5 file in h5wasm's memory and returns its bytes. */
export async function buildH5(fill: (file: InstanceType<typeof h5wasm.File>) => void) {
  const { FS } = await h5wasm.ready;
  const memory = `/fixture-${crypto.randomUUID()}.h5`;
  const file = new h5wasm.File(memory, "w");
  fill(file);
  file.close();
  const bytes = FS!.readFile(memory) as Uint8Array;
  FS!.unlink(memory);
  return bytes;
}

/** A TF.js model's layers as Keras sees them: class, config, and weights in Keras's order. */
function layersOf(model: LayersModel) {
  const topology = JSON.parse(model.toJSON(null, true) as string);
  const configs = topology.config.layers as { class_name: string; config: { name: string } }[];
  return configs.map((layer) => {
    const ours = model.layers.find((l) => l.name === layer.config.name);
    return {
      className: layer.class_name,
      weights: (ours?.weights ?? []).map((w) => ({
        shape: w.shape as number[],
        values: w.read().dataSync() as Float32Array,
      })),
    };
  });
}

/** Keras 3 `save_weights` bytes: `layers/<snake>[_n]/vars/<i>`, an empty root `vars`. */
export function keras3WeightsBytes(model: LayersModel): Promise<Uint8Array> {
  return buildH5((file) => {
    file.create_group("vars");
    const layers = file.create_group("layers");
    const counters = new Map<string, number>();
    for (const layer of layersOf(model)) {
      const base = snakeCase(layer.className);
      const count = counters.get(base) ?? 0;
      counters.set(base, count + 1);
      const group = layers.create_group(count === 0 ? base : `${base}_${count}`);
      const vars = group.create_group("vars") as H5Group;
      layer.weights.forEach((weight, i) =>
        vars.create_dataset({ name: `${i}`, data: weight.values, shape: weight.shape, dtype: "<f" })
      );
    }
    file.create_group("optimizer").create_group("vars");
  });
}

const module = (className: string) =>
  className === "Sequential" || className === "Functional" ? "keras" : "keras.layers";

/**
 * A TF.js model's topology as Keras 3 serialises it in config.json: module/registered_name
 * wrappers, an InputLayer with `batch_shape`, Functional edges as `__keras_tensor__` args
 * with `keras_history`, and an optional compile_config.
 */
export function keras3Config(model: LayersModel, compileConfig?: unknown): Record<string, unknown> {
  const topology = JSON.parse(model.toJSON(null, true) as string);
  const wrap = (class_name: string, config: unknown, extra: object = {}) => ({
    module: module(class_name),
    class_name,
    config,
    registered_name: null,
    ...extra,
  });
  const functional = topology.class_name !== "Sequential";
  const layers = (topology.config.layers as Record<string, unknown>[]).map((layer) => {
    const config = { ...(layer.config as Record<string, unknown>) };
    const batch = config.batch_input_shape;
    delete config.batch_input_shape;
    if (layer.class_name === "InputLayer") {
      return wrap("InputLayer", { batch_shape: batch, dtype: "float32", name: config.name }, {
        name: config.name,
        inbound_nodes: [],
      });
    }
    if (!functional) return wrap(layer.class_name as string, config);
    const tensor = (source: unknown[]) => ({
      class_name: "__keras_tensor__",
      config: { shape: null, dtype: "float32", keras_history: [source[0], source[1], source[2]] },
    });
    const inbound = (layer.inbound_nodes as unknown[][][]).map((node) => ({
      args: node.length === 1 ? [tensor(node[0])] : [node.map(tensor)],
      kwargs: {},
    }));
    return wrap(layer.class_name as string, config, { name: config.name, inbound_nodes: inbound });
  });
  if (!functional) {
    const first = (topology.config.layers[0].config.batch_input_shape) as unknown[];
    layers.unshift(
      wrap("InputLayer", { batch_shape: first, dtype: "float32", name: "input_layer" }),
    );
  }
  const config = functional
    ? {
      name: "functional",
      layers,
      input_layers: topology.config.input_layers[0],
      output_layers: topology.config.output_layers[0],
    }
    : { name: "sequential", trainable: true, layers };
  return wrap(functional ? "Functional" : "Sequential", config, {
    build_config: { input_shape: null },
    ...(compileConfig ? { compile_config: compileConfig } : {}),
  });
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Uint8Array) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A zip archive as Python's zipfile writes one: local headers, data, central directory. */
export function zipBytes(files: [string, Uint8Array][], method: 0 | 8 = 8): Uint8Array {
  const parts: Uint8Array[] = [], directory: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBytes = new TextEncoder().encode(name);
    const stored = method === 8 ? new Uint8Array(deflateRawSync(data)) : data;
    const header = new Uint8Array(30 + nameBytes.length);
    const h = new DataView(header.buffer);
    h.setUint32(0, 0x04034b50, true);
    h.setUint16(4, 20, true);
    h.setUint16(8, method, true);
    h.setUint32(14, crc32(data), true);
    h.setUint32(18, stored.length, true);
    h.setUint32(22, data.length, true);
    h.setUint16(26, nameBytes.length, true);
    header.set(nameBytes, 30);
    const entry = new Uint8Array(46 + nameBytes.length);
    const e = new DataView(entry.buffer);
    e.setUint32(0, 0x02014b50, true);
    e.setUint16(4, 20, true);
    e.setUint16(6, 20, true);
    e.setUint16(10, method, true);
    e.setUint32(16, crc32(data), true);
    e.setUint32(20, stored.length, true);
    e.setUint32(24, data.length, true);
    e.setUint16(28, nameBytes.length, true);
    e.setUint32(42, offset, true);
    entry.set(nameBytes, 46);
    parts.push(header, stored);
    directory.push(entry);
    offset += header.length + stored.length;
  }
  const size = directory.reduce((n, d) => n + d.length, 0);
  const end = new Uint8Array(22);
  const v = new DataView(end.buffer);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, files.length, true);
  v.setUint16(10, files.length, true);
  v.setUint32(12, size, true);
  v.setUint32(16, offset, true);
  const all = [...parts, ...directory, end];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  all.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/** Writes `model.save("m.keras")`'s archive for a TF.js model. */
export async function writeKerasArchive(
  model: LayersModel,
  path: string,
  { compileConfig, method = 8, version = "3.3.3" }: {
    compileConfig?: unknown;
    method?: 0 | 8;
    version?: string;
  } = {},
): Promise<void> {
  const text = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  await Deno.writeFile(
    path,
    zipBytes([
      ["metadata.json", text({ keras_version: version, date_saved: "2024-05-01@12:00:00" })],
      ["config.json", text(keras3Config(model, compileConfig))],
      ["model.weights.h5", await keras3WeightsBytes(model)],
    ], method),
  );
}

/**
 * Writes a Keras 2 whole-model `.h5` (`model.save("m.h5")`): `model_weights/<layer>/<layer>/
 * <weight>:0`, `layer_names` / `weight_names` as byte strings, and `model_config` with the
 * Sequential config as a list (Keras 2.2) or a dict (later), plus a training_config.
 */
export async function writeKeras2Model(
  model: LayersModel,
  path: string,
  { listConfig = false, trainingConfig, names, weightsOnly = false }: {
    listConfig?: boolean;
    trainingConfig?: unknown;
    names?: string[];
    weightsOnly?: boolean;
  } = {},
): Promise<void> {
  const layerNames = names ?? model.layers.map((layer) => layer.name);
  const bytes = await buildH5((file) => {
    const root = weightsOnly ? file : file.create_group("model_weights");
    const strings = (group: H5Group, name: string, list: string[]) =>
      group.create_attribute(
        name,
        list,
        [list.length],
        `S${Math.max(1, ...list.map((s) => s.length))}`,
      );
    strings(root as H5Group, "layer_names", layerNames);
    model.layers.forEach((layer, index) => {
      const name = layerNames[index];
      const group = (root as H5Group).create_group(name) as H5Group;
      const weightNames = layer.weights.map((w) => `${name}/${w.originalName.split("/").at(-1)}:0`);
      strings(group, "weight_names", weightNames);
      if (layer.weights.length > 0) {
        const inner = group.create_group(name) as H5Group;
        layer.weights.forEach((weight, i) =>
          inner.create_dataset({
            name: weightNames[i].split("/")[1],
            data: weight.read().dataSync() as Float32Array,
            shape: weight.shape as number[],
            dtype: "<f",
          })
        );
      }
    });
    if (!weightsOnly) {
      const topology = JSON.parse(model.toJSON(null, true) as string);
      if (listConfig) topology.config = topology.config.layers;
      topology.keras_version = listConfig ? "2.2.4" : "2.6.0";
      topology.backend = "tensorflow";
      file.create_attribute("model_config", JSON.stringify(topology));
      file.create_attribute("keras_version", listConfig ? "2.2.4" : "2.6.0");
      if (trainingConfig) file.create_attribute("training_config", JSON.stringify(trainingConfig));
    }
  });
  await Deno.writeFile(path, bytes);
}
