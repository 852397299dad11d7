/**
 * The plane evaluator on every core: each `evaluate` call (one tile of a scan) is split into
 * contiguous shares, one per Worker, each worker running its own kernel instance. The kernel
 * computes every point independently of the others in its tile, so the results are bit for bit
 * those of the single-thread evaluator (with the same kernel variant, which the pool fixes for
 * all its workers). Where `Worker` does not exist, or with one worker, it runs on this thread.
 * @module
 */
import {
  createPlaneEvaluator,
  type PlaneEvaluator,
  type PlaneEvaluatorOptions,
} from "../evaluator.ts";
import { resolveKernelChoice } from "../kernel/source.ts";
import { checkPointArguments } from "../run/point_arguments.ts";
import { sharedProductArray } from "../run/product_share.ts";
import { shareTypedArrays } from "./shared_copy.ts";
import type { PoolWorker } from "./worker_handle.ts";
import {
  createWorkerPool,
  type WorkerPool,
  type WorkerPoolInternals,
  workerPoolInternals,
} from "./worker_pool.ts";

/** What `createParallelPlaneEvaluator` takes: the plane evaluator's options plus the pool's. */
export type ParallelPlaneEvaluatorOptions = PlaneEvaluatorOptions & {
  /** Workers to start; default `navigator.hardwareConcurrency` (1 runs on this thread). */
  workers?: number;
  /**
   * A running pool to load this plane into (`createWorkerPool`), instead of starting workers:
   * `workers`, `kernel` and `workerUrl` are then the pool's, and `dispose` unloads the plane but
   * leaves the pool running (its owner disposes it).
   */
  pool?: WorkerPool;
  /** The worker script; default the engine's own (pool/worker.ts). */
  workerUrl?: string | URL;
};

/** The evaluator `createParallelPlaneEvaluator` returns: the engine's one evaluator interface. */
export type ParallelPlaneEvaluator = PlaneEvaluator;

/** Where a test asks a worker to die: worker `worker` (0-based) on its share of `tile`. */
export interface WorkerFailure {
  /** Which worker. */
  worker: number;
  /** Which `evaluate` call (0-based). */
  tile: number;
}

const FAIL_ON_TILE = Symbol("failOnTile");

/**
 * Test hook, internal to the library (not exported by the engine's entry points): options that
 * make one worker die, uncaught, on one tile, so tests can check that a dying worker is reported
 * and finished tiles are kept.
 *
 * @param options The evaluator's options.
 * @param failure Which worker dies on which tile, or undefined for none.
 * @returns The options carrying the hook.
 * @example
 * ```ts ignore
 * const evaluator = await createParallelPlaneEvaluator(withWorkerFailure(options, { worker: 1, tile: 2 }));
 * ```
 */
export function withWorkerFailure<T extends ParallelPlaneEvaluatorOptions>(
  options: T,
  failure: WorkerFailure | undefined,
): T {
  return failure === undefined ? options : { ...options, [FAIL_ON_TILE]: failure };
}

/**
 * The default pool size: one worker per core the runtime reports, or 1 when it reports none.
 *
 * @returns The number of workers.
 * @example
 * ```ts
 * import { defaultWorkerCount } from "./parallel_evaluator.ts";
 * console.log(defaultWorkerCount() >= 1); // true
 * ```
 */
export function defaultWorkerCount(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  return Number.isInteger(cores) && cores! >= 1 ? cores! : 1;
}

/**
 * Creates a plane evaluator on a pool of workers; each builds its own evaluator from `options`,
 * whose typed arrays all workers share (one copy per plane, in SharedArrayBuffers where the
 * runtime has them), and computes its share of the samples' first-layer products, which the
 * workers exchange (where SharedArrayBuffer exists; else each computes them all).
 *
 * @param options The plane evaluator's options, plus `workers` (default: one per core).
 * @returns The evaluator, once every worker is ready.
 * @throws {TypeError | RangeError} The evaluator's own input errors, and when `workers` is not
 *   an integer >= 1.
 * @example
 * ```ts
 * import { createParallelPlaneEvaluator } from "../mod.ts";
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 3, activation: "relu" as const }, { type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array([1, 0, 0, 1]), y: new Int32Array([0, 1]), count: 2, features: 2, classes: 2 };
 * const pool = await createParallelPlaneEvaluator({ spec, center: new Float32Array(17), d1: new Float32Array(17), data, workers: 2 });
 * const loss = new Float32Array(3), accuracy = new Float32Array(3);
 * await pool.evaluate([0, 0.5, 1], null, loss, accuracy);
 * console.log(loss[0].toFixed(4)); // "0.6931"
 * pool.dispose();
 * ```
 */
