/**
 * Directions in weight space: random directions with every normalisation, orthogonalisation,
 * direction files, lines and planes through given models, and the principal plane of a
 * trajectory.
 * @module
 */
export * from "./direction_file.ts";
export * from "./filter_normalize.ts";
export * from "./model_plane.ts";
export * from "./normalize.ts";
export * from "./orthogonalize.ts";
export * from "./pca.ts";
export * from "./symmetric_eigen.ts";
