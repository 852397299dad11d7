/**
 * Training on TF.js (WASM backend): the loop, its records and evaluation; optimisers,
 * learning-rate schedules, weight decay, gradient clipping and augmentation.
 * @module
 */
export * from "./tfjs.ts";
export * from "./history.ts";
export * from "./optimizers.ts";
export * from "./schedules.ts";
export * from "./weight_decay.ts";
export * from "./clip.ts";
export * from "./augment.ts";
export * from "./train_model.ts";
export * from "./moving_statistics.ts";
export * from "./checkpoint_files.ts";
