/**
 * An `Identity` kernel for the WASM backend that shares its input's memory instead of copying it.
 * TF.js runs `Identity` (`tf.clone`) on every tensor that a gradient keeps for the backward pass:
 * a conv layer's input, a ReLU's input, a max-pool's input. tfjs-backend-wasm 4.22 copies each one
 * into freshly allocated heap memory (a [64, 28, 28, 16] activation is 3.2 MB); TF.js tensors are
 * immutable, so a second reference to the same memory is the same value, as the CPU backend's own
 * `Identity` and the WASM backend's `Reshape` already do (a reference count frees the memory when
 * the last tensor holding it is disposed).
 * @module
 */
import type { KernelConfig, KernelFunc, TensorInfo } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";

/** The WASM backend's reference count on a tensor's memory. */
interface CountedBackend {
  incRef(dataId: object): void;
}

/** Identity by reference: one more owner of the input's memory. */
const sharedIdentity = ((args: { inputs: { x: TensorInfo }; backend: CountedBackend }) => {
  const { x } = args.inputs;
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}) as unknown as KernelFunc;

/**
 * Replaces the WASM backend's `Identity` kernel with one that shares memory (string tensors,
 * which the WASM backend keeps outside its heap, too: the values are the same objects).
 *
 * @param tf TF.js (with the WASM backend registered).
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { registerSharedIdentity } from "./shared_identity.ts";
 * const tf = await loadTfjs();
 * registerSharedIdentity(tf); // loadTfjs already does this
 * const x = tf.tensor1d([1, 2]);
 * const y = tf.clone(x);
 * x.dispose();
 * y.print(); // [1, 2]
 * ```
 */
export function registerSharedIdentity(tf: Tfjs): void {
  const kernel: KernelConfig = {
    kernelName: "Identity",
    backendName: "wasm",
    kernelFunc: sharedIdentity,
  };
  if (tf.getKernel("Identity", "wasm")) tf.unregisterKernel("Identity", "wasm");
  tf.registerKernel(kernel);
}
