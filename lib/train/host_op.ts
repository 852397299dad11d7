/**
 * Host passes over tensors where they live, and reads out of them. On the WASM backend a tensor's values sit in the
 * module's heap: `dataSync()` copies them into a fresh JavaScript buffer (on this kind of virtual
 * machine fresh memory costs more than the copy: about 6 ms for a [64, 28, 28, 16] activation)
 * and `tf.tensor()` copies a result back in. Here the pass reads its inputs and writes its output
 * through views of the heap, the way the backend's own kernels do (`makeOutput`,
 * `typedArrayFromHeap`); on any other backend it falls back to those copies.
 * @module
 */
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";

/** The two methods of tfjs-backend-wasm's `BackendWasm` used here. */
interface HeapBackend {
  makeOutput(shape: number[], dtype: "float32"): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

/** What a backend hands out for a tensor: its data id, shape and type. */
interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: "float32";
}

/**
 * Runs `compute` over float32 views of the inputs and of new output tensors.
 *
 * `compute` must write every cell of every output (on the WASM backend they start with whatever
 * the heap held), must not keep the views (they detach when the heap grows) and must not create
 * tensors. The results are tracked by TF.js like any kernel output (disposed by `tf.tidy`).
 *
 * @param tf TF.js.
 * @param inputs Float32 tensors to read.
 * @param outputShapes The shape of each result.
 * @param compute Fills `outputs` from `inputs` (views in the order given).
 * @returns The results, float32 tensors of `outputShapes`.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { hostOp } from "./host_op.ts";
 * const tf = await loadTfjs();
 * const [doubled] = hostOp(tf, [tf.tensor1d([1, 2])], [[2]], ([x], [out]) => {
 *   for (let i = 0; i < x.length; i++) out[i] = 2 * x[i];
 * });
 * doubled.print(); // [2, 4]
 * ```
 */
export function hostOp(
  tf: Tfjs,
  inputs: Tensor[],
  outputShapes: number[][],
  compute: (inputs: Float32Array[], outputs: Float32Array[]) => void,
): Tensor[] {
  for (const input of inputs) {
    if (input.dtype !== "float32") {
      throw new TypeError(`hostOp reads float32 tensors: got ${input.dtype}`);
    }
  }
  const backend = heapBackend(tf);
  if (!backend) {
    const outputs = outputShapes.map((shape) => new Float32Array(shape.reduce((a, b) => a * b, 1)));
    compute(inputs.map((t) => t.dataSync() as Float32Array), outputs);
    return outputs.map((values, i) => tf.tensor(values, outputShapes[i]));
  }
  // Allocate first: an allocation may grow the heap, which detaches earlier views.
  const infos = outputShapes.map((shape) => backend.makeOutput(shape, "float32"));
  const view = (info: TensorInfo) => backend.typedArrayFromHeap(info);
  compute(inputs.map((t) => view(t as unknown as TensorInfo)), infos.map(view));
  return infos.map((info) => tf.engine().makeTensorFromTensorInfo(info));
}

/** The WASM backend as a heap of float32 views; undefined on any other backend. */
function heapBackend(tf: Tfjs): HeapBackend | undefined {
  return tf.getBackend() === "wasm" ? tf.backend() as unknown as HeapBackend : undefined;
}

/**
 * Copies a tensor's values into `target` at `offset`: on the WASM backend straight from its heap
 * (one copy, no intermediate array as `dataSync` makes), elsewhere through `dataSync`.
 *
 * Writing in place the other way would not do: the backend's matrix product (XNNPACK) keeps its
 * packed copy of a weight matrix keyed by the tensor, so weights overwritten in place are
 * multiplied as they were (tried: training diverges). New weights go in as new tensors.
 *
 * @param tf TF.js.
 * @param tensor The tensor (not disposed).
 * @param target Where the values go.
 * @param offset First index written. Default 0.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { readTensorInto } from "./host_op.ts";
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
  const backend = tensor.dtype === "float32" ? heapBackend(tf) : undefined;
  target.set(
    backend
      ? backend.typedArrayFromHeap(tensor as unknown as TensorInfo)
      : tensor.dataSync() as Float32Array,
    offset,
  );
}
