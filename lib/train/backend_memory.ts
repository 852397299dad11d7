/**
 * Reading a tensor's values without an intermediate copy on the WASM backend. `dataSync`
 * copies a tensor into a new array; per training step that is every gradient, a few hundred
 * kilobytes of allocation for the garbage collector, only to be copied again into the flat
 * gradient vector. The WASM backend keeps each tensor in its heap (`typedArrayFromHeap` gives a
 * view of it), so the values are copied once, from that view. Other backends take `dataSync`.
 *
 * Writing works the other way round only in appearance: the backend's matrix product (XNNPACK)
 * keeps its packed copy of a weight matrix keyed by the tensor, so weights overwritten in place
 * are multiplied as they were (tried: training diverges). New weights go in as new tensors.
 * @module
 */
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";

/** The part of tfjs-backend-wasm's backend used here. */
interface WasmHeap {
  typedArrayFromHeap(tensor: Tensor): Float32Array;
}

/** The backend as a heap, when it is the WASM backend and the tensor is float32. */
function heapOf(tf: Tfjs, tensor: Tensor): WasmHeap | undefined {
  if (tf.getBackend() !== "wasm" || tensor.dtype !== "float32") return undefined;
  const backend = tf.backend() as unknown as Partial<WasmHeap>;
  return typeof backend.typedArrayFromHeap === "function" ? backend as WasmHeap : undefined;
}

/**
 * Copies a tensor's values into `target` at `offset`.
 *
 * @param tf TF.js.
 * @param tensor The tensor (not disposed).
 * @param target Where the values go.
 * @param offset First index written. Default 0.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { readTensorInto } from "./backend_memory.ts";
 * const tf = await loadTfjs();
 * const target = new Float32Array(3);
 * readTensorInto(tf, tf.tensor1d([1, 2]), target, 1);
 * console.log(target); // Float32Array [0, 1, 2]
 * ```
 */
export function readTensorInto(
  tf: Tfjs,
  tensor: Tensor,
  target: Float32Array,
  offset = 0,
): void {
  const heap = heapOf(tf, tensor);
  target.set(
    heap ? heap.typedArrayFromHeap(tensor) : tensor.dataSync() as Float32Array,
    offset,
  );
}
