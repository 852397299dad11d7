/**
 * Gradients of the kernels that only move values: each routes dy back to where the values
 * came from. Reshape: dy reshaped to x's shape; Transpose: dy transposed by the inverse
 * permutation; Slice: dy padded with zeros to x's shape; PadV2: the unpadded part of dy;
 * Reverse: dy reversed along the same axes; Pack (stack): dy unstacked along the same axis.
 * @module
 */
import type { GradConfig, NamedAttrMap, Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../tfjs.ts";
import { normaliseAxes } from "./axes.ts";

/**
 * A slice's `begin` and `size` attributes as full-rank lists (a number stands for the first
 * axis; missing axes start at 0 and take the rest; a size of -1 takes the rest).
 *
 * @param shape The sliced tensor's shape.
 * @param begin The `begin` attribute.
 * @param size The `size` attribute.
 * @returns Start and length along every axis.
 * @example
 * ```ts
 * import { sliceBounds } from "./shape_gradients.ts";
 * console.log(sliceBounds([4, 5], 1, [2])); // { start: [1, 0], length: [2, 5] }
 * ```
 */
export function sliceBounds(
  shape: readonly number[],
  begin: unknown,
  size: unknown,
): { start: number[]; length: number[] } {
  const given = (value: unknown) => (value == null ? [] : [value].flat() as number[]);
  const [starts, sizes] = [given(begin), given(size)];
  const start = shape.map((_, axis) => starts[axis] ?? 0);
  const length = shape.map((extent, axis) => {
    const wanted = sizes[axis] ?? -1;
    return wanted === -1 ? extent - start[axis] : wanted;
  });
  return { start, length };
}

/**
 * The gradient configs of Reshape, Transpose, Slice, PadV2, Reverse and Pack.
 *
 * @param tf TF.js.
 * @returns One config per kernel, for `tf.registerGradient`.
 * @example
 * ```ts
 * import { loadTfjs } from "../tfjs.ts";
 * import { shapeGradients } from "./shape_gradients.ts";
 * const tf = await loadTfjs();
 * console.log(shapeGradients(tf).some((config) => config.kernelName === "Slice")); // true
 * ```
 */
export function shapeGradients(tf: Tfjs): GradConfig[] {
  const configs: Record<string, (dy: Tensor, x: Tensor, attrs: NamedAttrMap) => Tensor> = {
    Reshape: (dy, x) => tf.reshape(dy, x.shape),
    Slice: (dy, x, attrs) => {
      const { start, length } = sliceBounds(x.shape, attrs.begin, attrs.size);
      const paddings = x.shape.map((extent, axis): [number, number] => [
        start[axis],
        extent - start[axis] - length[axis],
      ]);
      return tf.pad(dy, paddings);
    },
    PadV2: (dy, x, attrs) => {
      const begin = (attrs.paddings as unknown as [number, number][]).map(([before]) => before);
      return tf.slice(dy, begin, x.shape);
    },
  };
  return [
    ...Object.entries(configs).map(([kernelName, rule]): GradConfig => ({
      kernelName,
      inputsToSave: ["x"],
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => ({
        x: () => rule(dy as Tensor, saved[0], attrs),
      }),
    })),
    {
      kernelName: "Transpose",
      gradFunc: (dy: Tensor | Tensor[], _saved: Tensor[], attrs: NamedAttrMap) => {
        const perm = attrs.perm as number[];
        const inverse = perm.map((_, axis) => perm.indexOf(axis));
        return { x: () => tf.transpose(dy as Tensor, inverse) };
      },
    },
    {
      kernelName: "Reverse",
      gradFunc: (dy: Tensor | Tensor[], _saved: Tensor[], attrs: NamedAttrMap) => {
        const gradient = dy as Tensor;
        return { x: () => tf.reverse(gradient, normaliseAxes(attrs.dims, gradient.rank)) };
      },
    },
    {
      kernelName: "Pack",
      saveAllInputs: true,
      gradFunc: (dy: Tensor | Tensor[], _saved: Tensor[], attrs: NamedAttrMap) => {
        const parts = tf.unstack(dy as Tensor, attrs.axis as number);
        return Object.fromEntries(parts.map((part, index) => [String(index), () => part]));
      },
    },
  ];
}
