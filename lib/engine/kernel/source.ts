/**
 * Where a kernel instance's module comes from: a `WebAssembly.Module` the caller compiled (or
 * imported: edge runtimes forbid compiling wasm from bytes), or one of the embedded builds,
 * compiled once per process. The embedded builds are registered by `variants.ts`, which
 * `lib/engine/mod.ts` and the pool's worker import; `lib/engine/core.ts` never does, so a caller
 * of the core passes its own module.
 * @module
 */

/** A build of the kernel: `"relaxed-simd"` (FMA in the GEMM) or `"simd"` (plain 128-bit SIMD). */
export type KernelVariant = "relaxed-simd" | "simd";

/** Every kernel variant, fastest first. */
export const KERNEL_VARIANTS: readonly KernelVariant[] = ["relaxed-simd", "simd"];

/**
 * Which kernel an evaluator runs: a compiled module, an embedded variant, or `"auto"` (the
 * embedded variant `selectKernelVariant()` picks).
 */
export type KernelChoice = KernelVariant | "auto" | WebAssembly.Module;

/** The embedded builds, as `variants.ts` provides them. */
export interface EmbeddedKernels {
  /** Picks a variant (`selectKernelVariant`). */
  select(preferred: KernelVariant | "auto"): KernelVariant;
  /** A variant's wasm bytes. */
  bytes(variant: KernelVariant): Uint8Array<ArrayBuffer>;
}

let embedded: EmbeddedKernels | null = null;
const compiled = new Map<KernelVariant, Promise<WebAssembly.Module>>();

/**
 * Registers the embedded builds (called once, by `variants.ts`).
 *
 * @param kernels How to pick a variant and get its bytes.
 * @returns Nothing.
 * @example
 * ```ts ignore
 * provideEmbeddedKernels({ select: selectKernelVariant, bytes: kernelVariantBytes });
 * ```
 */
export function provideEmbeddedKernels(kernels: EmbeddedKernels): void {
  embedded = kernels;
}

/**
 * Resolves a choice to a module or a concrete variant (so every thread of a pool runs the same).
 *
 * @param choice The caller's choice; default `"auto"`.
 * @returns The module itself, or the variant.
 * @throws {TypeError} For a variant name without embedded builds loaded (the core entry), or a
 *   word that is not a variant.
 * @example
 * ```ts
 * import { resolveKernelChoice } from "./source.ts";
 * const module = new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
 * console.log(resolveKernelChoice(module) === module); // true
 * ```
 */
export function resolveKernelChoice(
  choice: KernelChoice = "auto",
): KernelVariant | WebAssembly.Module {
  if (choice instanceof WebAssembly.Module) return choice;
  if (embedded === null) {
    throw new TypeError(
      `kernel must be a compiled WebAssembly.Module here: got ${
        choice === "auto" ? "none" : JSON.stringify(choice)
      } ` +
        '(the "./engine/core" entry embeds no kernel; import "./engine" for the built-in one)',
    );
  }
  return embedded.select(choice);
}

/**
 * The compiled module of a resolved choice (an embedded variant is compiled once per process).
 *
 * @param resolved A module or a variant (`resolveKernelChoice`).
 * @returns The module.
 * @example
 * ```ts
 * import { kernelModule } from "./source.ts";
 * const module = new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
 * console.log(await kernelModule(module) === module); // true
 * ```
 */
export function kernelModule(
  resolved: KernelVariant | WebAssembly.Module,
): Promise<WebAssembly.Module> {
  if (resolved instanceof WebAssembly.Module) return Promise.resolve(resolved);
  let module = compiled.get(resolved);
  if (module === undefined) {
    if (embedded === null) throw new TypeError(`No embedded kernel build ${resolved} is loaded`);
    module = WebAssembly.compile(embedded.bytes(resolved));
    compiled.set(resolved, module);
  }
  return module;
}
