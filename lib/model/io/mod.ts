/**
 * Bring your own model: load TF.js Layers models (`model.json` + shards) and Keras `.h5`
 * weights into our spec and parameters, and write models back in the TF.js Layers format.
 * @module
 */
export * from "./load_layers_model.ts";
export * from "./write_layers_model.ts";
export * from "./load_keras_h5.ts";
export * from "./load_keras_archive.ts";
export * from "./keras3_weights.ts";
export * from "./keras_preprocess.ts";
export * from "./weights_by_order.ts";
export * from "./zip_archive.ts";
export * from "./h5_weights.ts";
export * from "./weights_manifest.ts";
export * from "./fill_params.ts";
export * from "./keras_topology.ts";
export * from "./keras_graph.ts";
export * from "./keras_layers.ts";
export * from "./keras_activation.ts";
export * from "./keras_loss.ts";
export * from "./keras_model.ts";
export * from "./keras_export.ts";
export * from "./keras_names.ts";
