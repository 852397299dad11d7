/**
 * Networks: model specs and presets, the resolver (every layer default filled once), flat
 * parameter layouts and initialisers (He, Glorot, LeCun).
 * @module
 */
export * from "./layout.ts";
export * from "./init.ts";
export * from "./spec.ts";
export * from "./spec_preprocess.ts";
export * from "./loss_form.ts";
export * from "./layer_defaults.ts";
export * from "./resolved_layer.ts";
export * from "./resolve.ts";
export { modelLayout } from "./model_layout.ts";
export * from "./presets.ts";
export * from "./init_model.ts";
export * from "./io/mod.ts";
export { windowPads } from "./resolve_window.ts";
