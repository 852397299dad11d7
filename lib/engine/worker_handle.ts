/**
 * One worker of the pool, seen from the calling thread: starts it with the plane, sends it
 * shares of tiles, and turns every way it can fail into a rejected promise that names the
 * worker and the tile, so a scan never waits for an answer that cannot come.
 * @module
 */
import type { PlaneEvaluatorOptions } from "./evaluator.ts";
import { deserializeError, type FromWorker, type ToWorker } from "./worker_protocol.ts";

/** A started worker; made by `spawnPoolWorker`. */
export interface PoolWorker {
  /** Resolves once the worker built its evaluator; rejects when that failed or it died. */
  readonly ready: Promise<void>;
  /**
   * Evaluates one share of a tile; `where` describes it for error messages.
   * Resolves with the share's losses and accuracies (transferred, owned by the caller).
   */
  evaluate(
    tile: number,
    alphas: Float32Array<ArrayBuffer>,
    betas: Float32Array<ArrayBuffer> | null,
    where: string,
  ): Promise<{ loss: Float32Array; accuracy: Float32Array }>;
  /** Stops the worker; pending and later calls reject. */
  terminate(): void;
}

interface Pending {
  resolve(result: { loss: Float32Array; accuracy: Float32Array }): void;
  reject(error: Error): void;
  where: string;
}

/**
 * Starts worker `index` of `total` on a plane.
 *
 * @param index Its 0-based position in the pool (messages count from 1).
 * @param total The pool's size.
 * @param options What `createPlaneEvaluator` takes; cloned into the worker once.
 * @param failOnTile Test hook: the worker dies on this tile number; -1 for never.
 * @returns The handle.
 * @example
 * ```ts ignore
 * import { spawnPoolWorker } from "./worker_handle.ts";
 * const worker = spawnPoolWorker(0, 1, options, -1);
 * await worker.ready;
 * const { loss } = await worker.evaluate(0, new Float32Array([0]), null, "point 0");
 * worker.terminate();
 * ```
 */
export function spawnPoolWorker(
  index: number,
  total: number,
  options: PlaneEvaluatorOptions,
  failOnTile: number,
): PoolWorker {
  const name = `Worker ${index + 1} of ${total}`;
  const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name });
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let dead: Error | null = null;
  let settleReady!: { resolve(): void; reject(error: Error): void };
  const ready = new Promise<void>((resolve, reject) => (settleReady = { resolve, reject }));
  ready.catch(() => {}); // observed by the pool; avoids an unhandled rejection meanwhile

  const die = (reason: string) => {
    if (dead) return;
    dead = new Error(`${name} ${reason}`);
    worker.terminate();
    settleReady.reject(new Error(`${name} failed while loading the plane: ${reason}`));
    for (const request of pending.values()) {
      request.reject(new Error(`${name} failed while evaluating ${request.where}: ${reason}`));
    }
    pending.clear();
  };

  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    if (message.type === "ready") return settleReady.resolve();
    if (message.type === "init-failed") {
      // Validation errors keep their class and message: the same as on one thread.
      settleReady.reject(deserializeError(message.error));
      return;
    }
    const request = pending.get(message.id);
    if (!request) return;
    pending.delete(message.id);
    if (message.type === "result") request.resolve(message);
    else request.reject(deserializeError(message.error, `${name} failed on ${request.where}: `));
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault(); // else Deno rethrows the worker's error in this thread and exits
    die(`died (${event.message ?? "uncaught error"})`);
  };
  worker.onmessageerror = () => die("sent a message that could not be read");
  worker.postMessage({ type: "init", options, failOnTile } satisfies ToWorker);

  return {
    ready,
    evaluate(tile, alphas, betas, where) {
      if (dead) return Promise.reject(new Error(`${dead.message}; cannot evaluate ${where}`));
      const id = nextId++;
      const transfer = betas ? [alphas.buffer, betas.buffer] : [alphas.buffer];
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, where });
        const message: ToWorker = { type: "evaluate", id, tile, alphas, betas };
        worker.postMessage(message, transfer);
      });
    },
    terminate() {
      die("was terminated (the evaluator was disposed)");
    },
  };
}
