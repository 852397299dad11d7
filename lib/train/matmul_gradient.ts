/**
 * A MatMul gradient without transpose flags. In tfjs-backend-wasm 4.22 a matMul with
 * `transposeA` or `transposeB` skips XNNPACK for a scalar loop (about 2 GFLOP/s against about 32),
 * and TF.js's own MatMul gradient uses those flags: for C = A B it computes dA = dy B^T and
 * dB = A^T dy as flagged products, so a dense layer's weight gradient dominated a training step.
 * Here the operand is transposed explicitly (a cheap copy) and the product runs unflagged.
 *
 * For C = op(A) op(B), with op a transpose or not:
 *   C = A B:      dA = dy B^T,    dB = A^T dy
 *   C = A B^T:    dA = dy B,      dB = dy^T A
 *   C = A^T B:    dA = B dy^T,    dB = A dy
 *   C = A^T B^T:  dA = B^T dy^T,  dB = dy^T A^T
 * @module
 */
import type { GradConfig, NamedAttrMap, Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";

let stock: GradConfig | undefined;

/**
 * Swaps the last two axes (a matrix transpose, batched).
 *
 * @param tf TF.js.
 * @param x A tensor of rank 2 or more.
 * @returns x with its last two axes swapped.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { transposeLast } from "./matmul_gradient.ts";
 * const tf = await loadTfjs();
 * console.log(transposeLast(tf, tf.zeros([2, 3, 4])).shape); // [2, 4, 3]
 * ```
 */
export function transposeLast(tf: Tfjs, x: Tensor): Tensor {
  const axes = x.shape.map((_, i) => i);
  axes.push(...axes.splice(-2).reverse());
  return tf.transpose(x, axes);
}

/**
 * Registers the flag-free MatMul (`BatchMatMul`) gradient, replacing TF.js's. Products whose
 * batch axes broadcast (rare; no layer here makes one) keep TF.js's gradient.
 *
 * @param tf TF.js.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { registerMatMulGradient } from "./matmul_gradient.ts";
 * registerMatMulGradient(await loadTfjs()); // loadTfjs already does this
 * ```
 */
export function registerMatMulGradient(tf: Tfjs): void {
  stock ??= tf.getGradient("BatchMatMul");
  const fallback = stock;
  tf.registerGradient({
    kernelName: "BatchMatMul",
    inputsToSave: ["a", "b"],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const [a, b] = saved;
      const gradient = dy as Tensor;
      const sameBatch = a.rank === b.rank &&
        a.shape.slice(0, -2).every((size, i) => size === b.shape[i]);
      if (!sameBatch && fallback) return fallback.gradFunc(dy, saved, attrs);
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      const t = (x: Tensor) => transposeLast(tf, x);
      const mm = (x: Tensor, y: Tensor) => tf.matMul(x, y);
      if (!transposeA && !transposeB) {
        return { a: () => mm(gradient, t(b)), b: () => mm(t(a), gradient) };
      }
      if (!transposeA && transposeB) {
        return { a: () => mm(gradient, b), b: () => mm(t(gradient), a) };
      }
      if (transposeA && !transposeB) {
        return { a: () => mm(b, t(gradient)), b: () => mm(a, gradient) };
      }
      return { a: () => mm(t(b), t(gradient)), b: () => mm(t(gradient), t(a)) };
    },
  });
}
