/**
 * The evaluation engine: everything in `./core.ts` plus the embedded kernel (plain and relaxed
 * SIMD builds, base64 in `kernel/wasm.ts`), which becomes the default `kernel` of every
 * evaluator and pool. The naive TF.js reference (`./reference.ts`) is left out on purpose:
 * importing it loads TF.js, which the engine itself never needs (tests and benchmarks import it
 * directly).
 * @module
 */
import "./kernel/variants.ts"; // registers the embedded builds as the default kernel

export {
  createParallelPlaneEvaluator,
  createPlaneEvaluator,
  createPointEvaluator,
  createWorkerPool,
  defaultWorkerCount,
  instantiateKernel,
  type Kernel,
  KERNEL_FUNCTIONS,
  KERNEL_VARIANTS,
  type KernelChoice,
  type KernelExports,
  type KernelFunctions,
  type KernelVariant,
  type LayerKernelExports,
  type ParallelPlaneEvaluator,
  type ParallelPlaneEvaluatorOptions,
  type PlaneEvaluator,
  type PlaneEvaluatorOptions,
  type PointEvaluator,
  type PointScores,
  type WorkerPool,
  type WorkerPoolOptions,
} from "./core.ts";
export { kernelVariantBytes, selectKernelVariant } from "./kernel/variants.ts";
