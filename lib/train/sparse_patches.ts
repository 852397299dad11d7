/**
 * A convolution's filter gradient P^T dy (./conv_gradient.ts, its im2col form) over the nonzero
 * entries of P only, when P is mostly zeros: a first layer on images with dark backgrounds
 * (MNIST digits: about 80% of P). The patches go straight into the engine's kernel memory, the
 * kernel lists each tap's nonzero entries and multiplies them with dy (assembly/sparse.ts),
 * about a fifth of the multiplies of TF.js's product, which computes them all. The sums run in
 * one fixed order (output positions ascending), deterministic on every machine; patches denser
 * than {@linkcode SPARSE_DENSITY} answer null and go through TF.js as before.
 * @module
 */
import type { Tensor2D, Tensor4D } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Kernel } from "../engine/kernel/kernel.ts";
import type { Tfjs } from "./tfjs.ts";
import { readTensorInto } from "./host_op.ts";
import { writeTransposedPatches } from "./conv_layouts.ts";
import { SPARSE_DENSITY } from "./sparse_first_layer.ts";

export { SPARSE_DENSITY };

/** The filter gradient over nonzero patches; made by {@linkcode createSparsePatchProducts}. */
export interface SparsePatchProducts {
  /**
   * P^T dy as `[kh kw c, o]` (P: x's patches, as `transposedPatches` writes them transposed),
   * or null when P has more than {@linkcode SPARSE_DENSITY} of nonzero entries.
   */
  filterGradient(
    x: Tensor4D,
    dy: Tensor4D,
    kernel: [number, number],
    strides: [number, number],
    before: [number, number],
  ): Tensor2D | null;
}

/**
 * Creates the products on a kernel instance, which they own from now on (its memory is reset
 * and regrown when a larger product comes).
 *
 * @param tf TF.js.
 * @param kernel A kernel instance (`instantiateKernel`).
 * @returns The products.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { instantiateKernel } from "../engine/mod.ts";
 * import { createSparsePatchProducts } from "./sparse_patches.ts";
 * const tf = await loadTfjs();
 * const products = createSparsePatchProducts(tf, await instantiateKernel());
 * const x = tf.tensor4d([0, 2, 0, 0], [1, 2, 2, 1]), dy = tf.ones([1, 2, 2, 1]) as typeof x;
 * console.log(products.filterGradient(x, dy, [1, 1], [1, 1], [0, 0])?.dataSync()); // Float32Array [2]
 * ```
 */
export function createSparsePatchProducts(tf: Tfjs, kernel: Kernel): SparsePatchProducts {
  let capacity = { input: -1, patches: -1, gradient: -1, out: -1 };
  let pointers = { input: 0, patches: 0, idx: 0, val: 0, counts: 0, gradient: 0, out: 0 };
  const reserve = (input: number, patches: number, gradient: number, out: number, taps: number) => {
    if (
      input <= capacity.input && patches <= capacity.patches && gradient <= capacity.gradient &&
      out <= capacity.out && taps <= capacity.out
    ) return;
    kernel.reset();
    capacity = {
      input: Math.max(input, capacity.input),
      patches: Math.max(patches, capacity.patches),
      gradient: Math.max(gradient, capacity.gradient),
      out: Math.max(out, taps, capacity.out),
    };
    pointers = {
      input: kernel.allocate(capacity.input * 4),
      patches: kernel.allocate(capacity.patches * 4),
      idx: kernel.allocate(capacity.patches * 4),
      val: kernel.allocate(capacity.patches * 4),
      counts: kernel.allocate(capacity.out * 4),
      gradient: kernel.allocate(capacity.gradient * 4),
      out: kernel.allocate(capacity.out * 4),
    };
  };
  return {
    filterGradient(x, dy, [kh, kw], strides, before) {
      const [n, , , c] = x.shape;
      const [, oh, ow, o] = dy.shape;
      const taps = kh * kw * c, columns = n * oh * ow;
      reserve(x.size, taps * columns, dy.size, taps * o, taps);
      const { f32 } = kernel;
      readTensorInto(tf, x, f32, pointers.input / 4);
      const input = f32.subarray(pointers.input / 4, pointers.input / 4 + x.size);
      const size = [kh, kw] as [number, number];
      writeTransposedPatches(input, x.shape, f32, pointers.patches / 4, size, strides, before, [
        oh,
        ow,
      ]);
      const { patches, idx, val, counts, gradient, out } = pointers;
      const nonzero = kernel.sparseRows(patches, taps, columns, idx, val, counts);
      if (nonzero > SPARSE_DENSITY * taps * columns) return null;
      readTensorInto(tf, dy, kernel.f32, gradient / 4);
      kernel.sparseTimesDense(idx, val, counts, taps, columns, gradient, o, out);
      // The backend copies a tensor's values into its own heap at once: a view is enough.
      return tf.tensor2d(kernel.f32.subarray(out / 4, out / 4 + taps * o), [taps, o]);
    },
  };
}
