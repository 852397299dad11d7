/**
 * A training batch's gradient on two threads, data-parallel: the calling thread computes the
 * first half of the batch (the first ceil(n/2) rows) while a Worker with its own TF.js
 * (./gradient_worker.ts) computes the rest, and the two half means are combined in float64,
 * (h g1 + (n - h) g2) / n, rounded once to float32. The split depends only on the batch, never
 * on the machine, so a seed gives the same bits anywhere; against one thread over the whole batch
 * only the order of the sums differs. TF.js's WASM backend is single-threaded under Deno, so
 * without this the second core idles while a convolutional model trains.
 *
 * Only for models whose gradient is a mean of per-sample gradients: no batch norm (statistics
 * per half would change the model) and no dropout (masks are drawn per batch tensor). See
 * ./train_threads.ts for the rule.
 * @module
 */
import type { Tensor, Variable } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";
import type { ResolvedModel } from "../model/resolve.ts";
import type { ParamLayout } from "../model/layout.ts";
import { createBatchGradients } from "./batch_gradients.ts";
import { allocateSplitBuffers, CONTROL, FAILED, STOP, viewsOf } from "./split_buffers.ts";

/** Computes one batch's mean gradient into `grads` on two threads; resolves to the mean loss. */
export interface SplitGradients {
  /** One batch: x holds `labels.length` rows; the weights are read from `values` at the call. */
  (x: Float32Array, labels: Int32Array, step: number, grads: Float32Array): Promise<number>;
  /** Stops the Worker (a call in progress rejects). Safe to call twice. */
  dispose(): void;
}

/** Options for {@linkcode createSplitGradients}. */
export interface SplitGradientsOptions {
  /** TF.js on this thread. */
  tf: Tfjs;
  /** The resolved model (no batch norm, no dropout). */
  model: ResolvedModel;
  /** Its layout. */
  layout: ParamLayout;
  /** Parameter tensor by name on this thread (holding the weights in `values`). */
  param: (name: string) => Tensor;
  /** The trainable parameters by name on this thread. */
  variables: Map<string, Variable>;
  /** The flat weights, read at every call (the Worker gets a copy). */
  values: Float32Array;
  /** The run's seed. */
  seed: number;
  /** The largest batch. */
  batchSize: number;
  /** Features per sample. */
  features: number;
}

/**
 * Starts the Worker and returns the two-thread gradient function.
 *
 * @param options Model, its tensors on this thread, the flat weights, seed and batch shape.
 * @returns The gradient function; dispose it when done.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { resolveModel } from "../model/resolve.ts";
 * import { modelLayout } from "../model/model_layout.ts";
 * import { createSplitGradients } from "./split_gradients.ts";
 * const tf = await loadTfjs();
 * const model = resolveModel({ kind: "sequential", inputShape: [1], layers: [{ type: "dense", units: 2 }] });
 * const variables = new Map([["dense0/kernel", tf.variable(tf.zeros([1, 2]))], ["dense0/bias", tf.variable(tf.zeros([2]))]]);
 * const split = createSplitGradients({
 *   tf, model, layout: modelLayout(model), param: (name) => variables.get(name)!, variables,
 *   values: new Float32Array(4), seed: 0, batchSize: 2, features: 1,
 * });
 * const grads = new Float32Array(4);
 * console.log((await split(new Float32Array([1, 1]), new Int32Array([0, 1]), 0, grads)).toFixed(4), grads); // "0.6931" Float32Array [0, 0, 0, 0]
 * split.dispose();
 * for (const variable of variables.values()) variable.dispose();
 * ```
 */
export function createSplitGradients(options: SplitGradientsOptions): SplitGradients {
  const { tf, model, layout, param, variables, values, seed, batchSize, features } = options;
  const local = createBatchGradients(tf, model, layout, param, variables, seed);
  const buffers = allocateSplitBuffers({
    size: layout.size,
    features,
    halfRows: Math.floor(batchSize / 2),
  });
  const views = viewsOf(buffers);
  const { control } = views;
  const worker = new Worker(new URL("./gradient_worker.ts", import.meta.url), {
    type: "module",
    name: "losscape training gradients",
  });
  let fail!: (error: Error) => void;
  const failed = new Promise<never>((_, reject) => fail = reject);
  failed.catch(() => {});
  const started = new Promise<void>((resolve) => {
    worker.onmessage = (event: MessageEvent<{ ready?: true; error?: string }>) => {
      if (event.data.error !== undefined) {
        fail(new Error(`training gradient Worker failed: ${event.data.error}`));
      } else resolve();
    };
  });
  // Disposed before its first call, the Worker's failure concerns nobody.
  const ready = Promise.race([started, failed]);
  ready.catch(() => {});
  worker.onerror = (event) => {
    event.preventDefault();
    fail(new Error(`training gradient Worker stopped: ${event.message}`));
  };
  worker.postMessage({ spec: model.spec, seed, buffers });
  let requests = 0;
  let disposed = false;

  /** Resolves once the Worker has answered `request`; rejects if it failed or stopped. */
  const answered = async (request: number) => {
    for (;;) {
      const done = Atomics.load(control, CONTROL.DONE);
      if (done === request) return;
      if (done === FAILED) await failed;
      // waitAsync keeps the event loop turning (signals, the checkpoint evaluator's answers).
      const waiting = Atomics.waitAsync(control, CONTROL.DONE, done);
      if (waiting.async) await Promise.race([waiting.value, failed]);
    }
  };

  const split = async (x: Float32Array, labels: Int32Array, step: number, grads: Float32Array) => {
    const count = labels.length;
    const head = Math.ceil(count / 2);
    const rest = count - head;
    if (rest === 0) return local(x, labels, step, grads, new Map());
    await ready;
    // Disposed while this call waited: the Worker may still be alive to answer a new request
    // (terminate takes effect later), so refuse it here.
    if (disposed) throw new Error("training gradient Worker disposed");
    views.weights.set(values);
    views.x.set(x.subarray(head * features, count * features));
    views.labels.set(labels.subarray(head));
    control[CONTROL.ROWS] = rest;
    control[CONTROL.STEP] = step;
    const request = ++requests;
    Atomics.store(control, CONTROL.REQUEST, request);
    Atomics.notify(control, CONTROL.REQUEST);
    const headLoss = local(
      x.subarray(0, head * features),
      labels.subarray(0, head),
      step,
      grads,
      new Map(),
    );
    await answered(request);
    const other = views.grads;
    for (let i = 0; i < grads.length; i++) grads[i] = (head * grads[i] + rest * other[i]) / count;
    return (head * headLoss + rest * views.loss[0]) / count;
  };
  return Object.assign(split, {
    dispose() {
      if (disposed) return;
      disposed = true;
      Atomics.store(control, CONTROL.REQUEST, STOP);
      Atomics.notify(control, CONTROL.REQUEST);
      worker.terminate();
      fail(new Error("training gradient Worker disposed"));
    },
  });
}
