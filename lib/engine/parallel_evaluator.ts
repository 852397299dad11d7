/**
 * The plane evaluator on every core: each `evaluate` call (one tile of a scan) is split into
 * contiguous shares, one per Worker, each worker running its own kernel instance. The kernel
 * computes every point independently of the others in its tile, so the results are bit for bit
 * those of the single-thread evaluator (with the same kernel variant, which the pool fixes for
 * all its workers). Where `Worker` does not exist, or with one worker, it runs on this thread.
 * @module
 */
import { createPlaneEvaluator, type PlaneEvaluatorOptions } from "./evaluator.ts";
import { type KernelVariant, selectKernelVariant } from "./kernel_variant.ts";
import { checkPointArguments } from "./point_arguments.ts";
import { shareTypedArrays } from "./shared_copy.ts";
import type { PoolWorker } from "./worker_handle.ts";
import { createWorkerPool, type WorkerPool, workerPoolInternals } from "./worker_pool.ts";

/** What `createParallelPlaneEvaluator` takes: the plane evaluator's options plus the pool's. */
export type ParallelPlaneEvaluatorOptions = PlaneEvaluatorOptions & {
  /** Workers to start; default `navigator.hardwareConcurrency` (1 runs on this thread). */
  workers?: number;
  /**
   * A running pool to load this plane into (`createWorkerPool`), instead of starting workers:
   * `workers` and `kernel` are then the pool's, and `dispose` unloads the plane but leaves the
   * pool running (its owner disposes it).
   */
  pool?: WorkerPool;
  /** Test hook: make worker `worker` (0-based) die when it receives share `tile` (0-based). */
  failOnTile?: { worker: number; tile: number };
};

/** A plane evaluator whose `evaluate` runs on a pool of workers and returns a promise. */
export interface ParallelPlaneEvaluator {
  /** Workers running; 0 when evaluating on the calling thread. */
  readonly workers: number;
  /** The kernel variant every thread of this evaluator runs. */
  readonly kernel: KernelVariant;
  /**
   * Evaluates points (alphas[i], betas[i]) as `PlaneEvaluator.evaluate` does; resolves once
   * loss[offset+i] and accuracy[offset+i] are written, rejects (naming the worker and the tile)
   * when a worker fails or dies.
   */
  evaluate(
    alphas: ArrayLike<number>,
    betas: ArrayLike<number> | null,
    loss: Float32Array,
    accuracy: Float32Array,
    offset?: number,
  ): Promise<void>;
  /**
   * Frees the plane's kernels and terminates the workers (with a shared `pool`: unloads the
   * plane, and the pool keeps running); `evaluate` rejects afterwards.
   */
  dispose(): void;
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
 * Creates a plane evaluator on a pool of workers; each builds its own evaluator (and
 * first-layer products) from `options`, whose typed arrays all workers share (one copy per
 * plane, in SharedArrayBuffers where the runtime has them).
 *
 * @param options The plane evaluator's options, plus `workers` (default: one per core).
 * @returns The evaluator, once every worker is ready.
 * @throws {TypeError | RangeError} The evaluator's own input errors, and when `workers` is not
 *   an integer >= 1.
 * @example
 * ```ts
 * import { createParallelPlaneEvaluator } from "./parallel_evaluator.ts";
 * const spec = { kind: "mlp" as const, inputSize: 2, hidden: [3], classes: 2, activation: "relu" as const };
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
  const { workers: wanted = defaultWorkerCount(), failOnTile, pool: shared, ...rest } = options;
  const requested = shared?.size ?? wanted;
  if (!Number.isInteger(requested) || requested < 1) {
    throw new RangeError(`workers must be an integer >= 1: got ${requested}`);
  }
  if (rest.kernel instanceof WebAssembly.Module) {
    throw new TypeError(
      "createParallelPlaneEvaluator takes a kernel build name: a precompiled module goes to createPlaneEvaluator",
    );
  }
  const kernel = shared?.kernel ?? selectKernelVariant(rest.kernel ?? "auto");
  const resolved = { ...rest, kernel } as PlaneEvaluatorOptions;
  const hasD2 = resolved.d2 !== undefined && resolved.d2 !== null;
  if (requested === 1 || typeof Worker === "undefined") {
    const single = await createPlaneEvaluator(resolved);
    return {
      workers: 0,
      kernel,
      evaluate(...args) {
        try {
          single.evaluate(...args);
          return Promise.resolve();
        } catch (error) {
          return Promise.reject(error); // the same contract as the pool: errors reject
        }
      },
      dispose: () => single.dispose(),
    };
  }

  if (shared?.disposed) throw new Error("The worker pool was disposed");
  const owned = shared ? null : createWorkerPool({ workers: requested, kernel });
  const { workers: pool, nextPlane } = workerPoolInternals(shared ?? owned!);
  const plane = nextPlane();
  const loaded = await loadPlane(pool, plane, shareTypedArrays(resolved), failOnTile);
  const failed = loaded.find((result) => result.status === "rejected");
  if (failed) {
    owned?.dispose();
    if (shared) pool.forEach((worker) => worker.unload(plane));
    throw failed.reason;
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
 * Loads the plane into every worker. A function of its own so that nothing the returned
 * evaluator closes over keeps the shared copy of the plane alive: each worker drops it once its
 * kernel holds the data.
 */
function loadPlane(
  pool: readonly PoolWorker[],
  plane: number,
  shared: PlaneEvaluatorOptions,
  failOnTile: ParallelPlaneEvaluatorOptions["failOnTile"],
): Promise<PromiseSettledResult<void>[]> {
  return Promise.allSettled(
    pool.map((worker, index) =>
      worker.load(plane, shared, failOnTile?.worker === index ? failOnTile.tile : -1)
    ),
  );
}
