/**
 * The forward pass of any model spec in TF.js: the reference that the engine is checked
 * against, and the function training differentiates. Batch norm uses the moving statistics at
 * evaluation and the batch's statistics in training (biased variance, as Keras), handing them to
 * the caller so it can update the moving averages; dropout is active only in training.
 * @module
 */
import type { Tensor, Tensor2D, Tensor4D } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";
import type { ResolvedModel } from "../model/resolve.ts";
import type { ResolvedActivationFields, ResolvedLayer } from "../model/resolved_layer.ts";
import { activationAlpha } from "../model/layer_defaults.ts";
import type { ActivationName, LossName } from "../model/spec.ts";
import { NORMALIZATION_EPSILON } from "../model/spec_preprocess.ts";
import { batchNormTraining } from "./batch_norm_training.ts";
import { conv2dLayer } from "./conv2d_layer.ts";

/** Options for {@linkcode modelForward}. */
export interface ForwardOptions {
  /** Training mode: batch statistics in batch norm, dropout on. Default false. */
  training?: boolean;
  /** Seed of this step's dropout masks (training only). Default 0. */
  dropoutSeed?: number;
  /** Skip a final softmax (cross-entropy) or sigmoid (binary cross-entropy): the loss fuses it. Default true. */
  fuseFinalActivation?: boolean;
  /** Training only: receives each batch-norm layer's batch mean and variance. */
  onBatchStatistics?: (layer: string, mean: Tensor, variance: Tensor) => void;
  /** Receives each top-level layer's output (after its activation), e.g. for layer health. */
  onLayerOutput?: (layer: ResolvedLayer, output: Tensor) => void;
}

/**
 * Applies an activation.
 *
 * @param tf TF.js.
 * @param x The input.
 * @param activation Its name.
 * @param alpha Leaky-ReLU slope or ELU scale (default: the activation's, `ACTIVATION_ALPHA`).
 * @returns The activated tensor.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { applyActivation } from "./model_forward.ts";
 * const tf = await loadTfjs();
 * applyActivation(tf, tf.tensor1d([-1, 2]), "relu").print(); // [0, 2]
 * ```
 */
export function applyActivation(
  tf: Tfjs,
  x: Tensor,
  activation: ActivationName = "linear",
  alpha: number = activationAlpha(activation),
): Tensor {
  switch (activation) {
    case "linear":
      return x;
    case "relu":
      return tf.relu(x);
    case "leaky-relu":
      return tf.leakyRelu(x, alpha);
    case "elu":
      return alpha === 1
        ? tf.elu(x)
        // relu(x) + alpha (exp(min(x, 0)) - 1): differentiable by TF.js (tf.where's condition
        // through tf.greater has no gradient) and finite for large x.
        : tf.add(tf.relu(x), tf.mul(alpha, tf.sub(tf.exp(tf.minimum(x, 0)), 1)));
    case "tanh":
      return tf.tanh(x);
    case "sigmoid":
      return tf.sigmoid(x);
    case "gelu": // exact form, x * Phi(x) (Hendrycks & Gimpel 2016)
      return tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
    case "softmax":
      return tf.softmax(x);
  }
}

/**
 * Whether the model's last activation is the one its loss fuses (softmax for cross-entropy,
 * sigmoid for binary cross-entropy).
 *
 * @param model The resolved model.
 * @returns True when the forward pass should stop before that activation.
 * @example
 * ```ts
 * import { resolveModel } from "../model/resolve.ts";
 * import { fusesFinalActivation } from "./model_forward.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [2], layers: [{ type: "dense", units: 3, activation: "softmax" }] });
 * console.log(fusesFinalActivation(model)); // true
 * ```
 */
export function fusesFinalActivation(model: ResolvedModel): boolean {
  const last = model.layers.at(-1);
  const fused: Partial<Record<LossName, ActivationName>> = {
    "softmax-cross-entropy": "softmax",
    "binary-cross-entropy": "sigmoid",
  };
  const activation = last && "activation" in last ? last.activation : undefined;
  return activation !== undefined && fused[model.spec.loss] === activation;
}

