/**
 * Directions in weight space: filter-normalised random directions and the
 * principal plane of a trajectory.
 * @module
 */
export * from "./filter_normalize.ts";
export * from "./pca.ts";
export * from "./symmetric_eigen.ts";
