/**
 * The loss barrier between two models along the straight line joining their weights
 * (linear mode connectivity; Goodfellow et al. 2015, Frankle et al. 2020): the highest loss on
 * the segment minus the higher of the two endpoints' losses. Zero means no barrier (the loss
 * never rises above the worse endpoint).
 * @module
 */
import { createPlaneEvaluator } from "../engine/mod.ts";
import type { Dataset } from "../data/mod.ts";
import type { ModelSpec } from "../model/mod.ts";
import { interpolationLine } from "../directions/mod.ts";
import { linspace } from "../scan/mod.ts";

/** A barrier and where it is. */
export interface Barrier {
  /** max over the segment of L(α) - max(L(0), L(1)); >= 0. */
  height: number;
  /** α of the highest loss on the segment. */
  at: number;
  /** L(0) and L(1). */
  endpoints: [number, number];
}

/**
 * The barrier of a loss curve sampled along the segment from model A (α = 0) to B (α = 1);
 * points outside [0, 1] are ignored, and the curve must include both ends.
 *
 * @param alphas The α of each sample, increasing, with 0 and 1 among them.
 * @param losses The loss at each α (a non-finite loss makes the height Infinity).
 * @returns The height, its α and the endpoint losses.
 * @throws {RangeError} On mismatched lengths or when 0 or 1 is not sampled.
 * @example
 * ```ts
 * import { barrierHeight } from "./barrier.ts";
 * console.log(barrierHeight([0, 0.5, 1], [0.1, 0.9, 0.3]).height); // 0.6
 * ```
 */
export function barrierHeight(alphas: readonly number[], losses: ArrayLike<number>): Barrier {
  if (alphas.length !== losses.length) {
    throw new RangeError(`One loss per α is needed: got ${alphas.length} and ${losses.length}`);
  }
  const start = alphas.indexOf(0), end = alphas.indexOf(1);
  if (start < 0 || end < 0) throw new RangeError("The samples must include α = 0 and α = 1");
  const endpoints: [number, number] = [losses[start], losses[end]];
  let highest = -Infinity, at = 0;
  for (let i = 0; i < alphas.length; i++) {
    if (alphas[i] < 0 || alphas[i] > 1) continue;
    const value = Number.isFinite(losses[i]) ? losses[i] : Infinity;
    if (value > highest) [highest, at] = [value, alphas[i]];
  }
  return { height: Math.max(0, highest - Math.max(...endpoints)), at, endpoints };
}

/** Options of {@linkcode interpolationBarrier}. */
export interface InterpolationBarrierOptions {
  /** The model both weight vectors belong to. */
  spec: ModelSpec;
  /** Model A's flat weights (α = 0). */
  a: Float32Array;
  /** Model B's flat weights (α = 1), same layout. */
  b: Float32Array;
  /** Samples the loss is averaged over. */
  data: Dataset;
  /** Points on [0, 1], ends included (default 41). */
  points?: number;
}

/** The loss along a segment and its barrier. */
export interface InterpolationResult {
  /** α of each point, 0 to 1. */
  alphas: number[];
  /** Mean loss at each point. */
  loss: Float32Array;
  /** Accuracy at each point. */
  accuracy: Float32Array;
  /** The barrier of the loss curve. */
  barrier: Barrier;
}

/**
 * Evaluates the loss along the segment from A to B with the engine, and its barrier.
 *
 * @param options The model, both weight vectors, the data and the number of points.
 * @returns The α axis, the losses and accuracies, and the barrier.
 * @throws {RangeError} When A and B differ in length or points < 2.
 * @example
 * ```ts
 * import { interpolationBarrier } from "./barrier.ts";
 * const spec = { kind: "sequential" as const, inputShape: [1], layers: [{ type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array([1, -1]), y: new Int32Array([0, 1]), count: 2, features: 1, classes: 2 };
 * const a = new Float32Array([1, -1, 0, 0]), b = new Float32Array([-1, 1, 0, 0]);
 * const { barrier } = await interpolationBarrier({ spec, a, b, data, points: 5 });
 * console.log(barrier.height >= 0); // true
 * ```
 */
export async function interpolationBarrier(
  options: InterpolationBarrierOptions,
): Promise<InterpolationResult> {
  const { spec, a, b, data, points = 41 } = options;
  if (a.length !== b.length) {
    throw new RangeError(
      `Both models need the same number of weights: ${a.length} and ${b.length}`,
    );
  }
  if (!(points >= 2)) throw new RangeError(`points must be >= 2: got ${points}`);
  const line = interpolationLine(a, b);
  const alphas = linspace(0, 1, points);
  const evaluator = await createPlaneEvaluator({ spec, center: line.center, d1: line.d1, data });
  const loss = new Float32Array(points), accuracy = new Float32Array(points);
  try {
    await evaluator.evaluate(alphas, null, loss, accuracy);
  } finally {
    evaluator.dispose();
  }
  return { alphas, loss, accuracy, barrier: barrierHeight(alphas, loss) };
}
