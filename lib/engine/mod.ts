/**
 * The evaluation engine: the wasm kernel (plain and relaxed SIMD builds), the plane evaluator
 * built on it, and the pool that spreads it over Workers. The naive TF.js
 * reference (`./reference.ts`) is left out on purpose: importing it loads TF.js, which the
 * engine itself never needs (tests and benchmarks import it directly).
 * @module
 */
export { instantiateKernel, type Kernel, type KernelExports } from "./kernel.ts";
export {
  createPlaneEvaluator,
  type PlaneEvaluator,
  type PlaneEvaluatorOptions,
} from "./evaluator.ts";
export type { LayerKernelExports } from "./layer_exports.ts";
export {
  KERNEL_VARIANTS,
  type KernelVariant,
  kernelVariantBytes,
  selectKernelVariant,
} from "./kernel_variant.ts";
export {
  createParallelPlaneEvaluator,
  defaultWorkerCount,
  type ParallelPlaneEvaluator,
  type ParallelPlaneEvaluatorOptions,
} from "./parallel_evaluator.ts";
export { createWorkerPool, type WorkerPool, type WorkerPoolOptions } from "./worker_pool.ts";
