/**
 * Networks: flat parameter layouts, the MLP spec and initialisers (He, Glorot, LeCun).
 * @module
 */
export * from "./layout.ts";
export * from "./mlp.ts";
export * from "./init.ts";
export * from "./spec.ts";
export * from "./spec_preprocess.ts";
export * from "./loss_form.ts";
export * from "./resolve.ts";
export * from "./model_layout.ts";
export * from "./presets.ts";
export * from "./init_model.ts";
export * from "./io/mod.ts";
export * from "./resolve_layer.ts";
