/**
 * A host pass over tensors where they live. On the WASM backend a tensor's values sit in the
 * module's heap: `dataSync()` copies them into a fresh JavaScript buffer (on this kind of virtual
 * machine fresh memory costs more than the copy: about 6 ms for a [64, 28, 28, 16] activation)
 * and `tf.tensor()` copies a result back in. Here the pass reads its inputs and writes its output
 * through views of the heap, the way the backend's own kernels do (`makeOutput`,
 * `typedArrayFromHeap`); on any other backend it falls back to those copies.
 * @module
 */
import type { Tensor } from "npm:@tensorflow/tfjs@4.22.0";
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
 * Runs `compute` over float32 views of the inputs and of a new output tensor.
 *
 * `compute` must write every cell of the output (on the WASM backend it starts with whatever the
 * heap held), must not keep the views (they detach when the heap grows) and must not create
 * tensors. The result is tracked by TF.js like any kernel output (disposed by `tf.tidy`).
 *
 * @param tf TF.js.
 * @param inputs Float32 tensors to read.
 * @param outputShape The shape of the result.
 * @param compute Fills `output` from `inputs` (views in the order given).
 * @returns The result, a float32 tensor of `outputShape`.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { hostOp } from "./host_op.ts";
 * const tf = await loadTfjs();
 * const doubled = hostOp(tf, [tf.tensor1d([1, 2])], [2], ([x], out) => {
 *   for (let i = 0; i < x.length; i++) out[i] = 2 * x[i];
 * });
 * doubled.print(); // [2, 4]
 * ```
 */
export function hostOp(
  tf: Tfjs,
  inputs: Tensor[],
  outputShape: number[],
  compute: (inputs: Float32Array[], output: Float32Array) => void,
): Tensor {
  for (const input of inputs) {
    if (input.dtype !== "float32") {
      throw new TypeError(`hostOp reads float32 tensors: got ${input.dtype}`);
    }
  }
  if (tf.getBackend() !== "wasm") {
    const output = new Float32Array(outputShape.reduce((a, b) => a * b, 1));
    compute(inputs.map((t) => t.dataSync() as Float32Array), output);
    return tf.tensor(output, outputShape);
  }
  const backend = tf.backend() as unknown as HeapBackend;
  // Allocate first: the allocation may grow the heap, which detaches earlier views.
  const info = backend.makeOutput(outputShape, "float32");
  const views = inputs.map((t) => backend.typedArrayFromHeap(t as unknown as TensorInfo));
  compute(views, backend.typedArrayFromHeap(info));
  return tf.engine().makeTensorFromTensorInfo(info);
}
