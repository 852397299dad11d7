/**
 * One worker of the pool, seen from the calling thread: starts it, loads planes into it, sends
 * it shares of tiles, and turns every way it can fail into a rejected promise that names the
 * worker and the tile, so a scan never waits for an answer that cannot come.
 * @module
 */
import type { PlaneEvaluatorOptions } from "../evaluator.ts";
import type { KernelVariant } from "../kernel/source.ts";
import {
  deserializeError,
  type FromWorker,
  type SharedProducts,
  type ToWorker,
} from "./protocol.ts";

/** How long a dead worker's last messages get to arrive before its requests fail. */
const DEATH_GRACE_MS = 20;
/** A started worker; made by `spawnPoolWorker`. */
export interface PoolWorker {
  /**
   * Builds a plane's evaluator in the worker; resolves once it is ready, rejects when that
   * failed (with the evaluator's own error class) or the worker died.
   */
  load(
    plane: number,
    options: PlaneEvaluatorOptions,
    failOnTile: number,
    share?: SharedProducts | null,
    onWritten?: () => void,
  ): Promise<void>;
  /** Tells the worker that every worker's share of the plane's products is written. */
  productsComplete(plane: number): void;
  /** Has the worker instantiate the pool's kernel now, before any plane (nothing to wait for). */
  prepare(kernel: KernelVariant | WebAssembly.Module): void;
  /** Frees a plane's evaluator in the worker (nothing to wait for). */
  unload(plane: number): void;
  /**
   * Evaluates one share of a tile of a loaded plane; `where` describes it for error messages.
   * Resolves with the share's losses and accuracies (transferred, owned by the caller).
   */
  evaluate(
    plane: number,
    tile: number,
    alphas: Float32Array<ArrayBuffer>,
    betas: Float32Array<ArrayBuffer> | null,
    where: string,
  ): Promise<{ loss: Float32Array; accuracy: Float32Array }>;
  /** Stops the worker; pending and later calls reject. */
  terminate(): void;
}

interface Pending<T> {
  resolve(result: T): void;
  reject(error: Error): void;
  where: string;
}

/**
 * Starts worker `index` of `total`, with no plane yet.
 *
 * @param index Its 0-based position in the pool (messages count from 1).
 * @param total The pool's size.
 * @param workerUrl The worker script; default the engine's own `worker.ts`.
 * @returns The handle.
 * @example
 * ```ts ignore
 * import { spawnPoolWorker } from "./worker_handle.ts";
 * const worker = spawnPoolWorker(0, 1);
 * await worker.load(0, options, -1);
 * const { loss } = await worker.evaluate(0, 0, new Float32Array([0]), null, "point 0");
 * worker.terminate();
 * ```
 */
export function spawnPoolWorker(
  index: number,
  total: number,
  workerUrl: string | URL = new URL("./worker.ts", import.meta.url),
): PoolWorker {
  const name = `Worker ${index + 1} of ${total}`;
  const worker = new Worker(workerUrl, { type: "module", name });
  const pending = new Map<number, Pending<{ loss: Float32Array; accuracy: Float32Array }>>();
  const loading = new Map<number, Pending<void>>();
  const written = new Map<number, () => void>();
  let nextId = 0;
  let dead: Error | null = null;
  let deathMessage = "";

  // `message` is the worker's own error message (or what stopped it), quoted as it is.
  const die = (message: string) => {
    if (dead) return;
    const reason = `died (${message})`;
    deathMessage = message;
    dead = new Error(`${name} ${reason}`);
    worker.terminate();
    for (const request of loading.values()) {
      request.reject(new Error(`${name} failed while loading the plane: ${message}`));
    }
    for (const request of pending.values()) {
      request.reject(new Error(`${name} failed while evaluating ${request.where}: ${reason}`));
    }
    loading.clear();
    written.clear();
    pending.clear();
  };

  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    if (message.type === "written") {
      written.get(message.plane)?.();
      return;
    }
    if (message.type === "loaded" || message.type === "load-failed") {
      const request = loading.get(message.plane);
      loading.delete(message.plane);
      written.delete(message.plane);
      // Validation errors keep their class and message: the same as on one thread.
      if (message.type === "loaded") request?.resolve();
      else request?.reject(deserializeError(message.error));
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
    // "Uncaught (in promise) Error: ..." -> "Error: ...": the worker's own words.
    const message = (event.message ?? "uncaught error").replace(/^Uncaught (\(in promise\) )?/, "");
    // Results the worker posted before it died may still be on their way (messages and errors
    // reach this thread by different routes): let them in first, so that a finished tile is
    // kept and the failure names the tile the worker was on.
    setTimeout(() => die(message), DEATH_GRACE_MS);
  };
  worker.onmessageerror = () => die("it sent a message that could not be read");
  const send = (message: ToWorker, transfer: Transferable[] = []) =>
    worker.postMessage(message, transfer);

  return {
    load(plane, options, failOnTile, share = null, onWritten) {
      if (dead) {
        return Promise.reject(new Error(`${name} failed while loading the plane: ${deathMessage}`));
      }
      return new Promise((resolve, reject) => {
        loading.set(plane, { resolve, reject, where: `plane ${plane}` });
        if (onWritten) written.set(plane, onWritten);
        send({ type: "load", plane, options, failOnTile, share });
      });
    },
    productsComplete(plane) {
      if (!dead) send({ type: "products", plane });
    },
    prepare(kernel) {
      if (!dead) send({ type: "prepare", kernel });
    },
    unload(plane) {
      if (!dead) send({ type: "unload", plane });
    },
    evaluate(plane, tile, alphas, betas, where) {
      if (dead) return Promise.reject(new Error(`${dead.message}; cannot evaluate ${where}`));
      const id = nextId++;
      const transfer = betas ? [alphas.buffer, betas.buffer] : [alphas.buffer];
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, where });
        send({ type: "evaluate", id, plane, tile, alphas, betas }, transfer);
      });
    },
    terminate() {
      die("it was terminated (its pool was disposed)");
    },
  };
}
