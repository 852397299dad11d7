/**
 * Datasets: the in-memory format, the built-in MNIST digits, synthetic 2D sets, loaders for
 * IDX, `.npy` and CSV files, splits and feature scaling.
 * @module
 */
export * from "./dataset.ts";
export * from "./mnist.ts";
export * from "./synthetic.ts";
export * from "./read_file.ts";
export * from "./checks.ts";
export * from "./idx.ts";
export * from "./npy_data.ts";
export * from "./csv.ts";
export * from "./split.ts";
export * from "./preprocess.ts";
