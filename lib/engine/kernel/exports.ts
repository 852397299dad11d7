/**
 * The kernel's exports: their typed signatures (the loss, GEMM and combine exports here, the
 * layer exports in layer_exports.ts) and the one checked list of their names, which the facade
 * copies and checks every instance against. Adding an export to assembly/index.ts means adding
 * its signature and its name here; the compiler rejects a list that misses one.
 * @module
 */
import type { LayerKernelExports } from "./layer_exports.ts";

/**
 * The raw exports of the compiled kernel. Pointers are byte offsets into its memory, strides
 * and lengths count f32 elements; `assembly/` states each one's preconditions, which the
 * callers must meet (nothing is checked inside the kernel).
 */
export interface KernelExports extends LayerKernelExports {
  /** The module's linear memory. */
  memory: WebAssembly.Memory;
  /** First byte above the module's static data. */
  heapBase(): number;
  /** out = act(in @ w + bias) on a block of rows; width % 4 == 0 (assembly/gemm.ts). */
  gemmBias(
    inPtr: number,
    inStride: number,
    rows: number,
    depth: number,
    wPtr: number,
    wStride: number,
    biasPtr: number,
    outPtr: number,
    outStride: number,
    width: number,
    relu: number,
  ): void;
  /** out = act(p0 + a p1 + b p2) row by row; width % 4 == 0 (assembly/combine.ts). */
  combineFirstLayer(
    p0: number,
    p1: number,
    p2: number,
    preStride: number,
    rows: number,
    width: number,
    a: number,
    b: number,
    outPtr: number,
    outStride: number,
    relu: number,
  ): void;
  /** combineFirstLayer then a 2x2 stride-2 max pool, per sample image (assembly/combine.ts). */
  combineFirstLayerMaxPool(
    p0: number,
    p1: number,
    p2: number,
    preStride: number,
    samples: number,
    inH: number,
    inW: number,
    width: number,
    a: number,
    b: number,
    outPtr: number,
    outH: number,
    outW: number,
    relu: number,
  ): void;
  /** out = (w + a d1) + b d2 in f32; length % 4 == 0 (assembly/combine.ts). */
  combineWeights(
    outPtr: number,
    wPtr: number,
    d1Ptr: number,
    d2Ptr: number,
    a: number,
    b: number,
    length: number,
  ): void;
  /** Adds a block's cross-entropy sum and top-1 hits to two f64 (assembly/softmax_ce.ts). */
  softmaxCrossEntropy(
    logitsPtr: number,
    stride: number,
    rows: number,
    classes: number,
    labelsPtr: number,
    resultPtr: number,
  ): void;
  /** Adds a block's one-hot squared-error sum and top-1 hits to two f64 (assembly/mse.ts). */
  meanSquaredError(
    outputsPtr: number,
    stride: number,
    rows: number,
    classes: number,
    labelsPtr: number,
    resultPtr: number,
  ): void;
  /** Applies the SIMD exp in place; length % 4 == 0 (assembly/exp.ts). */
  expInPlace(dataPtr: number, length: number): void;
  /** Applies the softmax's faster exp (inputs <= 0) in place; length % 4 == 0 (exp.ts). */
  softmaxExpInPlace(dataPtr: number, length: number): void;
  /** One point of a one-hidden-layer classifier on a block, fused (assembly/mlp_fused.ts). */
  mlpPointLoss(
    productsPtr: number,
    rows: number,
    width: number,
    vectors: number,
    a: number,
    b: number,
    relu: number,
    w2Ptr: number,
    biasPtr: number,
    classes: number,
    labelsPtr: number,
    scratchPtr: number,
    resultPtr: number,
  ): void;
  /** Lists each row's nonzero entries; returns their total (assembly/sparse.ts). */
  sparseRows(
    xPtr: number,
    rows: number,
    features: number,
    idxPtr: number,
    valPtr: number,
    countsPtr: number,
  ): number;
  /** out = X W over X's listed nonzero entries (assembly/sparse.ts). */
  sparseTimesDense(
    idxPtr: number,
    valPtr: number,
    countsPtr: number,
    rows: number,
    features: number,
    wPtr: number,
    units: number,
    outPtr: number,
  ): void;
  /** out = X^T dZ over X's listed nonzero entries (assembly/sparse.ts). */
  sparseTransposeTimesDense(
    idxPtr: number,
    valPtr: number,
    countsPtr: number,
    rows: number,
    features: number,
    dzPtr: number,
    units: number,
    outPtr: number,
  ): void;
  /** A ReLU's (or linear) output gradient masked, and its per-channel f64 sums (assembly/backward.ts). */
  maskedChannelSums(
    dyPtr: number,
    yPtr: number,
    dzPtr: number,
    positions: number,
    channels: number,
    sumsPtr: number,
    relu: number,
  ): void;
  /** A convolution's filter gradient from the padded input and dy (assembly/backward.ts). */
  convFilterGradient(
    xPtr: number,
    ph: number,
    pw: number,
    c: number,
    dyPtr: number,
    n: number,
    oh: number,
    ow: number,
    o: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    outPtr: number,
  ): void;
  /** Batch norm's per-channel f64 means and sums of squared deviations (assembly/backward.ts). */
  batchNormStatistics(
    xPtr: number,
    rows: number,
    channels: number,
    meanPtr: number,
    squaresPtr: number,
  ): void;
  /** Batch norm's output from the f64 mean, gains and offsets (assembly/backward.ts). */
  batchNormApply(
    xPtr: number,
    outPtr: number,
    rows: number,
    channels: number,
    meanPtr: number,
    gainsPtr: number,
    betaPtr: number,
  ): void;
  /** Batch norm's per-channel f64 sums of dy and dy xhat (assembly/backward.ts). */
  batchNormGradientSums(
    dyPtr: number,
    xPtr: number,
    rows: number,
    channels: number,
    meanPtr: number,
    inverseStdPtr: number,
    sumDyPtr: number,
    sumDyXhatPtr: number,
  ): void;
  /** Batch norm's input gradient from the f64 factors (assembly/backward.ts). */
  batchNormInputGradient(
    dyPtr: number,
    xPtr: number,
    dxPtr: number,
    rows: number,
    channels: number,
    meanPtr: number,
    inverseStdPtr: number,
    gainsPtr: number,
    meanDyPtr: number,
    meanDyXhatPtr: number,
  ): void;
  /** A non-overlapping max pool's gradient, routed to each window's first maximum (assembly/backward.ts). */
  maxPoolRoute(
    inputPtr: number,
    maximaPtr: number,
    gradientPtr: number,
    dxPtr: number,
    n: number,
    h: number,
    w: number,
    c: number,
    oh: number,
    ow: number,
    kh: number,
    kw: number,
    top: number,
    left: number,
  ): void;
}
/** The kernel's functions: every export but the memory. */
export type KernelFunctions = Omit<KernelExports, "memory">;

