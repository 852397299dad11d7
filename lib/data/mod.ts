/**
 * Datasets: the in-memory format and the built-in MNIST digits.
 * @module
 */
export * from "./dataset.ts";
export * from "./mnist.ts";
