/**
 * The plane evaluator: mean loss and accuracy of a model at many points w + a*d1 + b*d2.
 *
 * Setup computes the first (dense or conv) layer's three biased products once (DESIGN.md, "the engine's main
 * idea"); each call then walks its points in tiles, with sample blocks outer and points inner,
 * so a block's precomputed rows stay in cache while every point of the tile uses them.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { MlpSpec } from "../model/mlp.ts";
import type { ModelSpec } from "../model/spec.ts";
import { instantiateKernel, type Kernel } from "./kernel.ts";
import type { KernelVariant } from "./kernel_variant.ts";
import { canFuseMlp, createFusedMlpRunner } from "./fused_mlp_runner.ts";
import { createModelRunner, type ModelRunner } from "./model_runner.ts";
import { checkPointArguments } from "./point_arguments.ts";
import { preparePlane } from "./prepare_plane.ts";

/** What a plane evaluator needs: the model, the plane and the samples. */
export interface PlaneEvaluatorOptions {
  /** The model: any model spec, or an MLP spec (run as the equivalent model). */
  spec: MlpSpec | ModelSpec;
  /** Centre weights, in the model's flat layout (`modelLayout`, or `mlpLayout` for an MLP). */
  center: Float32Array;
  /** First direction, same layout. */
  d1: Float32Array;
  /** Second direction, same layout; omit or `null` for a 1D line. */
  d2?: Float32Array | null;
  /** Samples the loss and accuracy are averaged over. */
  data: Dataset;
  /**
   * Kernel build; default `"auto"`: relaxed SIMD where supported (`selectKernelVariant`). Or a
   * precompiled kernel module (an imported `.wasm`): then nothing compiles wasm from bytes, as
   * workerd and production edge runtimes require.
   */
  kernel?: KernelVariant | "auto" | WebAssembly.Module;
}

/** Evaluates points of one plane; holds kernel memory until disposed. */
export interface PlaneEvaluator {
  /**
   * Evaluates points (alphas[i], betas[i]) (betas omitted/null for 1D: b = 0); writes mean
   * loss and accuracy per point into loss[offset+i], accuracy[offset+i]. A point whose loss is
   * not finite gets NaN in both.
   */
  evaluate(
    alphas: ArrayLike<number>,
    betas: ArrayLike<number> | null,
    loss: Float32Array,
    accuracy: Float32Array,
    offset?: number,
  ): void;
  /** Releases the kernel instance; `evaluate` throws afterwards. */
  dispose(): void;
}

/**
 * Creates an evaluator for the plane `center + a*d1 + b*d2`. The weights at a point are
 * exactly `(center + a*d1) + b*d2` in float32 (a and b rounded to float32 first).
 *
 * @param options The model, centre, directions and samples.
 * @returns The evaluator, with the first-layer products already computed.
 * @throws {TypeError | RangeError} When shapes, lengths or labels do not fit the model.
 * @throws {LosscapeError} When the spec is invalid, naming the layer and what is supported.
 * @example
 * ```ts
 * import { createPlaneEvaluator } from "./evaluator.ts";
 * const spec = { kind: "mlp" as const, inputSize: 2, hidden: [3], classes: 2, activation: "relu" as const };
 * const data = { x: new Float32Array([1, 0, 0, 1]), y: new Int32Array([0, 1]), count: 2, features: 2, classes: 2 };
 * const evaluator = await createPlaneEvaluator({ spec, center: new Float32Array(17), d1: new Float32Array(17), data });
 * const loss = new Float32Array(1), accuracy = new Float32Array(1);
 * evaluator.evaluate([0], null, loss, accuracy);
 * console.log(loss[0].toFixed(4)); // "0.6931" (= ln 2: all logits zero)
 * evaluator.dispose();
 * ```
 */
export function createPlaneEvaluator(
  options: PlaneEvaluatorOptions,
): Promise<PlaneEvaluator> {
  return createPlaneEvaluatorOn(() => instantiateKernel(options.kernel ?? "auto"), options);
}

/**
 * `createPlaneEvaluator` on a kernel instance the caller provides (a pool worker reuses its
 * instances across planes; `options.kernel` must name the instance's variant).
 *
 * @param getKernel Returns the instance to use (called once the plane is validated; it must
 *   be fresh or `reset()`).
 * @param options The model, centre, directions and samples.
 * @returns The evaluator; its `dispose` leaves the instance to the caller.
 * @example
 * ```ts
 * import { createPlaneEvaluatorOn } from "./evaluator.ts";
 * import { instantiateKernel, type Kernel } from "./kernel.ts";
 * const spec = { kind: "mlp" as const, inputSize: 2, hidden: [3], classes: 2, activation: "relu" as const };
 * const data = { x: new Float32Array([1, 0, 0, 1]), y: new Int32Array([0, 1]), count: 2, features: 2, classes: 2 };
 * const kernel = await instantiateKernel();
 * const evaluator = await createPlaneEvaluatorOn(() => kernel, { spec, center: new Float32Array(17), d1: new Float32Array(17), data });
 * evaluator.dispose();
 * kernel.reset(); // ready for the next plane
 * ```
 */
export async function createPlaneEvaluatorOn(
  getKernel: () => Kernel | Promise<Kernel>,
  options: PlaneEvaluatorOptions,
): Promise<PlaneEvaluator> {
  const { spec, center, d1, d2 = null, data } = options;
  const { plan, first, later } = preparePlane({ spec, center, d1, d2, data });
  const kernel = await getKernel();
  let runner: ModelRunner | null = first && canFuseMlp(plan)
    ? createFusedMlpRunner(kernel, plan, data, first, later)
    : createModelRunner(kernel, plan, data, first, later);

  return {
    evaluate(alphas, betas, loss, accuracy, offset = 0) {
      if (runner === null) throw new Error("This PlaneEvaluator was disposed");
      const { a, b } = checkPointArguments(alphas, betas, d2 !== null, loss, accuracy, offset);
      const count = a.length;
      runner.run(a, b, loss.subarray(offset, offset + count), accuracy.subarray(offset));
    },
    dispose() {
      runner = null;
    },
  };
}
