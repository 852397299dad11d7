/**
 * Bring your own model: load TF.js Layers models (`model.json` + shards) and Keras `.h5`
 * weights into our spec and parameters, and write models back in the TF.js Layers format.
 * @module
 */
export * from "./formats/load_layers_model.ts";
export * from "./formats/write_layers_model.ts";
export * from "./formats/load_keras_h5.ts";
export * from "./formats/load_keras_archive.ts";
export * from "./parse/keras3_weights.ts";
export * from "./keras/keras_preprocess.ts";
export * from "./to_spec/weights_by_order.ts";
export * from "./parse/zip_archive.ts";
export * from "./parse/h5_weights.ts";
export * from "./parse/weights_manifest.ts";
export * from "./to_spec/fill_params.ts";
export * from "./parse/keras_topology.ts";
export * from "./to_spec/keras_graph.ts";
export * from "./to_spec/keras_layers.ts";
export * from "./keras/keras_activation.ts";
export * from "./keras/keras_loss.ts";
export * from "./to_spec/keras_model.ts";
export * from "./from_spec/keras_export.ts";
export * from "./from_spec/keras_names.ts";
