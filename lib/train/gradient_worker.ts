/**
 * The Worker behind `createSplitGradients` (./split_gradients.ts): its own TF.js (WASM backend)
 * computing the second half of each training batch's gradient while the calling thread computes
 * the first. One message sets it up (`{ spec, seed, buffers }`) and is answered `{ ready: true }`
 * or `{ error }`; after that the two threads meet only in shared memory: the caller writes the
 * weights and the half batch, bumps `control[REQUEST]`; this Worker writes the half's mean
 * gradient and loss and bumps `control[DONE]` (or stores `FAILED` there and posts `{ error }`).
 * @module
 */
/// <reference lib="deno.worker" />
import type { Variable } from "npm:@tensorflow/tfjs-core@4.22.0";
import { resolveModel } from "../model/resolve.ts";
import { modelLayout } from "../model/model_layout.ts";
import { loadTfjs } from "./tfjs.ts";
import { createBatchGradients } from "./batch_gradients.ts";
import { CONTROL, FAILED, type SplitSetup, STOP, viewsOf } from "./split_buffers.ts";

self.onmessage = async (event: MessageEvent<SplitSetup>) => {
  const { spec, seed } = event.data;
  const views = viewsOf(event.data.buffers);
  const { control } = views;
  let step: (() => void) | undefined;
  try {
    const tf = await loadTfjs();
    const model = resolveModel(spec);
    const layout = modelLayout(model);
    const variables = new Map<string, Variable>();
    for (const slot of layout.tensors) {
      const initial = tf.zeros(slot.shape);
      variables.set(slot.name, tf.variable(initial));
      initial.dispose();
    }
    const gradients = createBatchGradients(
      tf,
      model,
      layout,
      (name) => variables.get(name)!,
      variables,
      seed,
    );
    step = () => {
      for (const slot of layout.tensors) {
        const update = tf.tensor(
          views.weights.subarray(slot.offset, slot.offset + slot.size),
          slot.shape,
        );
        variables.get(slot.name)!.assign(update);
        update.dispose();
      }
      const rows = control[CONTROL.ROWS];
      views.loss[0] = gradients(
        views.x.subarray(0, rows * (views.x.length / views.labels.length)),
        views.labels.subarray(0, rows),
        control[CONTROL.STEP],
        views.grads,
        new Map(),
      );
    };
    self.postMessage({ ready: true });
  } catch (error) {
    self.postMessage({ error: (error as Error).message });
    return;
  }
  // Blocking waits: this thread does nothing else, and a wake-up costs microseconds.
  let seen = 0;
  for (;;) {
    Atomics.wait(control, CONTROL.REQUEST, seen);
    seen = Atomics.load(control, CONTROL.REQUEST);
    if (seen === STOP) return;
    try {
      step();
      Atomics.store(control, CONTROL.DONE, seen);
    } catch (error) {
      Atomics.store(control, CONTROL.DONE, FAILED);
      self.postMessage({ error: (error as Error).message });
    }
    Atomics.notify(control, CONTROL.DONE);
  }
};
