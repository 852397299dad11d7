/**
 * The shared memory of a split training step (./split_gradients.ts and ./gradient_worker.ts):
 * the weights and the Worker's half batch going in, its half's mean gradient and loss coming
 * back, and four integers that order the exchange.
 * @module
 */
import type { ModelSpec } from "../model/spec.ts";

/** Positions in the control array. */
export const CONTROL = {
  /** Request number, raised by the caller when a half batch is ready. */
  REQUEST: 0,
  /** The last request answered (or {@linkcode FAILED}), set by the Worker. */
  DONE: 1,
  /** Rows in the Worker's half batch. */
  ROWS: 2,
  /** The optimiser step (it seeds dropout). */
  STEP: 3,
} as const;

/** `control[REQUEST]` telling the Worker to return. */
export const STOP = -1;

/** `control[DONE]` when the Worker's half failed (it posts the message). */
export const FAILED = -2;

/** The buffers, as sent to the Worker. */
export interface SplitBuffers {
  /** Int32 x 4: see {@linkcode CONTROL}. */
  control: SharedArrayBuffer;
  /** Float32 x the layout's size: the weights of the step. */
  weights: SharedArrayBuffer;
  /** Float32 x (half rows x features): the Worker's inputs. */
  x: SharedArrayBuffer;
  /** Int32 x half rows: the Worker's labels. */
  labels: SharedArrayBuffer;
  /** Float32 x the layout's size: the Worker's mean gradient over its half. */
  grads: SharedArrayBuffer;
  /** Float64 x 1: the Worker's mean loss over its half. */
  loss: SharedArrayBuffer;
}

/** The Worker's one setup message. */
export interface SplitSetup {
  /** The model (without batch norm). */
  spec: ModelSpec;
  /** The run's seed. */
  seed: number;
  /** The shared memory. */
  buffers: SplitBuffers;
}

/** Typed views of {@linkcode SplitBuffers}. */
export interface SplitViews {
  /** See {@linkcode CONTROL}. */
  control: Int32Array;
  /** The weights. */
  weights: Float32Array;
  /** The Worker's inputs, half rows x features. */
  x: Float32Array;
  /** The Worker's labels, half rows. */
  labels: Int32Array;
  /** The Worker's mean gradient. */
  grads: Float32Array;
  /** The Worker's mean loss. */
  loss: Float64Array;
}

/**
 * Allocates the shared memory for a model and batch size.
 *
 * @param options Weights per model, features per sample, rows in the Worker's half.
 * @returns The buffers.
 * @example
 * ```ts
 * import { allocateSplitBuffers, viewsOf } from "./split_buffers.ts";
 * const views = viewsOf(allocateSplitBuffers({ size: 4, features: 2, halfRows: 32 }));
 * console.log(views.x.length, views.grads.length); // 64 4
 * ```
 */
export function allocateSplitBuffers(
  { size, features, halfRows }: { size: number; features: number; halfRows: number },
): SplitBuffers {
  return {
    control: new SharedArrayBuffer(4 * 4),
    weights: new SharedArrayBuffer(4 * size),
    x: new SharedArrayBuffer(4 * halfRows * features),
    labels: new SharedArrayBuffer(4 * halfRows),
    grads: new SharedArrayBuffer(4 * size),
    loss: new SharedArrayBuffer(8),
  };
}

/**
 * Typed views of the buffers (on either thread).
 *
 * @param buffers The shared memory.
 * @returns Its views.
 * @example
 * ```ts
 * import { allocateSplitBuffers, viewsOf } from "./split_buffers.ts";
 * console.log(viewsOf(allocateSplitBuffers({ size: 1, features: 1, halfRows: 1 })).control.length); // 4
 * ```
 */
export function viewsOf(buffers: SplitBuffers): SplitViews {
  return {
    control: new Int32Array(buffers.control),
    weights: new Float32Array(buffers.weights),
    x: new Float32Array(buffers.x),
    labels: new Int32Array(buffers.labels),
    grads: new Float32Array(buffers.grads),
    loss: new Float64Array(buffers.loss),
  };
}
