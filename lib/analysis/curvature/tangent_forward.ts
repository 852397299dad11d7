/**
 * The forward pass of any model spec together with its directional derivative along a weight
 * direction v (forward-mode differentiation, written with TF.js ops). Reverse mode over the
 * loss's tangent then gives the Hessian-vector product exactly (reverse-over-forward):
 * Hv = grad_w (grad_w L(w) . v). Only first-order gradients of the forward ops are needed, so
 * any correct registered gradient (e.g. the project's Conv2D or MatMul gradients) works.
 * Evaluation mode: batch norm uses its moving statistics, dropout is off.
 * @module
 */
import { NORMALIZATION_EPSILON } from "../../model/spec_preprocess.ts";
import type { Tensor, Tensor4D } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../../train/tfjs.ts";
import type { ResolvedModel } from "../../model/resolve.ts";
import type { ResolvedActivationFields, ResolvedLayer } from "../../model/resolved_layer.ts";
import { fusesFinalActivation } from "../../train/model_forward.ts";
import { activationTangent, type Dual } from "./activation_tangent.ts";
import { maxPoolTangent } from "./max_pool_tangent.ts";
import { transposedGradientMatMul } from "./transpose_matmul.ts";

const plus = (tf: Tfjs, ...terms: (Tensor | null)[]): Tensor | null => {
  const present = terms.filter((t): t is Tensor => t !== null);
  return present.length === 0 ? null : present.reduce((a, b) => tf.add(a, b));
};

/**
 * Runs the model on a batch in evaluation mode, with the tangent along a weight direction.
 *
 * @param tf TF.js.
 * @param model The resolved model.
 * @param param The tensor of a parameter by name.
 * @param direction The direction's tensor for a parameter by name (null: zero there).
 * @param x A batch `[n, ...inputShape]` (its tangent is zero).
 * @param options `fuseFinalActivation`: skip a final activation that the loss fuses (default
 *   true). `directionCoversBlock`: every differentiated tensor has a direction, so a layer input
 *   without tangent is a constant and its gradient is never formed (default false).
 * @returns The outputs `[n, outputs]` and their tangent (null when the direction is zero).
 * @example
 * ```ts
 * import { loadTfjs } from "../../train/tfjs.ts";
 * import { resolveModel } from "../../model/resolve.ts";
 * import { modelForwardTangent } from "./tangent_forward.ts";
 * const tf = await loadTfjs();
 * const model = resolveModel({ kind: "sequential", inputShape: [2], layers: [{ type: "dense", units: 1 }] });
 * const w: Record<string, any> = { "dense0/kernel": tf.ones([2, 1]), "dense0/bias": tf.zeros([1]) };
 * const v: Record<string, any> = { "dense0/kernel": tf.tensor2d([[1], [0]]) };
 * const out = modelForwardTangent(tf, model, (n) => w[n], (n) => v[n] ?? null, tf.tensor2d([[1, 2]]));
 * out.tangent!.print(); // [[1]]
 * ```
 */
