/**
 * A pool of Workers that outlives planes: started once per run (each worker loads the module
 * and compiles the kernel once), then every plane of the run, and every split of a plane, is
 * loaded into the same workers (`createParallelPlaneEvaluator({ ..., pool })`) and unloaded
 * when its evaluator is disposed. Starting a pool of two cost about 60 ms here, paid before
 * each plane when every plane started its own.
 * @module
 */
import type { SharedCopies } from "./shared_copy.ts";
import { type KernelChoice, type KernelVariant, resolveKernelChoice } from "../kernel/source.ts";
import { type PoolWorker, spawnPoolWorker } from "./worker_handle.ts";

/** What `createWorkerPool` takes. */
export interface WorkerPoolOptions {
  /** Workers to start (an integer >= 2; with fewer, evaluate on the calling thread instead). */
  workers: number;
  /**
   * The kernel every plane of the pool runs: a compiled `WebAssembly.Module` (sent to each
   * worker; nothing compiles wasm from bytes) or an embedded build; default `"auto"`
   * (`selectKernelVariant`).
   */
  kernel?: KernelChoice;
  /** The worker script; default the engine's own (`worker.ts` next to this module). */
  workerUrl?: string | URL;
}

/** Started workers that planes are loaded into; made by `createWorkerPool`. */
export interface WorkerPool {
  /** Number of workers. */
  readonly size: number;
  /** The kernel every plane in this pool runs: an embedded variant or the given module. */
  readonly kernel: KernelVariant | WebAssembly.Module;
  /** Whether `dispose` was called. */
  readonly disposed: boolean;
  /** Terminates the workers; evaluators using the pool reject afterwards. */
  dispose(): void;
  /** The same as `dispose`, for `using pool = createWorkerPool(...)`. */
  [Symbol.dispose](): void;
}

/**
 * Starts a pool of workers with no plane loaded.
 *
 * @param options How many workers, the kernel, and the worker script.
 * @returns The pool (its workers start in the background; the first plane waits for them).
 * @throws {RangeError} When `workers` is not an integer >= 2.
 * @throws {Error} Where the runtime has no `Worker`.
 * @example
 * ```ts
 * import { createParallelPlaneEvaluator, createWorkerPool } from "../mod.ts";
 * const pool = createWorkerPool({ workers: 2 });
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 3, activation: "relu" as const }, { type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array([1, 0, 0, 1]), y: new Int32Array([0, 1]), count: 2, features: 2, classes: 2 };
 * for (const scale of [1, 2]) {
 *   const center = new Float32Array(17).fill(0.1 * scale);
 *   const plane = await createParallelPlaneEvaluator({ spec, center, d1: center, data, pool });
 *   const loss = new Float32Array(2), accuracy = new Float32Array(2);
 *   await plane.evaluate([0, 1], null, loss, accuracy);
 *   plane.dispose(); // unloads the plane; the workers stay
 * }
 * pool.dispose();
 * ```
 */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const { workers: size, kernel = "auto", workerUrl } = options;
  if (!Number.isInteger(size) || size < 2) {
    throw new RangeError(`A worker pool needs an integer >= 2 workers: got ${size}`);
  }
  if (typeof Worker === "undefined") {
    throw new Error("This runtime has no Worker: evaluate on the calling thread instead");
  }
  const resolved = resolveKernelChoice(kernel);
  const workers = Array.from(
    { length: size },
    (_, index) => spawnPoolWorker(index, size, workerUrl),
  );
  // Each worker compiles and instantiates the kernel now, in the background: a pool started
  // early (while a model trains) has it ready when the first plane arrives.
  workers.forEach((worker) => worker.prepare(resolved));
  let planes = 0;
  let disposed = false;
  const pool: WorkerPool = {
    size,
    kernel: resolved,
    get disposed() {
      return disposed;
    },
    dispose() {
      disposed = true;
      workers.forEach((worker) => worker.terminate());
      // Its shared memory goes too, even while the pool object is still referenced.
      spare = null;
      const own = internals.get(pool);
      if (own) own.copies = new WeakMap();
    },
    [Symbol.dispose]() {
      pool.dispose();
    },
  };
  // One buffer for the planes' shared first-layer products, lent to one loading plane at a time:
  // a new SharedArrayBuffer per plane stays mapped until every isolate has collected its
  // references, which an idle isolate may never do (a `cnn` plane's products are 301 MB), and
  // touching fresh pages cost more than the products' copies.
  let spare: SharedArrayBuffer | null = null, lent = false;
  const lendProducts = (bytes: number) => {
    if (lent || spare === null || spare.byteLength < bytes) {
      const fresh = new SharedArrayBuffer(bytes);
      if (lent) return { buffer: fresh, giveBack: () => {} };
      spare = fresh;
    } else {
      new Uint8Array(spare, 0, bytes).fill(0);
    }
    lent = true;
    return { buffer: spare, giveBack: () => void (lent = false) };
  };
  internals.set(pool, { workers, nextPlane: () => planes++, lendProducts, copies: new WeakMap() });
  return pool;
}

/** What only the engine itself reaches in a pool: its workers and its plane numbers. */
export interface WorkerPoolInternals {
  /** The workers. */
  workers: readonly PoolWorker[];
  /** Hands out a plane number unique in this pool. */
  nextPlane(): number;
  /**
   * Lends zero-filled shared memory of at least `bytes` for one plane's products while it
   * loads: the pool's own buffer when it is free and large enough (it grows to the largest
   * plane), else a new one; `giveBack` once every worker has copied out of it.
   */
  lendProducts(bytes: number): { buffer: SharedArrayBuffer; giveBack(): void };
  /** The shared copies of the planes' arrays (weights, samples), reused while unchanged. */
  copies: SharedCopies;
}

const internals = new WeakMap<WorkerPool, WorkerPoolInternals>();

/**
 * The workers and plane counter of a pool made by `createWorkerPool`.
 *
 * @param pool The pool.
 * @returns Its internals.
 * @throws {TypeError} For an object `createWorkerPool` did not make.
 * @example
 * ```ts
 * import "../kernel/variants.ts"; // the embedded kernel builds
 * import { createWorkerPool, workerPoolInternals } from "./worker_pool.ts";
 * const pool = createWorkerPool({ workers: 2 });
 * console.log(workerPoolInternals(pool).workers.length); // 2
 * pool.dispose();
 * ```
 */
export function workerPoolInternals(pool: WorkerPool): WorkerPoolInternals {
  const found = internals.get(pool);
  if (!found) throw new TypeError("Not a pool made by createWorkerPool");
  return found;
}
