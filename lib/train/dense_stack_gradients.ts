/**
 * Loss and gradients of a stack of dense layers, back-propagated by hand. For a plain MLP the
 * TF.js tape (`variableGrads`) costs more than the arithmetic around it: it clones every saved
 * tensor, keeps a node per kernel and reshapes each bias gradient, about a third of a
 * 784-128-10 step on the WASM backend. The chain rule for a dense stack is short, with
 * z_l = h_(l-1) W_l + b_l, h_l = f_l(z_l) and g_l = d loss / d z_l:
 *
 *   dW_l = h_(l-1)^T g_l,   db_l = sum over the batch of g_l,
 *   g_(l-1) = (g_l W_l^T) * f'_(l-1)
 *
 * with f' written as TF.js's own gradients write it (ReLU: step(z); tanh: 1 - h^2; sigmoid:
 * h (1 - h)), and the products as the registered MatMul gradient forms them (an explicit
 * transpose, then an unflagged product), so the gradients are the tape's, bit for bit. The loss
 * is the softmax cross-entropy, on the host (./softmax_cross_entropy_training.ts).
 * @module
 */
import type { Tensor, Tensor2D } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";
import type { ResolvedModel } from "../model/resolve.ts";
import type { ParamLayout, TensorSlot } from "../model/layout.ts";
import type { ResolvedDense } from "../model/resolved_layer.ts";
import type { ActivationName } from "../model/spec.ts";
import { applyActivation, fusesFinalActivation } from "./model_forward.ts";
import { softmaxCrossEntropyOnHost } from "./softmax_cross_entropy_training.ts";
import { readTensorInto } from "./host_op.ts";
import type { SparseFirstLayer } from "./sparse_first_layer.ts";
import { reluInputGradient } from "./relu_gradient.ts";
import { transposeLast } from "./matmul_gradient.ts";

/** Activations whose derivative this path writes out. */
const DIFFERENTIATED: readonly ActivationName[] = ["linear", "relu", "tanh", "sigmoid"];

/** A dense stack: its dense layers, and whether the last one's softmax is left to the loss. */
export interface DenseStack {
  /** The dense layers, input first. */
  layers: ResolvedDense[];
  /** True when the last layer's softmax is fused into the loss (not applied). */
  fusedSoftmax: boolean;
}

/** Training's first-layer products over nonzero inputs, and where their weight gradient goes. */
export interface SparseInput {
  /** The products. */
  layer: SparseFirstLayer;
  /** The batch on the host, [n, features]. */
  x: Float32Array;
  /** The flat gradient. */
  target: Float32Array;
  /** Where the first layer's kernel starts in it. */
  offset: number;
}

/**
 * The model as a dense stack, when it is one: softmax cross-entropy, flatten layers if any,
 * then only dense layers with linear, ReLU, tanh or sigmoid activations (a
 * final softmax is fused into the loss).
 *
 * @param model The resolved model.
 * @returns The stack, or undefined when training must go through the TF.js tape.
 * @example
 * ```ts
 * import { resolveModel } from "../model/resolve.ts";
 * import { preset } from "../model/presets.ts";
 * import { denseStack } from "./dense_stack_gradients.ts";
 * console.log(denseStack(resolveModel(preset("mlp")))?.layers.length); // 2
 * console.log(denseStack(resolveModel(preset("cnn")))); // undefined
 * ```
 */
export function denseStack(model: ResolvedModel): DenseStack | undefined {
  if (model.spec.loss !== "softmax-cross-entropy") return undefined;
  const flattens = model.layers.findIndex((layer) => layer.type !== "flatten");
  if (flattens < 0) return undefined;
  const layers = model.layers.slice(flattens);
  if (!layers.every((layer): layer is ResolvedDense => layer.type === "dense")) return undefined;
  const fusedSoftmax = fusesFinalActivation(model);
  const supported = layers.every((layer, i) =>
    DIFFERENTIATED.includes(layer.activation) || (fusedSoftmax && i === layers.length - 1)
  );
  return supported ? { layers, fusedSoftmax } : undefined;
}

/**
 * The kernel of a dense stack's first layer: the one training's sparse products replace
 * (./sparse_first_layer.ts).
 *
 * @param model The resolved model.
 * @param layout Its flat layout.
 * @returns The kernel's slot, or undefined when the model is not a dense stack.
 * @example
 * ```ts
 * import { resolveModel } from "../model/resolve.ts";
 * import { modelLayout } from "../model/model_layout.ts";
 * import { preset } from "../model/presets.ts";
 * import { firstDenseKernel } from "./dense_stack_gradients.ts";
 * const model = resolveModel(preset("mlp"));
 * console.log(firstDenseKernel(model, modelLayout(model))?.shape); // [784, 128]
 * ```
 */
export function firstDenseKernel(
  model: ResolvedModel,
  layout: ParamLayout,
): TensorSlot | undefined {
  const stack = denseStack(model);
  return stack && layout.tensors.find((slot) => slot.name === `${stack.layers[0].name}/kernel`);
}

