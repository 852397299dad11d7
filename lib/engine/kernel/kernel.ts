/**
 * Loads the AssemblyScript kernel and wraps its exports in one typed facade. The host owns the
 * kernel's memory: `allocate` hands out aligned byte ranges above the module's static data and
 * grows the memory on demand; typed views are re-created whenever a grow detached them.
 * @module
 */
import { checkKernelExports, KERNEL_FUNCTIONS, type KernelExports } from "./exports.ts";
import { type KernelChoice, kernelModule, resolveKernelChoice } from "./source.ts";

export type { KernelExports };

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

/**
 * Instantiates the kernel. An embedded variant is compiled once per process and reused (the
 * embedded builds exist once `variants.ts` is loaded, as `lib/engine/mod.ts` does); edge
 * runtimes that forbid compiling from bytes pass an imported `WebAssembly.Module` instead.
 *
 * @param source A compiled module, raw wasm bytes, an embedded variant, or nothing (or
 *   `"auto"`) for the variant `selectKernelVariant()` picks.
 * @returns A fresh instance with its own memory, wrapped in the typed facade.
 * @throws {TypeError} When the module is not this kernel (an export missing), or a variant is
 *   asked for where no embedded build is loaded.
 * @example
 * ```ts
 * import "./variants.ts"; // the embedded builds
 * import { instantiateKernel } from "./kernel.ts";
 * const kernel = await instantiateKernel();
 * const ptr = kernel.allocate(16);
 * kernel.f32.set([1, 2, 3, 4], ptr / 4);
 * kernel.combineWeights(ptr, ptr, ptr, ptr, 1, 0, 4); // x + 1*x
 * console.log(kernel.f32.subarray(ptr / 4, ptr / 4 + 4)); // Float32Array [2, 4, 6, 8]
 * ```
 */
export async function instantiateKernel(source?: KernelChoice | BufferSource): Promise<Kernel> {
  const module = source === undefined || typeof source === "string" ||
      source instanceof WebAssembly.Module
    ? await kernelModule(resolveKernelChoice(source))
    : await WebAssembly.compile(source);
  const instance = await WebAssembly.instantiate(module, {});
  return wrapExports(checkKernelExports(instance.exports));
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
  const functions = Object.fromEntries(
    KERNEL_FUNCTIONS.filter((name) => name !== "heapBase").map((name) => [name, raw[name]]),
  ) as unknown as Omit<KernelExports, "memory" | "heapBase">;
  return {
    memory,
    ...functions,
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
