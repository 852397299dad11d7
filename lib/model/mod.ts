/**
 * Networks: flat parameter layouts, the MLP spec and initialisers.
 * @module
 */
export * from "./layout.ts";
export * from "./mlp.ts";
export * from "./init.ts";
