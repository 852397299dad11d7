/**
 * Gradients of the element-wise unary kernels losscape's losses, layers and analyses record.
 * For y = f(x), dx = dy f'(x):
 *   Neg -1, Abs sign(x) (-1 at 0, as TF.js), Exp y, Log 1/x, Log1p 1/(1 + x),
 *   Sqrt 1/(2 sqrt(x)), Rsqrt -1/(2 x^1.5), Square 2x, Erf 2/sqrt(pi) exp(-x^2),
 *   Step 0 (piecewise constant), Cast and Identity 1, ClipByValue 1 inside [min, max] else 0;
 *   ZerosLike, OnesLike, OneHot (of its integer indices), ArgMax and Greater 0: piecewise
 *   constant in their inputs (they sit on the tape when labels are the model's own predictions).
 * The operations run in the order TF.js's own gradients use (bit-for-bit the same training).
 * @module
 */
import type { GradConfig, NamedAttrMap, Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../tfjs.ts";

type Rule = (dy: Tensor, saved: Tensor, attrs: NamedAttrMap) => Tensor;

/**
 * The gradient configs of Neg, Abs, Exp, Log, Log1p, Sqrt, Rsqrt, Square, Erf, Step, Cast,
 * Identity, ClipByValue, ZerosLike, OnesLike, OneHot, ArgMax and Greater.
 *
 * @param tf TF.js.
 * @returns One config per kernel, for `tf.registerGradient`.
 * @example
 * ```ts
 * import { loadTfjs } from "../tfjs.ts";
 * import { unaryGradients } from "./unary_gradients.ts";
 * const tf = await loadTfjs();
 * console.log(unaryGradients(tf).some((config) => config.kernelName === "Exp")); // true
 * ```
 */
export function unaryGradients(tf: Tfjs): GradConfig[] {
  const float = (x: Tensor) => (x.dtype === "float32" ? x : tf.cast(x, "float32"));
  // Rules on the saved input x.
  const onInput: Record<string, Rule> = {
    Abs: (dy, x) => tf.mul(dy, tf.step(float(x), -1)),
    Log: (dy, x) => tf.div(dy, float(x)),
    Log1p: (dy, x) => tf.div(dy, tf.add(x, 1)),
    Sqrt: (dy, x) => tf.div(dy, tf.mul(tf.sqrt(float(x)), 2)),
    Rsqrt: (dy, x) => tf.neg(tf.div(dy, tf.mul(tf.pow(x, 1.5), 2))),
    Square: (dy, x) => tf.mul(dy, tf.mul(float(x), 2)),
    Erf: (dy, x) => tf.mul(dy, tf.mul(tf.exp(tf.neg(tf.square(x))), 2 / Math.sqrt(Math.PI))),
    ClipByValue: (dy, x, attrs) => {
      const { clipValueMin: low, clipValueMax: high } = attrs as Record<string, number>;
      const inside = tf.logicalAnd(tf.greaterEqual(x, low), tf.lessEqual(x, high));
      return tf.where(inside, dy, tf.zerosLike(dy));
    },
  };
  // Rules needing neither input nor output.
  const onGradient: Record<string, (dy: Tensor) => Tensor> = {
    Neg: (dy) => tf.neg(dy),
    Step: (dy) => tf.zerosLike(dy),
    ZerosLike: (dy) => tf.zerosLike(dy),
    OnesLike: (dy) => tf.zerosLike(dy),
    Cast: (dy) => tf.clone(dy),
    Identity: (dy) => tf.cast(dy, "float32"),
  };
  return [
    ...Object.entries(onInput).map(([kernelName, rule]): GradConfig => ({
      kernelName,
      inputsToSave: ["x"],
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => ({
        x: () => rule(dy as Tensor, saved[0], attrs),
      }),
    })),
    {
      kernelName: "Exp",
      outputsToSave: [true],
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => ({
        x: () => tf.mul(dy as Tensor, saved[0]),
      }),
    },
    ...[["OneHot", "indices"], ["ArgMax", "x"], ["Greater", "a", "b"]].map(
      ([kernelName, ...inputs]): GradConfig => ({
        kernelName,
        inputsToSave: inputs,
        gradFunc: (_dy: Tensor | Tensor[], saved: Tensor[]) =>
          Object.fromEntries(
            inputs.map((name, i) => [name, () => tf.zeros(saved[i].shape, "float32")]),
          ),
      }),
    ),
    ...Object.entries(onGradient).map(([kernelName, rule]): GradConfig => ({
      kernelName,
      gradFunc: (dy: Tensor | Tensor[]) => ({ x: () => rule(dy as Tensor) }),
    })),
  ];
}