/**
 * Mean softmax cross-entropy of a batch and its gradient for every weight of a dense stack.
 * Call it inside `tf.tidy`: the gradients are tensors of that scope.
 *
 * @param tf TF.js.
 * @param stack The stack (from {@linkcode denseStack}).
 * @param param Parameter tensor by name.
 * @param x The batch `[n, features]`.
 * @param labels The n labels.
 * @param sparse The first layer's products over nonzero inputs (./sparse_first_layer.ts) and
 *   where its weight gradient goes; used when the batch is sparse enough.
 * @param onLayerOutput Receives each layer's output (after its activation; the logits for a
 *   fused softmax) as the forward pass makes it.
 * @returns The mean loss (rounded to float32, as a TF.js scalar would be) and the gradients by
 *   parameter name (the first layer's kernel left out when `sparse` wrote it).
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { resolveModel } from "../model/resolve.ts";
 * import { denseStack, denseStackGradients } from "./dense_stack_gradients.ts";
 * const tf = await loadTfjs();
 * const model = resolveModel({ kind: "sequential", inputShape: [1], layers: [{ type: "dense", units: 2 }] });
 * const params: Record<string, any> = { "dense0/kernel": tf.zeros([1, 2]), "dense0/bias": tf.zeros([2]) };
 * const { loss, gradients } = denseStackGradients(tf, denseStack(model)!, (name) => params[name], tf.tensor2d([[1]]), new Int32Array([0]));
 * console.log(loss.toFixed(4), gradients.get("dense0/bias")!.dataSync()); // "0.6931" Float32Array [-0.5, 0.5]
 * ```
 */
export function denseStackGradients(
  tf: Tfjs,
  stack: DenseStack,
  param: (name: string) => Tensor,
  x: Tensor2D,
  labels: Int32Array,
  sparse?: SparseInput,
  onLayerOutput?: (layer: ResolvedDense, output: Tensor2D) => void,
): { loss: number; gradients: Map<string, Tensor> } {
  const { layers, fusedSoftmax } = stack;
  const inputs: Tensor2D[] = [];
  const preActivations: Tensor2D[] = [];
  let h = x;
  let sparseUsed = false;
  layers.forEach((layer, i) => {
    inputs.push(h);
    const kernel = param(`${layer.name}/kernel`) as Tensor2D;
    const product = i === 0 && sparse ? sparse.layer.product(sparse.x, x.shape[0], kernel) : null;
    if (i === 0) sparseUsed = product !== null;
    let z: Tensor2D = product ?? tf.matMul(h, kernel);
    if (layer.useBias) z = tf.add(z, param(`${layer.name}/bias`)) as Tensor2D;
    preActivations.push(z);
    const fused = fusedSoftmax && i === layers.length - 1;
    h = (fused ? z : applyActivation(tf, z, layer.activation, layer.alpha)) as Tensor2D;
    onLayerOutput?.(layer, h);
  });
  const [count, classes] = h.shape;
  const logits = new Float32Array(count * classes);
  readTensorInto(tf, h, logits);
  const lossGradient = new Float32Array(count * classes);
  const loss = Math.fround(softmaxCrossEntropyOnHost(logits, labels, classes, lossGradient));
  const gradients = new Map<string, Tensor>();
  const transpose = (t: Tensor2D) => transposeLast(tf, t) as Tensor2D;
  let output = h;
  let dz = tf.tensor2d(lossGradient, [count, classes]);
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    if (i < layers.length - 1 || !fusedSoftmax) {
      dz = activationGradient(tf, dz, preActivations[i], output, layer.activation);
    }
    const kernel = param(`${layer.name}/kernel`) as Tensor2D;
    if (i === 0 && sparseUsed) sparse!.layer.weightGradient(dz, sparse!.target, sparse!.offset);
    else gradients.set(`${layer.name}/kernel`, tf.matMul(transpose(inputs[i]), dz));
    if (layer.useBias) gradients.set(`${layer.name}/bias`, tf.sum(dz, 0));
    if (i > 0) {
      output = inputs[i];
      dz = tf.matMul(dz, transpose(kernel));
    }
  }
  return { loss, gradients };
}

/** d loss / d z from d loss / d h, for h = f(z), as TF.js's gradient of f computes it. */
function activationGradient(
  tf: Tfjs,
  dh: Tensor2D,
  z: Tensor2D,
  h: Tensor2D,
  activation: ActivationName,
): Tensor2D {
  switch (activation) {
    case "relu":
      return reluInputGradient(tf, dh, z) as Tensor2D;
    case "tanh":
      return tf.mul(tf.sub(1, tf.square(h)), dh);
    case "sigmoid":
      return tf.mul(dh, tf.mul(h, tf.sub(1, h)));
    default:
      return dh;
  }
}
