/**
 * epsilon-sharpness (Keskar et al. 2017, "On Large-Batch Training for Deep Learning", metric
 * 2.1): the largest relative loss increase in the box C = { z : |z_i| <= epsilon (|w_i| + 1) }
 * around the weights, 100 (max_{z in C} f(w + z) - f(w)) / (1 + f(w)). The maximum is sought by
 * projected gradient ascent: signed steps of a quarter of the box per coordinate (steepest
 * ascent for the box's norm), clipped back into the box, from a seeded random start.
 * @module
 */
import { createRng } from "../../random.ts";

/** A differentiable loss of flat weights. */
export interface Objective {
  /** The loss at some weights. */
  loss(weights: Float32Array): number;
  /** Its gradient there (length: the weights'). */
  gradient(weights: Float32Array): ArrayLike<number>;
}

/** Options of {@linkcode epsilonSharpness}. */
export interface SharpnessOptions {
  /** Box radius relative to |w| + 1. Default 1e-3 (Keskar et al. also use 5e-4). */
  epsilon?: number;
  /** Most ascent steps. Default 20. */
  maxIterations?: number;
  /** Stop when a step raises the best loss by less than `tolerance` times the rise so far. Default 1e-3. */
  tolerance?: number;
  /** Seed of the random start. Default 0. */
  seed?: number;
  /** Per weight: 0 keeps it fixed (e.g. batch-norm moving statistics). Default: all move. */
  mask?: ArrayLike<number>;
}

/** The sharpness found and how the search went. */
export interface SharpnessResult {
  /** 100 (max loss - loss) / (1 + loss), in percent. */
  sharpness: number;
  /** Loss at the weights. */
  loss: number;
  /** Largest loss found in the box. */
  maxLoss: number;
  /** The box radius. */
  epsilon: number;
  /** Ascent steps taken. */
  iterations: number;
  /** Whether the last step's gain fell below the tolerance (false: the step limit ended it). */
  converged: boolean;
}

/**
 * Measures epsilon-sharpness.
 *
 * @param objective Loss and gradient of the weights.
 * @param weights The weights (a minimum).
 * @param options Radius, steps, tolerance, seed and mask.
 * @returns Sharpness in percent, the losses and the convergence flag.
 * @throws {RangeError} When epsilon, maxIterations or tolerance is out of range.
 * @example
 * ```ts
 * import { epsilonSharpness } from "./epsilon_sharpness.ts";
 * const objective = { loss: (w: Float32Array) => w[0] * w[0], gradient: (w: Float32Array) => [2 * w[0]] };
 * const { maxLoss } = epsilonSharpness(objective, new Float32Array([0]), { epsilon: 0.1 });
 * console.log(maxLoss.toFixed(3)); // "0.010"
 * ```
 */
export function epsilonSharpness(
  objective: Objective,
  weights: Float32Array,
  options: SharpnessOptions = {},
): SharpnessResult {
  const { epsilon = 1e-3, maxIterations = 20, tolerance = 1e-3, seed = 0, mask } = options;
  if (!(epsilon > 0)) throw new RangeError(`epsilon must be > 0: got ${epsilon}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(`maxIterations must be an integer >= 1: got ${maxIterations}`);
  }
  if (!(tolerance > 0)) throw new RangeError(`tolerance must be > 0: got ${tolerance}`);
  const n = weights.length;
  const bound = Float64Array.from(
    weights,
    (w, i) => (mask?.[i] === 0 ? 0 : epsilon * (Math.abs(w) + 1)),
  );
  const rng = createRng(seed ^ 0x5ba7);
  const offset = Float64Array.from(bound, (b) => b * (2 * rng.uniform() - 1) * 0.5);
  const moved = new Float32Array(n);
  const at = () => {
    for (let i = 0; i < n; i++) moved[i] = weights[i] + offset[i];
    return moved;
  };
  const loss = objective.loss(weights);
  let maxLoss = Math.max(loss, objective.loss(at()));
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    const gradient = objective.gradient(at());
    for (let i = 0; i < n; i++) {
      const step = offset[i] + 0.25 * bound[i] * Math.sign(gradient[i]);
      offset[i] = Math.min(bound[i], Math.max(-bound[i], step));
    }
    iterations++;
    const value = objective.loss(at());
    const gain = value - maxLoss;
    if (value > maxLoss) maxLoss = value;
    if (gain <= tolerance * (maxLoss - loss)) {
      converged = true;
      break;
    }
  }
  return {
    sharpness: (100 * (maxLoss - loss)) / (1 + loss),
    loss,
    maxLoss,
    epsilon,
    iterations,
    converged,
  };
}
