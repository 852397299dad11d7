/**
 * Mean loss and accuracy of a model at one weight vector, on the calling thread: a checkpoint's
 * train and test scores, computed by the engine's kernel instead of a framework. One kernel
 * instance serves every call; each call places its samples, runs every layer per sample block
 * (no first-layer products: for one point they would cost as much as the layer itself) and
 * sums the loss and hits in float64.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { ModelSpec } from "../model/spec.ts";
import { instantiateKernel, type Kernel } from "./kernel/kernel.ts";
import { type KernelChoice, resolveKernelChoice } from "./kernel/source.ts";
import { type PreparedPlane, preparePlane } from "./run/prepare.ts";
import { validateModelDataset } from "./run/validate.ts";
import { createModelRunner } from "./run/runner.ts";

/** A model's mean loss and accuracy over a set of samples. */
export interface PointScores {
  /** Mean loss over the samples (NaN when not finite). */
  loss: number;
  /** Fraction of samples predicted right, in [0, 1] (NaN with a non-finite loss). */
  accuracy: number;
}

/** Scores a model at weight vectors; holds one kernel instance until disposed. */
export interface PointEvaluator {
  /**
   * Scores `weights` (the model's flat layout) on `data`.
   *
   * @throws {TypeError | RangeError | LosscapeError} When the weights or samples do not fit.
   */
  scores(weights: Float32Array, data: Dataset): Promise<PointScores>;
  /** Releases the kernel; `scores` throws afterwards. */
  dispose(): void;
}

/**
 * Creates a point evaluator for one model.
 *
 * @param options The model and the kernel (an embedded variant or a compiled module; default
 *   `"auto"`, as for `createPlaneEvaluator`).
 * @returns The evaluator.
 * @example
 * ```ts
 * import "./kernel/variants.ts";
 * import { createPointEvaluator } from "./point_evaluator.ts";
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array([1, 0, 0, 1]), y: new Int32Array([0, 1]), count: 2, features: 2, classes: 2 };
 * const evaluator = createPointEvaluator({ spec });
 * const { loss } = await evaluator.scores(new Float32Array(6), data);
 * console.log(loss.toFixed(4)); // "0.6931" (= ln 2: all logits zero)
 * evaluator.dispose();
 * ```
 */
export function createPointEvaluator(
  options: { spec: ModelSpec; kernel?: KernelChoice },
): PointEvaluator {
  return createPointEvaluatorOn(
    instantiateKernel(resolveKernelChoice(options.kernel)),
    options.spec,
  );
}

/**
 * `createPointEvaluator` on a kernel instance the caller provides (e.g. one it already made to
 * learn whether the kernel runs here); the evaluator owns the instance from now on.
 *
 * @param instance The instance, or the promise of it (a rejection shows at the first call).
 * @param spec The model.
 * @returns The evaluator.
 * @example
 * ```ts
 * import { instantiateKernel } from "./mod.ts";
 * import { createPointEvaluatorOn } from "./point_evaluator.ts";
 * const spec = { kind: "sequential" as const, inputShape: [1], layers: [{ type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array([1]), y: new Int32Array([0]), count: 1, features: 1, classes: 2 };
 * const evaluator = createPointEvaluatorOn(instantiateKernel(), spec);
 * console.log((await evaluator.scores(new Float32Array(4), data)).loss.toFixed(4)); // "0.6931"
 * evaluator.dispose();
 * ```
 */
export function createPointEvaluatorOn(
  instance: Kernel | Promise<Kernel>,
  spec: ModelSpec,
): PointEvaluator {
  let kernel: Promise<Kernel> | null = Promise.resolve(instance);
  kernel.catch(() => {}); // a failure shows at the first call
  const at = new Float32Array(1);
  // The last weights packed (a set scored in chunks packs them once), with a copy to compare.
  let packed: (PreparedPlane & { weights: Float32Array }) | null = null;
  const same = (a: Float32Array, b: Float32Array) => {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  };
  return {
    async scores(weights, data) {
      if (kernel === null) throw new Error("This PointEvaluator was disposed");
      // Validated and packed before the kernel's memory is touched.
      if (packed !== null && same(packed.weights, weights)) {
        validateModelDataset(data, packed.model);
      } else {
        const prepared = preparePlane({
          spec,
          center: weights,
          d1: new Float32Array(weights.length),
          d2: null,
          data,
          precomputeFirst: false,
        });
        packed = { ...prepared, weights: Float32Array.from(weights) };
      }
      const { plan, later } = packed;
      const instance = await kernel;
      instance.reset();
      const runner = await createModelRunner(instance, plan, data, null, later);
      const loss = new Float64Array(1), accuracy = new Float64Array(1);
      runner.run(at, at, loss, accuracy);
      return { loss: loss[0], accuracy: accuracy[0] };
    },
    dispose() {
      kernel = null;
      packed = null;
    },
  };
}