/** The name of every function the kernel exports, `heapBase` included. */
export const KERNEL_FUNCTIONS = [
  "heapBase",
  "gemmBias",
  "combineFirstLayer",
  "combineFirstLayerMaxPool",
  "combineWeights",
  "softmaxCrossEntropy",
  "meanSquaredError",
  "expInPlace",
  "softmaxExpInPlace",
  "mlpPointLoss",
  "padImage",
  "conv2d",
  "pool2d",
  "globalAvgPool",
  "activate",
  "softmaxRows",
  "batchNorm",
  "addTensors",
  "binaryCrossEntropy",
  "winogradWeights",
  "winogradInput",
  "winogradMultiply",
  "sparseRows",
  "sparseTimesDense",
  "sparseTransposeTimesDense",
  "winogradOutput",
  "maskedChannelSums",
  "maxPoolRoute",
  "convFilterGradient",
  "batchNormStatistics",
  "batchNormApply",
  "batchNormGradientSums",
  "batchNormInputGradient",
] as const satisfies readonly (keyof KernelFunctions)[];

/** Compile-time check that the list names every function: a missing one makes this `false`. */
const listIsComplete: Exclude<keyof KernelFunctions, typeof KERNEL_FUNCTIONS[number]> extends never
  ? true
  : false = true;
void listIsComplete;

/**
 * Checks that an instance's exports are the kernel's: a memory and every listed function.
 *
 * @param exports `instance.exports` of an instantiated module.
 * @returns The same object, typed.
 * @throws {TypeError} Naming the first missing export (a module that is not this kernel).
 * @example
 * ```ts
 * import { checkKernelExports } from "./exports.ts";
 * try {
 *   checkKernelExports({});
 * } catch (error) {
 *   console.log((error as Error).message); // "The kernel module must export a memory: it has none"
 * }
 * ```
 */
export function checkKernelExports(exports: WebAssembly.Exports): KernelExports {
  if (!(exports.memory instanceof WebAssembly.Memory)) {
    throw new TypeError("The kernel module must export a memory: it has none");
  }
  const missing = KERNEL_FUNCTIONS.filter((name) => typeof exports[name] !== "function");
  if (missing.length > 0) {
    throw new TypeError(
      `The kernel module must export ${KERNEL_FUNCTIONS.length} functions: it lacks ${
        missing.join(", ")
      } (build it from assembly/ with \`deno task build:wasm\`)`,
    );
  }
  return exports as unknown as KernelExports;
}
