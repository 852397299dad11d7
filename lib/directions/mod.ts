/**
 * Directions in weight space: random directions with every normalisation, orthogonalisation,
 * direction files, lines and planes through given models, and the principal plane of a
 * trajectory.
 * @module
 */
export {
  decodeDirections,
  encodeDirections,
  readDirectionsFile,
  writeDirectionsFile,
} from "./direction_file.ts";
export {
  type BiasMode,
  type DirectionOptions,
  filterNormalize,
  filterNormalizedDirection,
} from "./filter_normalize.ts";
export {
  interpolationLine,
  type ModelPlane,
  type PlaneMarker,
  threeModelPlane,
} from "./model_plane.ts";
export {
  BIAS_TREATMENTS,
  type BiasTreatment,
  type Normalization,
  NORMALIZATIONS,
  normalizeDirection,
  type NormalizeOptions,
  randomDirection,
} from "./normalize.ts";
export {
  cosineSimilarity,
  dotProduct,
  orthogonalize,
  type OrthogonalizeOptions,
} from "./orthogonalize.ts";
export {
  type PrincipalPlane,
  principalPlane,
  type ProjectedPath,
  projectTrajectory,
} from "./pca.ts";

// Types of other entries that this entry's functions take or return (type-only: nothing loads).
export type { ParamLayout } from "../model/layout.ts";
export type { TensorSlot } from "../model/layout.ts";
export type { TensorRole } from "../model/layout.ts";
