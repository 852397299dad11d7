/**
 * Loads the AssemblyScript kernel and wraps its exports in one typed facade. The host owns the
 * kernel's memory: `allocate` hands out aligned byte ranges above the module's static data and
 * grows the memory on demand; typed views are re-created whenever a grow detached them.
 * @module
 */
import { type KernelVariant, kernelVariantBytes, selectKernelVariant } from "./kernel_variant.ts";
import { type LayerKernelExports, pickLayerExports } from "./layer_exports.ts";

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
}

/** The kernel: its exports (byte pointers, f32-element strides) plus memory management. */
export interface Kernel extends Omit<KernelExports, "memory" | "heapBase"> {
  /** The module's memory; its buffer changes when it grows. */
  readonly memory: WebAssembly.Memory;
  /** A Float32Array over the whole memory, re-created after growth. */
  readonly f32: Float32Array;
  /** An Int32Array over the whole memory, re-created after growth. */
  readonly i32: Int32Array;
  /** A Float64Array over the whole memory, re-created after growth. */
  readonly f64: Float64Array;
  /** Reserves `byteLength` bytes aligned to 64 (a cache line); returns the byte pointer. */
  allocate(byteLength: number): number;
  /**
   * Frees every allocation at once and zeroes the memory they used, so the instance can hold
   * another plane as if it were fresh (wasm memory never shrinks; reusing it keeps a worker's
   * memory at its largest plane instead of one instance per plane waiting for collection).
   */
  reset(): void;
}

const compiledModules = new Map<KernelVariant, Promise<WebAssembly.Module>>();

/**
 * Instantiates the kernel. Without a module it compiles the embedded wasm of the chosen
 * variant once per process and reuses it; edge runtimes that forbid compiling from bytes pass
 * an imported `WebAssembly.Module` instead.
 *
 * @param moduleOrBytes A compiled module, raw wasm bytes, an embedded variant, or nothing (or
 *   `"auto"`) for the variant `selectKernelVariant()` picks.
 * @returns A fresh instance with its own memory, wrapped in the typed facade.
 * @example
 * ```ts
 * import { instantiateKernel } from "./kernel.ts";
 * const kernel = await instantiateKernel();
 * const ptr = kernel.allocate(16);
 * kernel.f32.set([1, 2, 3, 4], ptr / 4);
 * kernel.combineWeights(ptr, ptr, ptr, ptr, 1, 0, 4); // x + 1*x
 * console.log(kernel.f32.subarray(ptr / 4, ptr / 4 + 4)); // Float32Array [2, 4, 6, 8]
 * ```
 */
export async function instantiateKernel(
  moduleOrBytes?: WebAssembly.Module | BufferSource | KernelVariant | "auto",
): Promise<Kernel> {
  let module: WebAssembly.Module;
  if (moduleOrBytes === undefined || typeof moduleOrBytes === "string") {
    const variant = selectKernelVariant(moduleOrBytes as KernelVariant | "auto" | undefined);
    let compiled = compiledModules.get(variant);
    if (compiled === undefined) {
      compiled = WebAssembly.compile(kernelVariantBytes(variant));
      compiledModules.set(variant, compiled);
    }
    module = await compiled;
  } else if (moduleOrBytes instanceof WebAssembly.Module) {
    module = moduleOrBytes;
  } else {
    module = await WebAssembly.compile(moduleOrBytes);
  }
  const instance = await WebAssembly.instantiate(module, {});
  return wrapExports(instance.exports as unknown as KernelExports);
}

function wrapExports(raw: KernelExports): Kernel {
  const { memory } = raw;
  let buffer = memory.buffer;
  let f32 = new Float32Array(buffer), i32 = new Int32Array(buffer), f64 = new Float64Array(buffer);
  const refreshViews = () => {
    if (buffer === memory.buffer) return;
    buffer = memory.buffer;
    f32 = new Float32Array(buffer);
    i32 = new Int32Array(buffer);
    f64 = new Float64Array(buffer);
  };
  const align = (value: number) => Math.ceil(value / 64) * 64;
  const base = align(raw.heapBase());
  let next = base;
  return {
    memory,
    gemmBias: raw.gemmBias,
    combineFirstLayer: raw.combineFirstLayer,
    combineFirstLayerMaxPool: raw.combineFirstLayerMaxPool,
    combineWeights: raw.combineWeights,
    softmaxCrossEntropy: raw.softmaxCrossEntropy,
    meanSquaredError: raw.meanSquaredError,
    expInPlace: raw.expInPlace,
    softmaxExpInPlace: raw.softmaxExpInPlace,
    mlpPointLoss: raw.mlpPointLoss,
    ...pickLayerExports(raw),
    get f32() {
      refreshViews();
      return f32;
    },
    get i32() {
      refreshViews();
      return i32;
    },
    get f64() {
      refreshViews();
      return f64;
    },
    reset() {
      new Uint8Array(memory.buffer, base, next - base).fill(0);
      next = base;
    },
    allocate(byteLength: number): number {
      if (!Number.isInteger(byteLength) || byteLength < 0) {
        throw new RangeError(`Allocation size must be a non-negative integer: got ${byteLength}`);
      }
      const pointer = next;
      const end = align(pointer + byteLength);
      if (end > 2 ** 32) {
        throw new RangeError(`Kernel memory would exceed 4 GiB: need ${end} bytes`);
      }
      const missing = end - memory.buffer.byteLength;
      if (missing > 0) memory.grow(Math.ceil(missing / 65536));
      next = end;
      return pointer;
    },
  };
}
