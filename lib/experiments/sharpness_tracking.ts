/**
 * The top Hessian eigenvalue ("sharpness") of the training loss at each checkpoint of a run,
 * by Lanczos on exact Hessian-vector products (Cohen et al. 2021 track it to find the edge of
 * stability, where it hovers at 2 / learning rate under full-batch gradient descent).
 * @module
 */
import { createHessianOperator, topEigen } from "../analysis/curvature/mod.ts";
import type { Dataset } from "../data/mod.ts";
import type { ModelSpec } from "../model/mod.ts";

/** The sharpness at one checkpoint. */
export interface SharpnessPoint {
  /** Optimiser steps taken at the checkpoint. */
  step: number;
  /** Largest Hessian eigenvalue of the mean loss over the data. */
  sharpness: number;
  /** ||H v - lambda v|| / |lambda| of the returned pair. */
  relativeResidual: number;
  /** Mean loss at the checkpoint. */
  loss: number;
}

/** Options of {@linkcode trackSharpness}. */
export interface TrackSharpnessOptions {
  /** The model. */
  spec: ModelSpec;
  /** Checkpoints (flat weights, with the step each was taken at). */
  checkpoints: readonly { step: number; values: Float32Array }[];
  /** Samples the loss is averaged over (the training batch, for full-batch training). */
  data: Dataset;
  /** Most Lanczos steps per checkpoint (default 30). */
  maxIterations?: number;
  /** Seed of Lanczos's starting vector (default 0). */
  seed?: number;
}

/**
 * Measures the top Hessian eigenvalue at every checkpoint, with one Hessian operator moved
 * from checkpoint to checkpoint (its tensors are freed at the end).
 *
 * @param options Model, checkpoints, data, Lanczos steps and seed.
 * @returns One point per checkpoint, in order.
 * @example
 * ```ts
 * import { trackSharpness } from "./sharpness_tracking.ts";
 * // Linear regression, MSE over k = 2 outputs: H = 2 x^2 / (n k) = 4 for x = [2].
 * const spec = { kind: "sequential" as const, inputShape: [1], loss: "mse" as const, layers: [{ type: "dense" as const, units: 2, useBias: false }] };
 * const data = { x: new Float32Array([2]), y: new Int32Array([0]), count: 1, features: 1, classes: 2 };
 * const [point] = await trackSharpness({ spec, checkpoints: [{ step: 0, values: new Float32Array(2) }], data });
 * console.log(point.sharpness.toFixed(3)); // "4.000"
 * ```
 */
export async function trackSharpness(options: TrackSharpnessOptions): Promise<SharpnessPoint[]> {
  const { spec, checkpoints, data, maxIterations = 30, seed = 0 } = options;
  if (checkpoints.length === 0) return [];
  const hessian = await createHessianOperator({ model: spec, values: checkpoints[0].values, data });
  try {
    return checkpoints.map(({ step, values }) => {
      hessian.setWeights(values);
      const top = topEigen(hessian, {
        k: 1,
        maxIterations: Math.min(maxIterations, hessian.size),
        tolerance: 1e-3,
        seed,
      });
      return {
        step,
        sharpness: top.eigenvalues[0],
        relativeResidual: top.relativeResiduals[0],
        loss: hessian.loss(),
      };
    });
  } finally {
    hessian.dispose();
  }
}
