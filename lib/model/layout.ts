/**
 * Flat parameter storage: every tensor of a network lives in one Float32Array,
 * described by a layout (name, shape, offset per tensor). Directions share the
 * layout, so "w + a*d1 + b*d2" is plain array arithmetic.
 * @module
 */

/**
 * What a tensor is for. Filter normalisation rescales kernels filter by filter and treats every
 * other role like a bias; batch-norm moving statistics are not trained, only evaluated.
 */
export type TensorRole = "kernel" | "bias" | "gamma" | "beta" | "moving-mean" | "moving-variance";

/** One tensor's place inside a flat parameter vector. */
export interface TensorSlot {
  /** Unique name, e.g. `dense0/kernel`. */
  name: string;
  /** Shape; dense kernels are `[inputs, outputs]` (row-major, TF.js order). */
  shape: number[];
  /** Index of the first element in the flat vector. */
  offset: number;
  /** Number of elements (product of `shape`). */
  size: number;
  /** Kernel or bias. */
  role: TensorRole;
}

/** Where every tensor of a network lives in the flat vector. */
export interface ParamLayout {
  /** Tensors in storage order, contiguous, without gaps. */
  tensors: TensorSlot[];
  /** Total number of parameters. */
  size: number;
}

/** A flat parameter vector together with its layout. */
export interface Params {
  /** Where each tensor lives. */
  layout: ParamLayout;
  /** All parameters, `layout.size` long. */
  values: Float32Array;
}

/**
 * Builds a contiguous layout from tensor names, shapes and roles.
 *
 * @param specs Tensors in storage order.
 * @returns The layout, with offsets assigned back to back.
 * @example
 * ```ts
 * import { buildLayout } from "./layout.ts";
 * const layout = buildLayout([{ name: "w", shape: [2, 3], role: "kernel" }]);
 * console.log(layout.size); // 6
 * ```
 */
export function buildLayout(
  specs: ReadonlyArray<{ name: string; shape: number[]; role: TensorRole }>,
): ParamLayout {
  let offset = 0;
  const tensors = specs.map(({ name, shape, role }) => {
    const size = shape.reduce((product, dim) => product * dim, 1);
    const slot = { name, shape: [...shape], offset, size, role };
    offset += size;
    return slot;
  });
  return { tensors, size: offset };
}

/**
 * Finds a tensor slot by name.
 *
 * @param layout The layout to search.
 * @param name The tensor's name.
 * @returns The slot.
 * @throws {RangeError} When no tensor has that name.
 * @example
 * ```ts
 * import { buildLayout, slotOf } from "./layout.ts";
 * const layout = buildLayout([{ name: "w", shape: [4], role: "kernel" }]);
 * console.log(slotOf(layout, "w").offset); // 0
 * ```
 */
export function slotOf(layout: ParamLayout, name: string): TensorSlot {
  const slot = layout.tensors.find((tensor) => tensor.name === name);
  if (!slot) {
    throw new RangeError(
      `No tensor named "${name}" in the layout: have ${
        layout.tensors.map((t) => t.name).join(", ")
      }`,
    );
  }
  return slot;
}

/**
 * Returns the view of one tensor inside a flat vector (no copy).
 *
 * @param values The flat vector.
 * @param slot The tensor's slot.
 * @returns A subarray sharing memory with `values`.
 * @example
 * ```ts
 * import { buildLayout, tensorView } from "./layout.ts";
 * const layout = buildLayout([{ name: "w", shape: [2], role: "kernel" }, { name: "b", shape: [1], role: "bias" }]);
 * console.log(tensorView(new Float32Array([1, 2, 3]), layout.tensors[1])); // Float32Array [3]
 * ```
 */
export function tensorView(
  values: Float32Array,
  slot: TensorSlot,
): Float32Array {
  return values.subarray(slot.offset, slot.offset + slot.size);
}
