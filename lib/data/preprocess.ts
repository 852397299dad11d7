/**
 * Feature scaling fitted on the training split and applied to both splits, so the test set
 * never leaks into the statistics: standardisation (zero mean, unit variance per feature)
 * or min-max scaling to [0, 1].
 * @module
 */
import type { Dataset } from "./dataset.ts";
import type { DataSplit } from "./dataset.ts";

/** A per-feature affine map `x' = (x - shift) / scale`, fitted on a training set. */
export interface FeatureScaler {
  /** Subtracted from each feature (the mean, or the minimum). */
  shift: Float64Array;
  /** Divides each feature (the std, or max - min); 1 for constant features. */
  scale: Float64Array;
}

/**
 * Fits a scaler on a dataset's features.
 *
 * @param data The training set.
 * @param method `"standardize"` (mean, population std) or `"unit-range"` (min, max - min).
 * @returns The per-feature shift and scale.
 * @example
 * ```ts
 * import { fitScaler } from "./preprocess.ts";
 * const data = { x: new Float32Array([0, 2]), y: new Int32Array([0, 1]), count: 2, features: 1, classes: 2 };
 * console.log(fitScaler(data, "standardize").scale[0]); // 1
 * ```
 */
export function fitScaler(data: Dataset, method: "standardize" | "unit-range"): FeatureScaler {
  const { features, count, x } = data;
  const shift = new Float64Array(features);
  const scale = new Float64Array(features);
  for (let f = 0; f < features; f++) {
    if (method === "standardize") {
      // Two passes (mean, then squared deviations) in float64: no cancellation.
      let sum = 0;
      for (let i = 0; i < count; i++) sum += x[i * features + f];
      const mean = sum / count;
      let squares = 0;
      for (let i = 0; i < count; i++) squares += (x[i * features + f] - mean) ** 2;
      shift[f] = mean;
      scale[f] = Math.sqrt(squares / count);
    } else {
      let min = Infinity, max = -Infinity;
      for (let i = 0; i < count; i++) {
        const value = x[i * features + f];
        if (value < min) min = value;
        if (value > max) max = value;
      }
      shift[f] = min;
      scale[f] = max - min;
    }
    if (!(scale[f] > 0)) scale[f] = 1; // constant feature: centre it, do not blow it up
  }
  return { shift, scale };
}

/**
 * Applies a fitted scaler, returning a new dataset (the input is not changed).
 *
 * @param data The samples.
 * @param scaler Shift and scale from {@linkcode fitScaler}.
 * @returns The scaled copy.
 * @example
 * ```ts
 * import { applyScaler } from "./preprocess.ts";
 * const data = { x: new Float32Array([4]), y: new Int32Array([0]), count: 1, features: 1, classes: 1 };
 * const scaler = { shift: new Float64Array([2]), scale: new Float64Array([2]) };
 * console.log(applyScaler(data, scaler).x); // Float32Array [1]
 * ```
 */
export function applyScaler(data: Dataset, scaler: FeatureScaler): Dataset {
  const { features } = data;
  const x = new Float32Array(data.x.length);
  for (let i = 0; i < x.length; i++) {
    const f = i % features;
    x[i] = (data.x[i] - scaler.shift[f]) / scaler.scale[f];
  }
  return { ...data, x };
}

/** A split scaled with statistics from its training half, plus the scaler used. */
export interface ScaledSplit extends DataSplit {
  /** The scaler fitted on `train`, for scaling later inputs the same way. */
  scaler: FeatureScaler;
}

/**
 * Standardises both splits with the training split's per-feature mean and standard deviation.
 *
 * @param split Train and test sets.
 * @returns Scaled copies and the scaler.
 * @example
 * ```ts
 * import { makeSynthetic, splitDataset, standardize } from "./mod.ts";
 * const { train } = standardize(splitDataset(makeSynthetic("blobs")));
 * ```
 */
export function standardize(split: DataSplit): ScaledSplit {
  const scaler = fitScaler(split.train, "standardize");
  return { train: applyScaler(split.train, scaler), test: applyScaler(split.test, scaler), scaler };
}

/**
 * Scales both splits to [0, 1] with the training split's per-feature minimum and maximum
 * (test values outside the training range land outside [0, 1]; they are not clipped).
 *
 * @param split Train and test sets.
 * @returns Scaled copies and the scaler.
 * @example
 * ```ts
 * import { makeSynthetic, scaleToUnitRange, splitDataset } from "./mod.ts";
 * const { train } = scaleToUnitRange(splitDataset(makeSynthetic("moons")));
 * ```
 */
export function scaleToUnitRange(split: DataSplit): ScaledSplit {
  const scaler = fitScaler(split.train, "unit-range");
  return { train: applyScaler(split.train, scaler), test: applyScaler(split.test, scaler), scaler };
}
