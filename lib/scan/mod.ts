/**
 * Scanning grids: axes (PCA axes that cover a training path), the tile loop, one plane scanned
 * into a folder with resume, landscape folders, and the HDF5 and `.vtp` surfaces other tools
 * read. h5wasm loads only when an HDF5 surface is written.
 * @module
 */
export {
  axisCoordinates,
  type AxisRange,
  formatAxisRange,
  MAX_AXIS_POINTS,
  parseAxisRange,
} from "./axis_range.ts";
export { linspace } from "./grid.ts";
export type { Landscape } from "./landscape.ts";
export {
  LANDSCAPE_FORMAT,
  readLandscapeFolder,
  type SavedLandscape,
  writeLandscapeFolder,
} from "./landscape_files.ts";
export { pcaAxes } from "./pca_axes.ts";
export {
  planeFingerprint,
  type SamplesFingerprint,
  samplesFingerprint,
  samplesFingerprinter,
} from "./plane_fingerprint.ts";
export { type PlaneJob, type PlaneResult, scanPlaneToFolder } from "./scan_plane_to_folder.ts";
export {
  checkShard,
  missingTiles,
  parseShard,
  pointsOfOtherShards,
  type Shard,
  SHARD_TILE_POINTS,
  shardFolder,
  shardTiles,
} from "./shard.ts";
export {
  buildShardManifest,
  readShardManifest,
  SHARD_FORMAT,
  type ShardManifest,
  type ShardPlane,
  writeShardManifest,
} from "./shard_manifest.ts";
export { MERGE_FORMAT, type MergeResult, mergeShards } from "./merge_shards.ts";
export { type ScanOptions, scanPlane, type ScanState, type TileEvaluator } from "./scan_plane.ts";
export { encodeSurfaceH5, writeSurfaceH5 } from "./surface_h5.ts";
export {
  encodeSurfaceVtp,
  surfaceHeights,
  type VtpOptions,
  writeSurfaceVtp,
} from "./surface_vtp.ts";

// Types of other entries that this entry's functions take or return (type-only: nothing loads).
export type { Dataset } from "../data/dataset.ts";
export type { ModelSpec } from "../model/spec.ts";
export type { ProjectedPath } from "../directions/pca.ts";
export type { WorkerPool } from "../engine/mod.ts";
export type { InitName } from "../model/init.ts";
export type { KernelVariant } from "../engine/mod.ts";
export type { LayerSpec } from "../model/spec.ts";
export type { LossName } from "../model/spec.ts";
export type { ActivationLayer } from "../model/spec.ts";
export type { BatchNormLayer } from "../model/spec.ts";
export type { Conv2dLayer } from "../model/spec.ts";
export type { DenseLayer } from "../model/spec.ts";
export type { DropoutLayer } from "../model/spec.ts";
export type { FlattenLayer } from "../model/spec.ts";
export type { GlobalAvgPoolLayer } from "../model/spec.ts";
export type { NormalizationLayer } from "../model/spec_preprocess.ts";
export type { Pool2dLayer } from "../model/spec.ts";
export type { RescalingLayer } from "../model/spec_preprocess.ts";
export type { ReshapeLayer } from "../model/spec_preprocess.ts";
export type { ResidualLayer } from "../model/spec.ts";
export type { ActivationName } from "../model/spec.ts";
export type { LayerBase } from "../model/spec.ts";
export type { Pair } from "../model/spec.ts";