export function modelForwardTangent(
  tf: Tfjs,
  model: ResolvedModel,
  param: (name: string) => Tensor,
  direction: (name: string) => Tensor | null,
  x: Tensor,
  options: { fuseFinalActivation?: boolean; directionCoversBlock?: boolean } = {},
): Dual {
  const { fuseFinalActivation = true, directionCoversBlock = false } = options;
  const skipLast = fuseFinalActivation && fusesFinalActivation(model);
  const act = (z: Dual, layer: ResolvedActivationFields, on: boolean) =>
    on ? activationTangent(tf, z, layer.activation, layer.alpha) : z;
  const affine = (
    h: Dual,
    name: string,
    apply: (input: Tensor, kernel: Tensor, constantInput?: boolean) => Tensor,
    useBias: boolean,
  ): Dual => {
    const kernel = param(`${name}/kernel`), dKernel = direction(`${name}/kernel`);
    // With a direction on every block tensor, an input without tangent does not depend on the
    // block: its gradient is never needed.
    let value = apply(h.value, kernel, directionCoversBlock && h.tangent === null);
    let tangent = plus(
      tf,
      h.tangent ? apply(h.tangent, kernel) : null,
      dKernel ? apply(h.value, dKernel) : null,
    );
    if (useBias) {
      value = tf.add(value, param(`${name}/bias`));
      tangent = plus(tf, tangent, direction(`${name}/bias`));
      if (tangent && tangent.rank !== value.rank) tangent = tf.add(tf.zerosLike(value), tangent);
    }
    return { value, tangent };
  };
  const linear = (h: Dual, f: (t: Tensor) => Tensor): Dual => ({
    value: f(h.value),
    tangent: h.tangent ? f(h.tangent) : null,
  });
  const run = (layers: ResolvedLayer[], input: Dual, top: boolean): Dual =>
    layers.reduce(
      (h, layer, index) => runLayer(layer, h, !(top && skipLast && index === layers.length - 1)),
      input,
    );
  const runLayer = (layer: ResolvedLayer, h: Dual, activate: boolean): Dual => {
    switch (layer.type) {
      case "dense": {
        const z = affine(
          h,
          layer.name,
          (a, k, constant) => transposedGradientMatMul(tf, a, k, constant),
          layer.useBias,
        );
        return act(z, layer, activate);
      }
      case "conv2d": {
        const { strides, padding } = layer;
        const conv = (a: Tensor, k: Tensor) =>
          tf.conv2d(a as Tensor4D, k as Tensor4D, strides, padding);
        return act(affine(h, layer.name, conv, layer.useBias), layer, activate);
      }
      case "max-pool2d":
        return maxPoolTangent(tf, h, layer.poolSize, layer.strides, layer.padding);
      case "avg-pool2d": {
        const { poolSize, strides, padding } = layer;
        return linear(h, (t) => tf.avgPool(t as Tensor4D, poolSize, strides, padding));
      }
      case "global-avg-pool2d":
        return linear(h, (t) => tf.mean(t, [1, 2]));
      case "flatten":
        return linear(h, (t) => tf.reshape(t, [t.shape[0], -1]));
      case "batch-norm": { // y = (h - mean) * gamma / sqrt(var + eps) + beta, moving statistics
        const name = layer.name;
        const mean = param(`${name}/moving-mean`);
        const inverse = tf.rsqrt(tf.add(param(`${name}/moving-variance`), layer.epsilon));
        const normalized = tf.mul(tf.sub(h.value, mean), inverse);
        const gamma = param(`${name}/gamma`);
        const value = tf.add(tf.mul(normalized, gamma), param(`${name}/beta`));
        const dGamma = direction(`${name}/gamma`), dBeta = direction(`${name}/beta`);
        const tangent = plus(
          tf,
          h.tangent ? tf.mul(h.tangent, tf.mul(gamma, inverse)) : null,
          dGamma ? tf.mul(normalized, dGamma) : null,
          dBeta ? tf.add(tf.zerosLike(value), dBeta) : null,
        );
        return { value, tangent };
      }
      case "dropout":
        return h;
      case "reshape":
        return linear(h, (t) => tf.reshape(t, [t.shape[0], ...layer.outputShape]));
      case "rescaling": { // affine in its input: the offset moves the value, not the tangent
        const scaled = linear(h, (t) => tf.mul(t, layer.scale));
        return { value: tf.add(scaled.value, layer.offset), tangent: scaled.tangent };
      }
      case "normalization": { // Keras: (x - mean) / max(sqrt(variance), epsilon)
        const scale = tf.maximum(tf.sqrt(layer.variance), NORMALIZATION_EPSILON);
        return {
          value: tf.div(tf.sub(h.value, layer.mean), scale),
          tangent: h.tangent ? tf.div(h.tangent, scale) : null,
        };
      }
      case "activation":
        return act(h, layer, activate);
      case "residual": {
        const body = run(layer.body, h, false);
        const skip = layer.projection ? runLayer(layer.projection, h, false) : h;
        const sum = {
          value: tf.add(body.value, skip.value),
          tangent: plus(tf, body.tangent, skip.tangent),
        };
        return act(sum, layer, activate);
      }
    }
  };
  const batch = tf.reshape(x, [x.shape[0], ...model.spec.inputShape]);
  return run(model.layers, { value: batch, tangent: null }, true);
}
