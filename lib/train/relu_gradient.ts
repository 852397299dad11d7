/**
 * The ReLU gradient as one host pass over the heap (./host_op.ts). TF.js's own is
 * `dy * cast(step(x))`: three kernels, each a pass over the activation with a fresh output
 * (about 3 ms for a [64, 28, 28, 16] activation in resnet-tiny, where every block has one). The
 * values are the same bits: dy times 1 where x > 0, times 0 where x <= 0, and NaN where x is NaN
 * (Step's rule).
 * @module
 */
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "./tfjs.ts";
import { hostOp } from "./host_op.ts";
import type { BackwardPasses } from "./backward_passes.ts";

/**
 * The gradient of `relu(x)` for the output gradient `dy`.
 *
 * @param tf TF.js.
 * @param dy Output gradient.
 * @param x The ReLU's input.
 * @param passes The masking pass on the engine's kernel (./backward_passes.ts: the same bits,
 *   four values at a time), or undefined for the one in JavaScript.
 * @returns dx, shaped as x.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { reluInputGradient } from "./relu_gradient.ts";
 * const tf = await loadTfjs();
 * reluInputGradient(tf, tf.tensor1d([5, 6, 7]), tf.tensor1d([-1, 0, 2])).print(); // [0, 0, 7]
 * ```
 */
export function reluInputGradient(
  tf: Tfjs,
  dy: Tensor,
  x: Tensor,
  passes?: BackwardPasses,
): Tensor {
  const [dx] = hostOp(tf, [dy, x], [x.shape], ([g, input], [out]) => {
    if (!passes) return maskByStep(g, input, out);
    // The per-channel sums come along and are dropped: one pass, not a second kernel export.
    const channels = x.rank === 0 ? 1 : x.shape[x.rank - 1];
    passes.maskedChannelSums(g, input, out, new Float64Array(channels), true);
  });
  return dx;
}

/**
 * out = dy step(x). The comparison becomes a number rather than a branch: a branch on random
 * activations mispredicts half the time; the NaN test is almost never taken, so it predicts well.
 */
function maskByStep(dy: Float32Array, x: Float32Array, out: Float32Array) {
  for (let i = 0; i < dy.length; i++) {
    const value = x[i];
    let step = +(value > 0);
    if (value !== value) step = NaN;
    out[i] = dy[i] * step;
  }
}

/**
 * Registers the ReLU gradient above in place of TF.js's.
 *
 * @param tf TF.js.
 * @param passes The masking pass on the engine's kernel (./backward_passes.ts), or undefined
 *   for the one in JavaScript.
 * @example
 * ```ts
 * import { loadTfjs } from "./tfjs.ts";
 * import { registerReluGradient } from "./relu_gradient.ts";
 * registerReluGradient(await loadTfjs()); // loadTfjs already does this
 * ```
 */
export function registerReluGradient(tf: Tfjs, passes?: BackwardPasses): void {
  tf.registerGradient({
    kernelName: "Relu",
    inputsToSave: ["x"],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
      const [x] = saved;
      return { x: () => reluInputGradient(tf, dy as Tensor, x, passes) };
    },
  });
}
