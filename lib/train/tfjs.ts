/**
 * TF.js on the WASM backend, with the gradient functions registered (the
 * `@tensorflow/tfjs` bundle registers them; tfjs-core alone ships none), two of them replaced by
 * ones that stay on the backend's fast kernels: MatMul (./matmul_gradient.ts) and Conv2D
 * (./conv_gradient.ts); batch norm in training is a custom op (./batch_norm_training.ts).
 * @module
 */
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
import "npm:@tensorflow/tfjs-backend-wasm@4.22.0";
import { registerConv2dGradient } from "./conv_gradient.ts";
import { registerMatMulGradient } from "./matmul_gradient.ts";

let ready: Promise<typeof tf> | null = null;

/**
 * Returns TF.js with the WASM backend active, initialising it once.
 *
 * @returns The TF.js namespace.
 * @throws {Error} When the WASM backend cannot start (e.g. no read permission on its `.wasm`).
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * const tf = await loadTfjs();
 * console.log(tf.getBackend()); // "wasm"
 * ```
 */
export function loadTfjs(): Promise<typeof tf> {
  ready ??= (async () => {
    // setBackend resolves false (it does not throw) when the .wasm file cannot be read.
    const ok = await tf.setBackend("wasm");
    if (!ok || tf.getBackend() !== "wasm") {
      throw new Error(
        "TF.js could not start its WASM backend: allow reading node_modules (--allow-read=.)",
      );
    }
    registerConv2dGradient(tf);
    registerMatMulGradient(tf);
    return tf;
  })();
  return ready;
}

/** The TF.js namespace type, for signatures. */
export type Tfjs = typeof tf;
