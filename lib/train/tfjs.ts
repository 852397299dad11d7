/**
 * TF.js (tfjs-core) on the WASM backend, with the gradient functions registered: tfjs-core
 * ships none, so ./gradients/ registers those losscape records; MatMul (./matmul_gradient.ts)
 * and Conv2D (./conv_gradient.ts) are replaced by ones that stay on the backend's fast kernels,
 * MaxPool by ./max_pool_gradient.ts; batch norm in training is a custom op
 * (./batch_norm_training.ts).
 * @module
 */
import * as tf from "npm:@tensorflow/tfjs-core@4.22.0";
import "npm:@tensorflow/tfjs-backend-wasm@4.22.0";
import { registerConv2dGradient } from "./conv_gradient.ts";
import "../engine/kernel/variants.ts"; // the embedded kernel builds
import { instantiateKernel } from "../engine/kernel/kernel.ts";
import { createSparsePatchProducts } from "./sparse_patches.ts";
import { createBackwardPasses } from "./backward_passes.ts";
import { useBatchNormPasses } from "./batch_norm_training.ts";
import { registerGradients } from "./gradients/register_gradients.ts";
import { LosscapeError } from "../errors.ts";
import { registerMaxPoolGradient } from "./max_pool_gradient.ts";
import { registerMatMulGradient } from "./matmul_gradient.ts";
import { registerSharedIdentity } from "./shared_identity.ts";
import { registerFusedConv2dGradient } from "./conv2d_layer.ts";
import { registerReluGradient } from "./relu_gradient.ts";

let ready: Promise<typeof tf> | null = null;

/**
 * Returns TF.js with the WASM backend active, initialising it once.
 *
 * @returns The TF.js namespace.
 * @throws {LosscapeError} When the WASM backend cannot start (e.g. no read permission on its `.wasm`).
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * const tf = await loadTfjs();
 * console.log(tf.getBackend()); // "wasm"
 * ```
 */
export function loadTfjs(): Promise<typeof tf> {
  ready ??= (async () => {
    // setBackend resolves false (it does not throw) when the .wasm file cannot be read, after
    // Emscripten has printed a dozen lines about it: hold those back and say it in one line.
    const { ok, printed } = await quietly(() => tf.setBackend("wasm"));
    if (!ok || tf.getBackend() !== "wasm") {
      ready = null;
      const denied = printed.join(" ").match(/Requires read access to "([^"]+)"/);
      // Name the folder Deno refused (node_modules of the project, or Deno's npm cache when
      // losscape is imported from a URL), not a guess.
      const reason = denied
        ? `no read access to ${denied[1]}; run deno with --allow-read=${
          folderOf(denied[1])
        } (the folder of TF.js's .wasm files)`
        : `${printed[0] ?? "unknown reason"}; run deno with read access to TF.js's .wasm files`;
      throw withoutStack(new LosscapeError(`TF.js could not start its WASM backend: ${reason}`));
    }
    for (const line of printed) console.warn(line);
    registerGradients(tf);
    // The conv filter gradient's sparse im2col path and the backward passes over activations,
    // each on a kernel instance of its own (where the kernel cannot run, e.g. without wasm SIMD,
    // every filter gradient goes through TF.js and the passes run in JavaScript).
    const [kernel, passesKernel] = await Promise.all(
      [0, 1].map(() => instantiateKernel().catch(() => undefined)),
    );
    const passes = passesKernel && createBackwardPasses(passesKernel);
    useBatchNormPasses(passes?.batchNorm);
    registerConv2dGradient(tf, kernel && createSparsePatchProducts(tf, kernel), passes);
    registerMaxPoolGradient(tf, passes);
    registerMatMulGradient(tf);
    registerSharedIdentity(tf);
    registerFusedConv2dGradient(tf, passes);
    registerReluGradient(tf, passes);
    return tf;
  })();
  return ready;
}

/** Runs `task` with console output held back, and returns what it printed. */
async function quietly<T>(task: () => Promise<T>): Promise<{ ok: T; printed: string[] }> {
  const printed: string[] = [];
  const saved = { log: console.log, warn: console.warn, error: console.error };
  const hold = (...args: unknown[]) => void printed.push(args.map(String).join(" "));
  Object.assign(console, { log: hold, warn: hold, error: hold });
  try {
    return { ok: await task(), printed };
  } finally {
    Object.assign(console, saved);
  }
}

/** The folder part of a file path (either separator), without importing node:path. */
function folderOf(path: string): string {
  const end = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return end > 0 ? path.slice(0, end) : path;
}

/** An error that prints as one line when uncaught: the cause is the message, not a frame. */
function withoutStack(error: Error): Error {
  error.stack = `${error.name}: ${error.message}`;
  return error;
}

/** The TF.js namespace type, for signatures. */
export type Tfjs = typeof tf;
