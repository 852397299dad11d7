/**
 * The evaluation engine: the wasm kernel and the plane evaluator built on it. The naive TF.js
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
export { type KernelPlan, type PackedLayer, planMlp } from "./plan.ts";