/**
 * Runs the model on a batch.
 *
 * @param tf TF.js.
 * @param model The resolved model.
 * @param param Returns the tensor of a parameter by name (e.g. `conv0/kernel`).
 * @param x A batch `[n, ...inputShape]`.
 * @param options Training mode, dropout seed, fusing, batch statistics.
 * @returns The outputs `[n, outputs]` (logits when the final activation is fused).
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { resolveModel } from "../model/resolve.ts";
 * import { modelForward } from "./model_forward.ts";
 * const tf = await loadTfjs();
 * const model = resolveModel({ kind: "sequential", inputShape: [2], layers: [{ type: "dense", units: 1 }] });
 * const params: Record<string, any> = { "dense0/kernel": tf.ones([2, 1]), "dense0/bias": tf.zeros([1]) };
 * modelForward(tf, model, (name) => params[name], tf.tensor2d([[1, 2]])).print(); // [[3]]
 * ```
 */
export function modelForward(
  tf: Tfjs,
  model: ResolvedModel,
  param: (name: string) => Tensor,
  x: Tensor,
  options: ForwardOptions = {},
): Tensor2D {
  const { training = false, dropoutSeed = 0, fuseFinalActivation = true } = options;
  const skipLast = fuseFinalActivation && fusesFinalActivation(model);
  let dropoutCount = 0;
  const run = (layers: ResolvedLayer[], input: Tensor, top: boolean): Tensor => {
    let h = input;
    layers.forEach((layer, index) => {
      const finalActivation = !(top && skipLast && index === layers.length - 1);
      h = runLayer(layer, h, finalActivation);
      if (top) options.onLayerOutput?.(layer, h);
    });
    return h;
  };
  const act = (h: Tensor, layer: ResolvedActivationFields, on: boolean) =>
    on ? applyActivation(tf, h, layer.activation, layer.alpha) : h;
  const runLayer = (layer: ResolvedLayer, h: Tensor, activate: boolean): Tensor => {
    switch (layer.type) {
      case "dense": {
        let z: Tensor = tf.matMul(h as Tensor2D, param(`${layer.name}/kernel`) as Tensor2D);
        if (layer.useBias) z = tf.add(z, param(`${layer.name}/bias`));
        return act(z, layer, activate);
      }
      case "conv2d": {
        const kernel = param(`${layer.name}/kernel`) as Tensor4D;
        const fused = activate ? layer.activation : "linear";
        if (layer.useBias && (fused === "relu" || fused === "linear")) {
          const bias = param(`${layer.name}/bias`);
          return conv2dLayer(tf, h as Tensor4D, kernel, bias, layer.strides, layer.padding, fused);
        }
        let z: Tensor = tf.conv2d(h as Tensor4D, kernel, layer.strides, layer.padding);
        if (layer.useBias) z = tf.add(z, param(`${layer.name}/bias`));
        return act(z, layer, activate);
      }
      case "max-pool2d":
      case "avg-pool2d": {
        const pool = layer.type === "max-pool2d" ? tf.maxPool : tf.avgPool;
        return pool(h as Tensor4D, layer.poolSize, layer.strides, layer.padding);
      }
      case "global-avg-pool2d":
        return tf.mean(h, [1, 2]);
      case "flatten":
        return tf.reshape(h, [h.shape[0], -1]);
      case "batch-norm": {
        const [beta, gamma] = [param(`${layer.name}/beta`), param(`${layer.name}/gamma`)];
        if (training) {
          return batchNormTraining(
            tf,
            h,
            gamma,
            beta,
            layer.epsilon,
            (mean, variance) => options.onBatchStatistics?.(layer.name, mean, variance),
          );
        }
        return tf.batchNorm(
          h,
          param(`${layer.name}/moving-mean`),
          param(`${layer.name}/moving-variance`),
          beta,
          gamma,
          layer.epsilon,
        );
      }
      case "dropout":
        return training && layer.rate > 0
          ? tf.dropout(h, layer.rate, undefined, dropoutSeed * 1000 + dropoutCount++)
          : h;
      case "activation":
        return act(h, layer, activate);
      case "reshape":
        return tf.reshape(h, [h.shape[0], ...layer.outputShape]);
      case "rescaling":
        return tf.add(tf.mul(h, layer.scale), layer.offset);
      case "normalization": // Keras: (x - mean) / max(sqrt(variance), epsilon)
        return tf.div(
          tf.sub(h, layer.mean),
          tf.maximum(tf.sqrt(layer.variance), NORMALIZATION_EPSILON),
        );
      case "residual": {
        const body = run(layer.body, h, false);
        const skip = layer.projection ? runLayer(layer.projection, h, false) : h;
        return act(tf.add(body, skip), layer, activate);
      }
    }
  };
  const batch = tf.reshape(x, [x.shape[0], ...model.spec.inputShape]);
  return run(model.layers, batch, true) as Tensor2D;
}
