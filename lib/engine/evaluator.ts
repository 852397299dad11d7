/**
 * The plane evaluator on the calling thread: mean loss and accuracy of a model at many points
 * w + a*d1 + b*d2. It has the one evaluator interface the engine offers (`PlaneEvaluator`, an
 * asynchronous tile evaluator), which the Worker pool's evaluator (pool/parallel_evaluator.ts)
 * has too; on one thread each call's results are written before it returns.
 *
 * Setup computes the first (dense or conv) layer's three biased products once (DESIGN.md, "the engine's main
 * idea"); each call then walks its points in tiles, with sample blocks outer and points inner,
 * so a block's precomputed rows stay in cache while every point of the tile uses them.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { ModelSpec } from "../model/spec.ts";
import { instantiateKernel, type Kernel } from "./kernel/kernel.ts";
import { type KernelChoice, type KernelVariant, resolveKernelChoice } from "./kernel/source.ts";
import { canFuseMlp, createFusedMlpRunner } from "./run/fused_mlp.ts";
import { createModelRunner, type ModelRunner } from "./run/runner.ts";
import { checkPointArguments } from "./run/point_arguments.ts";
import { preparePlane } from "./run/prepare.ts";
import type { ProductShare } from "./run/product_share.ts";

/** What a plane evaluator needs: the model, the plane and the samples. */
export interface PlaneEvaluatorOptions {
  /** The model. */
  spec: ModelSpec;
  /** Centre weights, in the model's flat layout (`modelLayout`). */
  center: Float32Array;
  /** First direction, same layout. */
  d1: Float32Array;
  /** Second direction, same layout; omit or `null` for a 1D line. */
  d2?: Float32Array | null;
  /** Samples the loss and accuracy are averaged over. */
  data: Dataset;
  /**
   * The kernel: a compiled `WebAssembly.Module` of it (then nothing compiles wasm from bytes,
   * which edge runtimes forbid), or an embedded build; default `"auto"`: relaxed SIMD where
   * supported (`selectKernelVariant`). The `./engine/core` entry embeds no build: pass a module.
   */
  kernel?: KernelChoice;
}

/**
 * The engine's evaluator of one plane, on one thread or on a pool of Workers: holds kernel
 * memory until disposed.
 */
export interface PlaneEvaluator {
  /** Workers running; 0 when evaluating on the calling thread. */
  readonly workers: number;
  /** The kernel every thread of this evaluator runs: an embedded variant, or the given module. */
  readonly kernel: KernelVariant | WebAssembly.Module;
  /**
   * Evaluates points (alphas[i], betas[i]) (betas omitted/null for 1D: b = 0); resolves once
   * mean loss and accuracy per point are written into loss[offset+i], accuracy[offset+i]. A
   * point whose loss is not finite gets NaN in both. On the calling thread the results are
   * written, and bad arguments throw, before `evaluate` returns; on Workers it rejects (naming
   * the worker and the tile) when one fails or dies.
   */
  evaluate(
    alphas: ArrayLike<number>,
    betas: ArrayLike<number> | null,
    loss: Float32Array,
    accuracy: Float32Array,
    offset?: number,
  ): Promise<void>;
  /** Releases the plane's kernel memory (or Workers); `evaluate` throws afterwards. */
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
 * @throws {TypeError} Without `kernel` where no embedded build is loaded (`./core.ts` alone).
 * @example
 * ```ts
 * import { createPlaneEvaluator } from "./mod.ts";
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 3, activation: "relu" as const }, { type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array([1, 0, 0, 1]), y: new Int32Array([0, 1]), count: 2, features: 2, classes: 2 };
 * const evaluator = await createPlaneEvaluator({ spec, center: new Float32Array(17), d1: new Float32Array(17), data });
 * const loss = new Float32Array(1), accuracy = new Float32Array(1);
 * await evaluator.evaluate([0], null, loss, accuracy);
 * console.log(loss[0].toFixed(4)); // "0.6931" (= ln 2: all logits zero)
 * evaluator.dispose();
 * ```
 */
export async function createPlaneEvaluator(
  options: PlaneEvaluatorOptions,
): Promise<PlaneEvaluator> {
  const kernel = resolveKernelChoice(options.kernel);
  return await createPlaneEvaluatorOn(() => instantiateKernel(kernel), { ...options, kernel });
}

/**
 * `createPlaneEvaluator` on a kernel instance the caller provides (a pool worker reuses its
 * instances across planes; `options.kernel` must name the instance's variant or module).
 *
 * @param getKernel Returns the instance to use (called once the plane is validated; it must
 *   be fresh or `reset()`).
 * @param options The model, centre, directions and samples.
 * @param share This thread's part of the first layer's products, when the threads of a pool
 *   split them (`product_share.ts`); without it this thread computes them all.
 * @returns The evaluator; its `dispose` leaves the instance to the caller.
 * @example
 * ```ts
 * import { createPlaneEvaluatorOn } from "./evaluator.ts";
 * import { instantiateKernel } from "./mod.ts";
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 3, activation: "relu" as const }, { type: "dense" as const, units: 2 }] };
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
  share?: ProductShare,
): Promise<PlaneEvaluator> {
  const { spec, center, d1, d2 = null, data } = options;
  const { plan, first, later } = preparePlane({ spec, center, d1, d2, data });
  const kernel = await getKernel();
  let runner: ModelRunner | null = first && canFuseMlp(plan)
    ? await createFusedMlpRunner(kernel, plan, data, first, later, share)
    : await createModelRunner(kernel, plan, data, first, later, share);

  return {
    workers: 0,
    kernel: resolveKernelChoice(options.kernel),
    evaluate(alphas, betas, loss, accuracy, offset = 0) {
      if (runner === null) throw new Error("This PlaneEvaluator was disposed");
      const { a, b } = checkPointArguments(alphas, betas, d2 !== null, loss, accuracy, offset);
      const count = a.length;
      runner.run(a, b, loss.subarray(offset, offset + count), accuracy.subarray(offset));
      return Promise.resolve();
    },
    dispose() {
      runner = null;
    },
  };
}
