/**
 * A conv layer with its bias and ReLU as one kernel, and its gradient. Run as three kernels
 * (Conv2D, Add, Relu) the bias and the activation each cost a pass over the layer's output in the
 * forward pass (the backend's broadcast Add is a scalar loop: about half a forward convolution
 * for the `cnn` preset's first layer) and three more in the backward pass (Step, Cast, Multiply,
 * and a Sum over every axis but the channels). The backend's `FusedConv2D` adds the bias and clips
 * inside its convolution; its gradient, registered here, masks the output gradient and sums it per
 * channel in one host pass over the heap (./host_op.ts), then reuses the Conv2D gradients:
 *
 *   dz = dy [y > 0] (ReLU; dz = dy when linear), dbias[o] = sum over (n, y, x) of dz[n, y, x, o]
 *
 * (y is the layer's output: y > 0 exactly where the pre-activation is.) The per-channel sums run
 * in float64.
 * @module
 */
import type { NamedAttrMap, Tensor, Tensor1D, Tensor4D } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";
import { conv2dFilterGradient, conv2dInputGradient } from "./conv_gradient.ts";
import { hostOp } from "./host_op.ts";
import type { BackwardPasses } from "./backward_passes.ts";

type Shape4 = [number, number, number, number];

/** The activations fused here. */
export type FusedActivation = "relu" | "linear";

/**
 * A 2D convolution plus bias plus activation, as one kernel (differentiable in all three inputs).
 *
 * @param tf TF.js.
 * @param x Input `[n, h, w, c]`.
 * @param filter `[kh, kw, c, o]`.
 * @param bias `[o]`, or undefined for none.
 * @param strides `[sh, sw]`.
 * @param padding `"same"` or `"valid"`.
 * @param activation `"relu"` or `"linear"`.
 * @returns `activation(conv2d(x, filter) + bias)`, `[n, oh, ow, o]`.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { conv2dLayer } from "./conv2d_layer.ts";
 * const tf = await loadTfjs();
 * const x = tf.tensor4d([1, -2], [1, 1, 2, 1]);
 * conv2dLayer(tf, x, tf.ones([1, 1, 1, 1]), tf.tensor1d([0.5]), [1, 1], "valid", "relu").print(); // [1.5, 0]
 * ```
 */
export function conv2dLayer(
  tf: Tfjs,
  x: Tensor4D,
  filter: Tensor4D,
  bias: Tensor | undefined,
  strides: [number, number],
  padding: "same" | "valid",
  activation: FusedActivation,
): Tensor4D {
  const inputs: Record<string, Tensor> = bias ? { x, filter, bias } : { x, filter };
  const attrs = { strides, pad: padding, dataFormat: "NHWC", dilations: [1, 1], activation };
  return tf.engine().runKernel("FusedConv2D", inputs, attrs) as Tensor4D;
}

/**
 * The output gradient through the activation, and its per-channel sum (the bias gradient).
 *
 * @param tf TF.js.
 * @param dy Gradient of the layer's output `[..., o]`.
 * @param y The layer's output (after the activation).
 * @param activation `"relu"` or `"linear"`.
 * @param passes The pass on the engine's kernel (./backward_passes.ts), or undefined for the
 *   same pass in JavaScript.
 * @returns `[dz, dbias]`: dz shaped as dy, dbias `[o]`.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { activationBiasGradient } from "./conv2d_layer.ts";
 * const tf = await loadTfjs();
 * const [dz, dbias] = activationBiasGradient(tf, tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[0, 1], [5, 0]]), "relu");
 * dz.print(); // [[0, 2], [3, 0]]
 * dbias.print(); // [3, 2]
 * ```
 */
export function activationBiasGradient(
  tf: Tfjs,
  dy: Tensor,
  y: Tensor,
  activation: FusedActivation,
  passes?: BackwardPasses,
): [Tensor, Tensor1D] {
  const channels = dy.shape[dy.rank - 1];
  const sums = new Float64Array(channels);
  const [dz, dbias] = hostOp(tf, [dy, y], [dy.shape, [channels]], ([g, out], [dzView, db]) => {
    if (passes) passes.maskedChannelSums(g, out, dzView, sums, activation === "relu");
    else if (activation === "relu") maskAndSum(g, out, dzView, sums);
    else {
      dzView.set(g);
      for (let at = 0; at < g.length; at += channels) {
        for (let o = 0; o < channels; o++) sums[o] += g[at + o];
      }
    }
    db.set(sums);
  });
  return [dz, dbias as Tensor1D];
}

/**
 * dz = dy step(y) as TF.js's ReLU gradient computes it (dy times 1 or 0, NaN where y is NaN, so a
 * NaN in dy or y stays NaN), and its per-channel sums. The product form has no branch on the data:
 * a branch on random activations mispredicts half the time (measured 3.5x slower).
 */
function maskAndSum(dy: Float32Array, y: Float32Array, dz: Float32Array, sums: Float64Array) {
  const channels = sums.length;
  for (let at = 0; at < dy.length; at += channels) {
    for (let o = 0; o < channels; o++) {
      const output = y[at + o];
      let step = +(output > 0);
      if (output !== output) step = NaN;
      const value = dy[at + o] * step;
      dz[at + o] = value;
      sums[o] += value;
    }
  }
}

/**
 * Registers the gradient of the backend's `FusedConv2D` kernel (ReLU or linear, dilation 1,
 * "same"/"valid" padding, NHWC), which TF.js leaves without one.
 *
 * @param tf TF.js.
 * @param passes The masking pass on the engine's kernel (./backward_passes.ts), or undefined
 *   for the one in JavaScript.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { registerFusedConv2dGradient } from "./conv2d_layer.ts";
 * registerFusedConv2dGradient(await loadTfjs()); // loadTfjs already does this
 * ```
 */
export function registerFusedConv2dGradient(tf: Tfjs, passes?: BackwardPasses): void {
  tf.registerGradient({
    kernelName: "FusedConv2D",
    inputsToSave: ["x", "filter"],
    outputsToSave: [true],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const [x, filter, y] = saved as [Tensor4D, Tensor4D, Tensor4D];
      const { strides: given, pad, activation } = attrs as unknown as {
        strides: number | [number, number];
        pad: "same" | "valid";
        activation: FusedActivation;
      };
      const strides: [number, number] = typeof given === "number" ? [given, given] : given;
      if (activation !== "relu" && activation !== "linear") {
        throw new Error(
          `The FusedConv2D gradient here supports relu and linear: got ${activation}`,
        );
      }
      const [dz, dbias] = activationBiasGradient(tf, dy as Tensor, y, activation, passes);
      return {
        x: () => conv2dInputGradient(tf, dz as Tensor4D, filter, x.shape as Shape4, strides, pad),
        filter: () =>
          conv2dFilterGradient(tf, x, dz as Tensor4D, filter.shape as Shape4, strides, pad),
        bias: () => dbias,
      };
    },
  });
}
