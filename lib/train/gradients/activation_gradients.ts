/**
 * Gradients of the activation kernels. For y = f(x):
 *   Relu: dx = dy [x > 0]            LeakyRelu: dx = dy where x > 0, else alpha dy
 *   Elu: dx = dy where y > 0, else dy (y + 1)   (the backend's EluGrad kernel)
 *   Tanh: dx = dy (1 - y^2)          Sigmoid: dx = dy y (1 - y)
 *   Softmax along `dim`: dx = dy y - y sum(dy y)   (the Jacobian diag(y) - y y^T applied to dy)
 * The operations run in the order TF.js's own gradients use (bit-for-bit the same training).
 * @module
 */
import type { GradConfig, NamedAttrMap, Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../tfjs.ts";

type Rule = (dy: Tensor, saved: Tensor, attrs: NamedAttrMap) => Tensor;

/**
 * The gradient configs of Relu, LeakyRelu, Elu, Tanh, Sigmoid and Softmax.
 *
 * @param tf TF.js.
 * @returns One config per kernel, for `tf.registerGradient`.
 * @example
 * ```ts
 * import { loadTfjs } from "../tfjs.ts";
 * import { activationGradients } from "./activation_gradients.ts";
 * const tf = await loadTfjs();
 * console.log(activationGradients(tf).length); // 6
 * ```
 */
export function activationGradients(tf: Tfjs): GradConfig[] {
  // Rules on the saved input x.
  const onInput: Record<string, Rule> = {
    Relu: (dy, x) => tf.mul(dy, tf.cast(tf.step(x), "float32")),
    LeakyRelu: (dy, x, attrs) => tf.where(tf.greater(x, 0), dy, tf.mul(dy, attrs.alpha as number)),
  };
  // Rules on the saved output y.
  const onOutput: Record<string, Rule> = {
    Elu: (dy, y) => tf.engine().runKernel("EluGrad", { dy, y }) as Tensor,
    Tanh: (dy, y) => tf.mul(tf.sub(tf.scalar(1), tf.square(y)), dy),
    Sigmoid: (dy, y) => tf.mul(dy, tf.mul(y, tf.sub(tf.scalar(1), y))),
    Softmax: (dy, y, attrs) => {
      const dyTimesY = tf.mul(dy, y);
      return tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, [attrs.dim as number], true), y));
    },
  };
  const inputName = (kernelName: string) => (kernelName === "Softmax" ? "logits" : "x");
  return [
    ...Object.entries(onInput).map(([kernelName, rule]): GradConfig => ({
      kernelName,
      inputsToSave: ["x"],
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => ({
        x: () => rule(dy as Tensor, saved[0], attrs),
      }),
    })),
    ...Object.entries(onOutput).map(([kernelName, rule]): GradConfig => ({
      kernelName,
      outputsToSave: [true],
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => ({
        [inputName(kernelName)]: () => rule(dy as Tensor, saved[0], attrs),
      }),
    })),
  ];
}
