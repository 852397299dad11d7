/**
 * Curvature over training: the top Hessian eigenvalue and the trace at every checkpoint, beside
 * the stability threshold 2 / learning rate of gradient descent (Cohen et al. 2021, "Gradient
 * Descent on Neural Networks Typically Occurs at the Edge of Stability"); with heavy-ball
 * momentum beta the threshold is (2 + 2 beta) / learning rate.
 * @module
 */
import type { Dataset } from "../../data/dataset.ts";
import type { ModelSpec } from "../../model/spec.ts";
import { resolveModel } from "../../model/resolve.ts";
import { createHessianOperator } from "./hessian_operator.ts";
import { topEigen } from "./top_eigen.ts";
import { hutchinsonTrace } from "./hutchinson_trace.ts";

/** Curvature at one checkpoint. */
export interface CheckpointCurvature {
  /** Checkpoint index (0: the initial weights). */
  index: number;
  /** Epochs done at the checkpoint. */
  epoch: number;
  /** Largest eigenvalue. */
  topEigenvalue: number;
  /** Its relative residual. */
  relativeResidual: number;
  /** Whether it converged. */
  converged: boolean;
  /** Hutchinson trace. */
  trace: number;
  /** Its standard error. */
  traceStandardError: number;
}

/** Options of {@linkcode checkpointCurvature}. */
export interface CheckpointCurvatureOptions {
  /** The model. */
  spec: ModelSpec;
  /** Checkpoints: their weights and epochs. */
  checkpoints: readonly { values: Float32Array; epoch: number }[];
  /** Evaluation samples. */
  data: Dataset;
  /** Lanczos steps. Default 100. */
  maxIterations?: number;
  /** Relative tolerance. Default 1e-3. */
  tolerance?: number;
  /** Most trace vectors. Default 100. */
  traceVectors?: number;
  /** Seed. Default 0. */
  seed?: number;
  /** Called after each checkpoint (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Top eigenvalue and trace at each checkpoint.
 *
 * @param options Model, checkpoints, data and method settings.
 * @returns One record per checkpoint, in order.
 * @example
 * ```ts
 * import { checkpointCurvature } from "./checkpoint_curvature.ts";
 * const spec = { kind: "sequential" as const, inputShape: [1], loss: "mse" as const, layers: [{ type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array([1, 2]), y: new Int32Array(2), count: 2, features: 1, classes: 2 };
 * const rows = await checkpointCurvature({ spec, data, checkpoints: [{ values: new Float32Array(4), epoch: 0 }] });
 * console.log(rows[0].topEigenvalue.toFixed(3)); // "3.427"
 * ```
 */
export async function checkpointCurvature(
  options: CheckpointCurvatureOptions,
): Promise<CheckpointCurvature[]> {
  const { spec, checkpoints, data, onProgress } = options;
  const settings = {
    maxIterations: options.maxIterations ?? 100,
    tolerance: options.tolerance ?? 1e-3,
    seed: options.seed ?? 0,
  };
  const model = resolveModel(spec);
  const rows: CheckpointCurvature[] = [];
  const hessian = await createHessianOperator({ model, values: checkpoints[0].values, data });
  try {
    for (const [index, checkpoint] of checkpoints.entries()) {
      hessian.setWeights(checkpoint.values);
      const top = topEigen(hessian, settings);
      const trace = hutchinsonTrace(hessian, {
        ...settings,
        maxIterations: options.traceVectors ?? 100,
      });
      rows.push({
        index,
        epoch: checkpoint.epoch,
        topEigenvalue: top.eigenvalues[0],
        relativeResidual: top.relativeResiduals[0],
        converged: top.converged,
        trace: trace.trace,
        traceStandardError: trace.standardError,
      });
      onProgress?.(index + 1, checkpoints.length);
    }
  } finally {
    hessian.dispose();
  }
  return rows;
}
