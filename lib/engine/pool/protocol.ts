/**
 * The messages between the worker pool (`worker_pool.ts`) and its workers (`worker.ts`). A
 * worker outlives planes: each plane is sent once, with `load`, and dropped with `unload`; each
 * tile then costs one small message each way, and result arrays are transferred, not copied.
 * When the workers split the first layer's products, each says `written` once its samples are
 * in the shared array, and the pool answers every worker with `products` when all have.
 * @module
 */
import type { PlaneEvaluatorOptions } from "../evaluator.ts";
import type { KernelVariant } from "../kernel/source.ts";

/** Pool -> worker. */
export type ToWorker =
  | {
    type: "load";
    /** The plane's number, unique per pool. */
    plane: number;
    /** Exactly what `createPlaneEvaluator` takes, with the kernel variant resolved. */
    options: PlaneEvaluatorOptions;
    /** Test hook: throw (uncaught, so the worker dies) on this tile number; -1 for never. */
    failOnTile: number;
    /** This worker's part of the first layer's products, or null to compute them all. */
    share: SharedProducts | null;
  }
  | { type: "unload"; plane: number }
  | { type: "products"; plane: number }
  | {
    type: "prepare";
    /** The pool's kernel: instantiated at once, so the first plane finds it compiled. */
    kernel: KernelVariant | WebAssembly.Module;
  }
  | {
    type: "evaluate";
    /** Request id, unique per pool worker. */
    id: number;
    /** Which loaded plane. */
    plane: number;
    /** Which `evaluate` call of the plane this share belongs to (for error messages). */
    tile: number;
    alphas: Float32Array;
    betas: Float32Array | null;
  };

/** Worker -> pool. */
export type FromWorker =
  | { type: "loaded"; plane: number }
  | { type: "written"; plane: number }
  | { type: "load-failed"; plane: number; error: SerializedError }
  | { type: "result"; id: number; loss: Float32Array; accuracy: Float32Array }
  | { type: "failed"; id: number; error: SerializedError };

/** A worker's part of a plane's first-layer products (`run/product_share.ts`). */
export interface SharedProducts {
  /** The worker's index among those sharing. */
  index: number;
  /** Workers sharing. */
  threads: number;
  /** Every sample's products, on a SharedArrayBuffer. */
  products: Float32Array;
}

/** An error reduced to what survives postMessage on every runtime. */
export interface SerializedError {
  /** The constructor name, e.g. `"RangeError"`. */
  name: string;
  /** The message. */
  message: string;
}

/**
 * Reduces a thrown value to its name and message.
 *
 * @param error Anything thrown.
 * @returns Its name and message.
 * @example
 * ```ts
 * import { serializeError } from "./protocol.ts";
 * console.log(serializeError(new RangeError("bad"))); // { name: "RangeError", message: "bad" }
 * ```
 */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}

/**
 * Rebuilds an error of the same built-in class (TypeError and RangeError keep theirs, so a
 * caller sees the same error from the pool as from a single-thread evaluator).
 *
 * @param error The serialized error.
 * @param prefix Text put before the message, e.g. which worker failed.
 * @returns The error.
 * @example
 * ```ts
 * import { deserializeError } from "./protocol.ts";
 * console.log(deserializeError({ name: "TypeError", message: "bad" }) instanceof TypeError); // true
 * ```
 */
export function deserializeError(error: SerializedError, prefix = ""): Error {
  const message = prefix + error.message;
  if (error.name === "TypeError") return new TypeError(message);
  if (error.name === "RangeError") return new RangeError(message);
  return new Error(message);
}