export async function createParallelPlaneEvaluator(
  options: ParallelPlaneEvaluatorOptions,
): Promise<ParallelPlaneEvaluator> {
  const { workers: wanted = defaultWorkerCount(), pool: shared, workerUrl, ...rest } = options;
  const failOnTile = (options as { [FAIL_ON_TILE]?: WorkerFailure })[FAIL_ON_TILE];
  const requested = shared?.size ?? wanted;
  if (!Number.isInteger(requested) || requested < 1) {
    throw new RangeError(`workers must be an integer >= 1: got ${requested}`);
  }
  const kernel = shared?.kernel ?? resolveKernelChoice(rest.kernel);
  const resolved = { ...rest, kernel } as PlaneEvaluatorOptions;
  const hasD2 = resolved.d2 !== undefined && resolved.d2 !== null;
  if (requested === 1 || typeof Worker === "undefined") {
    const single = await createPlaneEvaluator(resolved);
    return {
      workers: 0,
      kernel,
      evaluate(...args) {
        try {
          return single.evaluate(...args);
        } catch (error) {
          return Promise.reject(error); // the same contract as the pool: errors reject
        }
      },
      dispose: () => single.dispose(),
    };
  }

  if (shared?.disposed) throw new Error("The worker pool was disposed");
  const owned = shared ? null : createWorkerPool({ workers: requested, kernel, workerUrl });
  const { workers: pool, nextPlane, lendProducts, copies } = workerPoolInternals(
    shared ?? owned!,
  );
  const plane = nextPlane();
  const failed = await loadPlane(
    pool,
    plane,
    shareTypedArrays(resolved, copies),
    failOnTile,
    lendProducts,
  );
  if (failed) {
    owned?.dispose();
    if (shared) pool.forEach((worker) => worker.unload(plane));
    throw failed.error;
  }
  let disposed = false;
  let tiles = 0;

  return {
    workers: requested,
    kernel,
    async evaluate(alphas, betas, loss, accuracy, offset = 0) {
      if (disposed) throw new Error("This ParallelPlaneEvaluator was disposed");
      const { a, b } = checkPointArguments(alphas, betas, hasD2, loss, accuracy, offset);
      const tile = tiles++, count = a.length, shares = Math.min(pool.length, count);
      const jobs = [];
      for (let share = 0; share < shares; share++) {
        const start = Math.floor((share * count) / shares);
        const end = Math.floor(((share + 1) * count) / shares);
        const where = `tile ${tile} (its points ${start}..${end - 1} of ${count})`;
        const shareBetas = betas === null || betas === undefined ? null : b.slice(start, end);
        jobs.push(
          pool[share].evaluate(plane, tile, a.slice(start, end), shareBetas, where).then(
            (result) => {
              loss.set(result.loss, offset + start);
              accuracy.set(result.accuracy, offset + start);
            },
          ),
        );
      }
      // Wait for every share, so no worker writes into the outputs after this call settled.
      const settled = await Promise.allSettled(jobs);
      const rejected = settled.find((result) => result.status === "rejected");
      if (rejected) throw rejected.reason;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (owned) owned.dispose();
      else pool.forEach((worker) => worker.unload(plane));
    },
  };
}

/**
 * Loads the plane into every worker, which split its first-layer products between them when
 * they can (`run/product_share.ts`); resolves once all have settled, with the failure to report
 * if any: the first worker's (by index) among those that failed before writing their products
 * (on their own, not because another one failed). A function of its own so that nothing the
 * returned evaluator closes over keeps the shared copy of the plane alive: each worker drops it
 * once its kernel holds the data.
 */
async function loadPlane(
  pool: readonly PoolWorker[],
  plane: number,
  shared: PlaneEvaluatorOptions,
  failOnTile: WorkerFailure | undefined,
  lendProducts: WorkerPoolInternals["lendProducts"],
): Promise<{ error: unknown } | null> {
  let loan: ReturnType<typeof lendProducts> | undefined;
  const products = sharedProductArray(shared, (bytes) => (loan = lendProducts(bytes)).buffer);
  const written = new Set<number>(), errors: { index: number; error: unknown }[] = [];
  const loads = pool.map((worker, index) =>
    worker.load(
      plane,
      shared,
      failOnTile?.worker === index ? failOnTile.tile : -1,
      products && { index, threads: pool.length, products },
      () => {
        written.add(index);
        if (written.size === pool.length) pool.forEach((each) => each.productsComplete(plane));
      },
    ).catch((error) => {
      // The others may be waiting for this worker's products: drop the plane everywhere.
      if (errors.length === 0) pool.forEach((each) => each.unload(plane));
      errors.push({ index, error });
    })
  );
  await Promise.all(loads);
  // Every worker has settled its load: none reads the products any more.
  loan?.giveBack();
  if (errors.length === 0) return null;
  const own = errors.filter(({ index }) => !written.has(index));
  const reported = (own.length > 0 ? own : errors).sort((a, b) => a.index - b.index)[0];
  return { error: reported.error };
}
