/**
 * The engine as the browser bundle ships it (`deno task bundle` writes it to
 * `dist/losscape-engine.js`): every name of `lib/engine/mod.ts`, with the two that start Workers
 * defaulting `workerUrl` to the worker bundle next to this file (`dist/losscape-worker.js`).
 * A bundle holds no `worker.ts`, so without this default its Workers would die at start.
 * @module
 */
import {
  createParallelPlaneEvaluator as createParallelPlaneEvaluatorWith,
  createWorkerPool as createWorkerPoolWith,
  type ParallelPlaneEvaluator,
  type ParallelPlaneEvaluatorOptions,
  type WorkerPool,
  type WorkerPoolOptions,
} from "../lib/engine/mod.ts";

export * from "../lib/engine/mod.ts";

/** The worker script of the bundle: `losscape-worker.js` in the folder of this module. */
export const BUNDLED_WORKER_URL: URL = new URL("./losscape-worker.js", import.meta.url);

/**
 * `createParallelPlaneEvaluator` with the bundle's worker script as the default `workerUrl`.
 *
 * @param options The plane evaluator's options, plus `workers` and `workerUrl`.
 * @returns The evaluator, once every worker is ready.
 * @example
 * ```ts ignore
 * import { createParallelPlaneEvaluator } from "./losscape-engine.js";
 * const plane = await createParallelPlaneEvaluator({ spec, center, d1, d2, data, workers: 2 });
 * ```
 */
export function createParallelPlaneEvaluator(
  options: ParallelPlaneEvaluatorOptions,
): Promise<ParallelPlaneEvaluator> {
  return createParallelPlaneEvaluatorWith({ workerUrl: BUNDLED_WORKER_URL, ...options });
}

/**
 * `createWorkerPool` with the bundle's worker script as the default `workerUrl`.
 *
 * @param options How many workers, the kernel build and the worker script.
 * @returns The pool.
 * @example
 * ```ts ignore
 * import { createWorkerPool } from "./losscape-engine.js";
 * const pool = createWorkerPool({ workers: 2 });
 * ```
 */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  return createWorkerPoolWith({ workerUrl: BUNDLED_WORKER_URL, ...options });
}
