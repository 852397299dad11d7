/**
 * Bring your own model: load TF.js Layers models (`model.json` + shards), Keras `.h5` /
 * `.weights.h5` weights and `.keras` archives into our spec and parameters, and write models back
 * in the TF.js Layers format. The folder reads in one direction and writes in the other:
 * `parse/` (zip, HDF5, weight manifests and Keras topologies as plain data) -> `to_spec/` (Keras
 * layers and graphs to our spec, weights to our flat parameters); `from_spec/` (our spec as a
 * Keras topology) -> `formats/` (the whole files, both ways); `keras/` holds the Keras words used
 * both ways (activations, losses, preprocessing layers). Importing this entry loads h5wasm.
 * @module
 */
export {
  type LoadedModel,
  loadLayersModel,
  type LoadModelOptions,
} from "./formats/load_layers_model.ts";
export {
  type LayersModelArtifacts,
  modelArtifacts,
  WEIGHT_SHARD,
  writeLayersModel,
} from "./formats/write_layers_model.ts";
export { loadKerasH5, type LoadKerasH5Options } from "./formats/load_keras_h5.ts";
export {
  type LoadedKerasArchive,
  loadKerasArchive,
  type LoadKerasArchiveOptions,
} from "./formats/load_keras_archive.ts";
export { type KerasH5, readKerasH5, readKerasH5Bytes } from "./parse/h5_weights.ts";
export { readWeightsManifest } from "./parse/weights_manifest.ts";
export { type KerasTopologyOptions, kerasTopologyToSpec } from "./to_spec/keras_model.ts";
export { kerasTopology } from "./from_spec/keras_export.ts";

// Types of other entries that this entry's functions take or return (type-only: nothing loads).
export type { ConvertedGraph } from "./to_spec/keras_graph.ts";
export type { Keras3Vars } from "./parse/keras3_weights.ts";
export type { LossName } from "../spec.ts";
export type { ModelSpec } from "../spec.ts";
export type { Params } from "../layout.ts";
export type { ResolvedModel } from "../resolve.ts";
export type { StoredWeight } from "./parse/weights_manifest.ts";
export type { WeightEntry } from "./parse/weights_manifest.ts";
export type { InitName } from "../init.ts";
export type { LayerSpec } from "../spec.ts";
export type { ParamLayout } from "../layout.ts";
export type { ResolvedLayer } from "../resolve.ts";
export type { SpecFill } from "./keras/keras_preprocess.ts";
export type { StoredVar } from "./parse/keras3_weights.ts";
export type { WeightSource } from "./to_spec/keras_graph.ts";
export type { ActivationLayer } from "../spec.ts";
export type { BatchNormLayer } from "../spec.ts";
export type { Conv2dLayer } from "../spec.ts";
export type { DenseLayer } from "../spec.ts";
export type { DropoutLayer } from "../spec.ts";
export type { FlattenLayer } from "../spec.ts";
export type { GlobalAvgPoolLayer } from "../spec.ts";
export type { NormalizationLayer } from "../spec_preprocess.ts";
export type { Pool2dLayer } from "../spec.ts";
export type { RescalingLayer } from "../spec_preprocess.ts";
export type { ReshapeLayer } from "../spec_preprocess.ts";
export type { ResidualLayer } from "../spec.ts";
export type { ResolvedTensor } from "../resolved_layer.ts";
export type { TensorSlot } from "../layout.ts";
export type { ActivationName } from "../spec.ts";
export type { LayerBase } from "../spec.ts";
export type { Pair } from "../spec.ts";
export type { TensorRole } from "../layout.ts";
