/**
 * Axis bookkeeping shared by the gradient functions: which axes a broadcast operand was
 * stretched along (its gradient sums over them), reduction axes as a kernel's attributes give
 * them (a number, a list, negative or absent), and a reduced shape with its axes kept as 1.
 * @module
 */
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../tfjs.ts";

/**
 * The axes of `outShape` along which an operand of `inShape` was broadcast (NumPy rules:
 * shapes align at the right; a missing axis or a 1 against a larger size is broadcast).
 *
 * @param inShape The operand's shape.
 * @param outShape The broadcast result's shape.
 * @returns Axes of `outShape`, ascending.
 * @example
 * ```ts
 * import { broadcastAxes } from "./axes.ts";
 * console.log(broadcastAxes([3], [2, 3])); // [0]
 * console.log(broadcastAxes([2, 1], [2, 3])); // [1]
 * ```
 */
export function broadcastAxes(inShape: readonly number[], outShape: readonly number[]): number[] {
  const lead = outShape.length - inShape.length;
  return outShape.flatMap((size, axis) =>
    axis < lead || (inShape[axis - lead] === 1 && size > 1) ? [axis] : []
  );
}

/**
 * The gradient of a broadcast operand: `gradient` (of the result's shape) summed over the axes
 * the operand was broadcast along, reshaped to the operand's shape.
 *
 * @param tf TF.js.
 * @param gradient The gradient with respect to the broadcast result.
 * @param shape The operand's shape.
 * @returns A new tensor of `shape` (a reshaped view when nothing was broadcast: a gradient
 *   function must not hand the same tensor to two inputs, since the tape disposes what it sums).
 * @example
 * ```ts
 * import { loadTfjs } from "../tfjs.ts";
 * import { unbroadcast } from "./axes.ts";
 * const tf = await loadTfjs();
 * console.log(unbroadcast(tf, tf.ones([2, 3]), [3]).arraySync()); // [2, 2, 2]
 * ```
 */
export function unbroadcast(tf: Tfjs, gradient: Tensor, shape: readonly number[]): Tensor {
  const axes = broadcastAxes(shape, gradient.shape);
  return tf.reshape(axes.length === 0 ? gradient : tf.sum(gradient, axes), [...shape]);
}

/**
 * Reduction axes as a kernel attribute gives them, as a sorted list of non-negative axes.
 *
 * @param axis A number, a list, or nothing (every axis); negative axes count from the end.
 * @param rank The rank of the reduced tensor.
 * @returns The axes, ascending and without repeats.
 * @example
 * ```ts
 * import { normaliseAxes } from "./axes.ts";
 * console.log(normaliseAxes(-1, 3)); // [2]
 * console.log(normaliseAxes(undefined, 2)); // [0, 1]
 * ```
 */
export function normaliseAxes(axis: unknown, rank: number): number[] {
  const given = axis == null ? [...Array(rank).keys()] : [axis].flat() as number[];
  return [...new Set(given.map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
}

/**
 * `shape` with each of `axes` set to 1: the shape of a reduction with its axes kept.
 *
 * @param shape The reduced tensor's shape.
 * @param axes The reduced axes (non-negative).
 * @returns The kept-dimensions shape.
 * @example
 * ```ts
 * import { keptShape } from "./axes.ts";
 * console.log(keptShape([4, 5, 6], [1])); // [4, 1, 6]
 * ```
 */
export function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((size, axis) => (axes.includes(axis) ? 1 : size));
}
