/**
 * What the analyses of a run produce: plain data (numbers, strings, typed arrays) that the
 * files and the report are made from.
 * @module
 */
import type { CheckpointInfluence } from "./influence/checkpoint_influence.ts";
import type { MagnitudeBins } from "./influence/magnitude.ts";
import type { NamedWeight } from "./influence/top_weights.ts";
import type { UnitMaps } from "./influence/unit_maps.ts";
import type { GradientNoise } from "./influence/gradient_noise.ts";
import type { LayerHealth } from "./health/layer_health.ts";
import type { Histogram } from "./influence/histograms.ts";
import type { ImageSaliency } from "./saliency/saliency_grid.ts";
import type { Diagnosis } from "./diagnosis/diagnose.ts";

/**
 * The analyses, by name. `influence`, `health` and `diagnosis` run by default (cheap); `noise`
 * (gradient noise), `saliency` (image maps) and `feature-saliency` (per-feature bars) on request.
 */
export const ANALYSIS_NAMES = [
  "influence",
  "health",
  "diagnosis",
  "noise",
  "saliency",
  "feature-saliency",
] as const;

/** An analysis's name. */
export type AnalysisName = (typeof ANALYSIS_NAMES)[number];

/** The analyses `deno task scan` runs unless told otherwise. */
export const DEFAULT_ANALYSES: readonly AnalysisName[] = ["influence", "health", "diagnosis"];

/** Everything the analyses found; plain data (typed arrays, numbers, strings). */
export interface AnalysisResult {
  /** The analyses run. */
  analyses: AnalysisName[];
  /** Evaluation samples. */
  samples: number;
  /** The focus checkpoint's index. */
  focus: number;
  /** Per checkpoint: epoch, step and the mean loss on the evaluation subset. */
  checkpoints: { epoch: number; step: number; loss: number }[];
  /** Layers owning trainable weights: name, type, weights. */
  layers: { name: string; type: string; parameters: number }[];
  /** Weight influence per checkpoint, and at the focus checkpoint. */
  influence?: {
    perCheckpoint: CheckpointInfluence[];
    magnitude: MagnitudeBins[];
    top: NamedWeight[];
    maps: UnitMaps[];
  };
  /** Layer health: names measured, entries per checkpoint, activation histograms per layer and checkpoint. */
  health?: { layers: string[]; perCheckpoint: LayerHealth[][]; activations: Histogram[][] };
  /** Gradient noise at the focus checkpoint. */
  noise?: GradientNoise;
  /** Image saliency at the focus checkpoint. */
  saliency?: ImageSaliency;
  /** Mean |dL/dx| per feature at the focus checkpoint. */
  featureSaliency?: Float32Array;
  /** The diagnosis. */
  diagnosis?: Diagnosis;
}
