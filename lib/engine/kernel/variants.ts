/**
 * Which build of the kernel a process runs. Both come from the same sources (assembly/): the
 * relaxed-SIMD build fuses the GEMM's multiply-adds into FMA where the CPU has it (~1.35x,
 * FACTS.md), the plain SIMD build runs wherever wasm SIMD does. Relaxed results may differ from
 * plain ones in the last bits, so every thread of one scan must run the same variant. Importing
 * this module embeds both builds (base64, ~63 KB) and registers them as the default kernel.
 * @module
 */
import { KERNEL_VARIANTS, type KernelVariant, provideEmbeddedKernels } from "./source.ts";
import { KERNEL_RELAXED_WASM_BASE64, KERNEL_WASM_BASE64 } from "./wasm.ts";

export { KERNEL_VARIANTS, type KernelVariant };

let relaxedSupported: boolean | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const withFromBase64 = Uint8Array as unknown as {
    fromBase64?: (text: string) => Uint8Array<ArrayBuffer>;
  };
  if (withFromBase64.fromBase64) return withFromBase64.fromBase64(text);
  // Older edge runtimes lack Uint8Array.fromBase64.
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

/**
 * The embedded wasm bytes of one variant.
 *
 * @param variant The build.
 * @returns A fresh copy of its bytes.
 * @example
 * ```ts
 * import { kernelVariantBytes } from "./variants.ts";
 * console.log(WebAssembly.validate(kernelVariantBytes("simd"))); // true
 * ```
 */
export function kernelVariantBytes(variant: KernelVariant): Uint8Array<ArrayBuffer> {
  return decodeBase64(variant === "simd" ? KERNEL_WASM_BASE64 : KERNEL_RELAXED_WASM_BASE64);
}

/**
 * Picks the variant this process uses: relaxed SIMD when the runtime validates its bytes, plain
 * SIMD otherwise or when `LOSSCAPE_KERNEL=simd` is set (read only where env access is already
 * granted, so this never prompts for a permission).
 *
 * @param preferred A variant to force, or `"auto"` (the default) to decide as above.
 * @returns The variant.
 * @throws {TypeError} When `preferred` is not a variant or `"auto"`.
 * @example
 * ```ts
 * import { selectKernelVariant } from "./variants.ts";
 * console.log(selectKernelVariant("simd")); // "simd"
 * ```
 */
export function selectKernelVariant(preferred: KernelVariant | "auto" = "auto"): KernelVariant {
  if (preferred !== "auto") {
    if (!KERNEL_VARIANTS.includes(preferred)) {
      throw new TypeError(
        `Kernel variant must be one of auto, ${KERNEL_VARIANTS.join(", ")}: got ${
          JSON.stringify(preferred)
        }`,
      );
    }
    return preferred;
  }
  if (readGrantedEnv("LOSSCAPE_KERNEL") === "simd") return "simd";
  relaxedSupported ??= WebAssembly.validate(kernelVariantBytes("relaxed-simd"));
  return relaxedSupported ? "relaxed-simd" : "simd";
}

/** Reads an environment variable only if access is already granted (a prompt would block). */
function readGrantedEnv(name: string): string | undefined {
  const deno = (globalThis as { Deno?: typeof Deno }).Deno;
  try {
    if (deno?.permissions?.querySync?.({ name: "env", variable: name }).state !== "granted") {
      return undefined;
    }
    return deno.env.get(name);
  } catch {
    return undefined; // runtimes with a partial Deno namespace
  }
}

provideEmbeddedKernels({ select: selectKernelVariant, bytes: kernelVariantBytes });
