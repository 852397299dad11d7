/**
 * The evaluation engine without an embedded kernel: the plane evaluator (one thread) and the
 * Worker pool's, sharing one interface, and the kernel facade. Nothing here imports the
 * embedded wasm, TF.js, h5wasm or node built-ins, so it suits edge runtimes that forbid
 * compiling wasm from bytes: pass `kernel`, a `WebAssembly.Module` of the kernel (imported as a
 * module, or compiled once where that is allowed). `./mod.ts` is this plus the embedded builds.
 *
 * @example
 * ```ts
 * import { createPlaneEvaluator } from "./core.ts";
 * import { kernelVariantBytes } from "./mod.ts"; // where compiling from bytes is allowed
 * const kernel = await WebAssembly.compile(kernelVariantBytes("simd"));
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 3, activation: "relu" as const }, { type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array([1, 0, 0, 1]), y: new Int32Array([0, 1]), count: 2, features: 2, classes: 2 };
 * const plane = await createPlaneEvaluator({ spec, center: new Float32Array(17), d1: new Float32Array(17), data, kernel });
 * const loss = new Float32Array(1), accuracy = new Float32Array(1);
 * await plane.evaluate([0], null, loss, accuracy);
 * console.log(loss[0].toFixed(4)); // "0.6931"
 * plane.dispose();
 * ```
 * @module
 */
export {
  createPlaneEvaluator,
  type PlaneEvaluator,
  type PlaneEvaluatorOptions,
} from "./evaluator.ts";
export { createPointEvaluator, type PointEvaluator, type PointScores } from "./point_evaluator.ts";
export { instantiateKernel, type Kernel } from "./kernel/kernel.ts";
export { KERNEL_FUNCTIONS, type KernelExports, type KernelFunctions } from "./kernel/exports.ts";
export type { LayerKernelExports } from "./kernel/layer_exports.ts";
export { KERNEL_VARIANTS, type KernelChoice, type KernelVariant } from "./kernel/source.ts";
export {
  createParallelPlaneEvaluator,
  defaultWorkerCount,
  type ParallelPlaneEvaluator,
  type ParallelPlaneEvaluatorOptions,
} from "./pool/parallel_evaluator.ts";
export { createWorkerPool, type WorkerPool, type WorkerPoolOptions } from "./pool/worker_pool.ts";
