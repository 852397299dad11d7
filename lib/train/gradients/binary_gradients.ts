/**
 * Gradients of the element-wise binary kernels, with NumPy broadcasting: an operand that was
 * broadcast gets its gradient summed back to its own shape (./axes.ts). For z = f(a, b):
 *   Add: da = dz, db = dz          Sub: da = dz, db = -dz
 *   Multiply: da = dz b, db = dz a RealDiv: da = dz / b, db = -(dz a) / b^2
 *   Maximum: da = dz [a >= b], db = dz [a < b]   (ties go to a)
 *   Minimum: da = dz [a <= b], db = dz [a > b]
 *   SquaredDifference: da = dz 2 (a - b), db = dz 2 (b - a)
 * The operations run in the order TF.js's own gradients use, so training is bit-for-bit what it
 * was with the `@tensorflow/tfjs` bundle's gradients.
 * @module
 */
import type { GradConfig, Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../tfjs.ts";
import { unbroadcast } from "./axes.ts";

type Pair = (a: Tensor, b: Tensor, dy: Tensor) => { a: () => Tensor; b: () => Tensor };

/**
 * The gradient configs of Add, Sub, Multiply, RealDiv, Maximum, Minimum and SquaredDifference.
 *
 * @param tf TF.js.
 * @returns One config per kernel, for `tf.registerGradient`.
 * @example
 * ```ts
 * import { loadTfjs } from "../tfjs.ts";
 * import { binaryGradients } from "./binary_gradients.ts";
 * const tf = await loadTfjs();
 * console.log(binaryGradients(tf).map((config) => config.kernelName).includes("Add")); // true
 * ```
 */
export function binaryGradients(tf: Tfjs): GradConfig[] {
  const float = (x: Tensor) => (x.dtype === "float32" ? x : tf.cast(x, "float32"));
  const mask = (condition: Tensor) => tf.cast(condition, "float32");
  const rules: Record<string, Pair> = {
    Add: (_a, _b, dy) => ({ a: () => dy, b: () => dy }),
    Sub: (_a, _b, dy) => ({ a: () => dy, b: () => tf.neg(dy) }),
    Multiply: (a, b, dy) => ({ a: () => tf.mul(dy, float(b)), b: () => tf.mul(dy, float(a)) }),
    RealDiv: (a, b, dy) => ({
      a: () => tf.div(dy, float(b)),
      b: () => tf.mul(dy, float(a)), // divided by -b^2 after the broadcast sum, below
    }),
    Maximum: (a, b, dy) => ({
      a: () => tf.mul(dy, mask(tf.greaterEqual(a, b))),
      b: () => tf.mul(dy, mask(tf.less(a, b))),
    }),
    Minimum: (a, b, dy) => ({
      a: () => tf.mul(dy, mask(tf.lessEqual(a, b))),
      b: () => tf.mul(dy, mask(tf.greater(a, b))),
    }),
    SquaredDifference: (a, b, dy) => ({
      a: () => tf.mul(dy, tf.mul(2, tf.sub(a, b))),
      b: () => tf.mul(dy, tf.mul(2, tf.sub(b, a))),
    }),
  };
  return Object.entries(rules).map(([kernelName, rule]) => ({
    kernelName,
    inputsToSave: ["a", "b"],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
      const [a, b] = saved;
      const parts = rule(a, b, dy as Tensor);
      const db = kernelName === "RealDiv"
        ? () => tf.neg(tf.div(unbroadcast(tf, parts.b(), b.shape), tf.square(b)))
        : () => unbroadcast(tf, parts.b(), b.shape);
      return { a: () => unbroadcast(tf, parts.a(), a.shape), b: db };
    },
  }));
}
