/**
 * Activations with their directional derivative (forward mode): given a pre-activation z and its
 * tangent dz, the activation and its tangent f'(z) dz. Built only from ops whose first-order
 * TF.js gradients exist (Step has a zero gradient), so reverse mode can run over the pair.
 * @module
 */
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../../train/tfjs.ts";
import type { ActivationName } from "../../model/spec.ts";
import { activationAlpha } from "../../model/layer_defaults.ts";

/** A primal tensor and its tangent (null: identically zero). */
export interface Dual {
  /** The value. */
  value: Tensor;
  /** Its directional derivative, or null when it is zero. */
  tangent: Tensor | null;
}

/**
 * Applies an activation to a value and its tangent.
 *
 * @param tf TF.js.
 * @param z The pre-activation and its tangent.
 * @param activation Its name (default linear).
 * @param alpha Leaky-ReLU slope or ELU scale (default: the activation's, `ACTIVATION_ALPHA`).
 * @returns The activation and its tangent.
 * @example
 * ```ts
 * import { loadTfjs } from "../../train/tfjs.ts";
 * import { activationTangent } from "./activation_tangent.ts";
 * const tf = await loadTfjs();
 * const out = activationTangent(tf, { value: tf.tensor1d([-1, 2]), tangent: tf.tensor1d([1, 1]) }, "relu");
 * out.tangent!.print(); // [0, 1]
 * ```
 */
export function activationTangent(
  tf: Tfjs,
  z: Dual,
  activation: ActivationName = "linear",
  alpha: number = activationAlpha(activation),
): Dual {
  const { value: x, tangent: dx } = z;
  const times = (slope: () => Tensor): Tensor | null => (dx ? tf.mul(dx, slope()) : null);
  switch (activation) {
    case "linear":
      return z;
    case "relu":
      return { value: tf.relu(x), tangent: times(() => tf.step(x)) };
    case "leaky-relu": {
      const a = alpha;
      const slope = () => tf.add(a, tf.mul(1 - a, tf.step(x)));
      return { value: tf.leakyRelu(x, a), tangent: times(slope) };
    }
    case "elu": {
      const a = alpha;
      const positive = tf.step(x);
      const negativePart = tf.mul(a, tf.exp(tf.minimum(x, 0)));
      const value = a === 1
        ? tf.elu(x)
        : tf.add(tf.mul(positive, x), tf.mul(tf.sub(1, positive), tf.sub(negativePart, a)));
      const slope = () => tf.add(positive, tf.mul(tf.sub(1, positive), negativePart));
      return { value, tangent: times(slope) };
    }
    case "tanh": {
      const y = tf.tanh(x);
      return { value: y, tangent: times(() => tf.sub(1, tf.square(y))) };
    }
    case "sigmoid": {
      const y = tf.sigmoid(x);
      return { value: y, tangent: times(() => tf.mul(y, tf.sub(1, y))) };
    }
    case "gelu": { // x Phi(x); derivative Phi(x) + x phi(x) (Hendrycks & Gimpel 2016)
      const phi = tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)));
      const value = tf.mul(tf.mul(0.5, x), phi);
      const density = () => tf.mul(1 / Math.sqrt(2 * Math.PI), tf.exp(tf.mul(-0.5, tf.square(x))));
      return { value, tangent: times(() => tf.add(tf.mul(0.5, phi), tf.mul(x, density()))) };
    }
    case "softmax": { // dy = y * (dx - sum(y * dx))
      const y = tf.softmax(x);
      const tangent = dx ? tf.mul(y, tf.sub(dx, tf.sum(tf.mul(y, dx), -1, true))) : null;
      return { value: y, tangent };
    }
  }
}
