/**
 * The most influential weights, named by tensor, output unit (or filter) and input position, so
 * a user can find them in their own framework.
 * @module
 */
import type { ParamLayout, TensorSlot } from "../../model/layout.ts";

/** One weight and where it sits. */
export interface NamedWeight {
  /** Tensor name, e.g. `dense0/kernel`. */
  tensor: string;
  /** Flat index inside the tensor (row-major, TF.js order). */
  index: number;
  /** The multi-index in the tensor's shape. */
  position: number[];
  /** Output unit or filter: the last axis of a kernel; the entry of a bias, gamma or beta. */
  unit: number;
  /** Input index: a kernel's position without its last axis, flattened (dense: the input feature; conv: (row, column, input channel)); -1 for a vector. */
  input: number;
  /** The weight. */
  value: number;
  /** dL/dw. */
  gradient: number;
  /** |w * dL/dw|. */
  importance: number;
}

/**
 * The multi-index of a flat row-major index.
 *
 * @param shape A tensor's shape.
 * @param index A flat index into it.
 * @returns One coordinate per axis.
 * @example
 * ```ts
 * import { unravelIndex } from "./top_weights.ts";
 * console.log(unravelIndex([3, 3, 1, 16], 17)); // [0, 0, 1, 1]
 * ```
 */
export function unravelIndex(shape: readonly number[], index: number): number[] {
  const position = new Array<number>(shape.length);
  let rest = index;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    position[axis] = rest % shape[axis];
    rest = Math.floor(rest / shape[axis]);
  }
  return position;
}

function describe(slot: TensorSlot, index: number, values: Float32Array, gradient: Float32Array) {
  const units = slot.shape[slot.shape.length - 1];
  const flat = slot.offset + index;
  return {
    tensor: slot.name,
    index,
    position: unravelIndex(slot.shape, index),
    unit: index % units,
    input: slot.shape.length > 1 ? Math.floor(index / units) : -1,
    value: values[flat],
    gradient: gradient[flat],
    importance: Math.abs(values[flat] * gradient[flat]),
  };
}

/**
 * The k weights of largest |w * dL/dw| among the trainable tensors, largest first (ties: the
 * earlier weight first).
 *
 * @param layout Where each tensor lives.
 * @param values The weights.
 * @param gradient Their gradient.
 * @param k How many. Default 20.
 * @returns Up to k named weights.
 * @example
 * ```ts
 * import { buildLayout } from "../../model/layout.ts";
 * import { topWeights } from "./top_weights.ts";
 * const layout = buildLayout([{ name: "dense0/kernel", shape: [2, 2], role: "kernel" }]);
 * const [top] = topWeights(layout, new Float32Array([1, 2, 3, 4]), new Float32Array([1, 1, 1, -1]), 1);
 * console.log(top.unit, top.input, top.importance); // 1 1 4
 * ```
 */
export function topWeights(
  layout: ParamLayout,
  values: Float32Array,
  gradient: Float32Array,
  k = 20,
): NamedWeight[] {
  const candidates: { slot: TensorSlot; index: number; importance: number }[] = [];
  let floor = -1;
  for (const slot of layout.tensors) {
    if (slot.role.startsWith("moving-")) continue;
    for (let i = 0; i < slot.size; i++) {
      const importance = Math.abs(values[slot.offset + i] * gradient[slot.offset + i]);
      if (!(importance > floor) && candidates.length >= k) continue;
      candidates.push({ slot, index: i, importance });
      if (candidates.length > 4 * k + 64) {
        candidates.sort((a, b) => b.importance - a.importance);
        candidates.length = k;
        floor = candidates[k - 1].importance;
      }
    }
  }
  candidates.sort((a, b) =>
    b.importance - a.importance || a.slot.offset + a.index - (b.slot.offset + b.index)
  );
  return candidates.slice(0, k).map(({ slot, index }) => describe(slot, index, values, gradient));
}
