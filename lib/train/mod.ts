/**
 * Training on TF.js (WASM backend): the loop, its records and evaluation.
 * @module
 */
export * from "./tfjs.ts";
export * from "./train.ts";
export * from "./history.ts";
