/**
 * Flat weights as TF.js tensors, one per tensor of the layout, for the analyses that
 * differentiate the loss (weight gradients, input saliency) or read activations.
 * @module
 */
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../train/tfjs.ts";
import type { ParamLayout, TensorSlot } from "../model/layout.ts";

/** A model's weights held as tensors. */
export interface ParamTensors {
  /** The tensor of a parameter, by name (e.g. `dense0/kernel`). */
  param: (name: string) => Tensor;
  /** The trainable tensors (every role but the batch-norm moving statistics), in layout order. */
  trainable: TensorSlot[];
  /** Frees every tensor. */
  dispose: () => void;
}

/**
 * Uploads flat weights as one tensor per slot.
 *
 * @param tf TF.js.
 * @param layout Where each tensor lives.
 * @param values The flat weights, `layout.size` long.
 * @returns Lookup, trainable slots and a dispose function.
 * @throws {RangeError} When `values` does not match the layout.
 * @example
 * ```ts
 * import { loadTfjs } from "../train/tfjs.ts";
 * import { buildLayout } from "../model/layout.ts";
 * import { uploadParams } from "./param_tensors.ts";
 * const tf = await loadTfjs();
 * const layout = buildLayout([{ name: "w", shape: [2], role: "kernel" }]);
 * const params = uploadParams(tf, layout, new Float32Array([1, 2]));
 * console.log(params.param("w").shape); // [2]
 * params.dispose();
 * ```
 */
export function uploadParams(tf: Tfjs, layout: ParamLayout, values: Float32Array): ParamTensors {
  if (values.length !== layout.size) {
    throw new RangeError(
      `Weights must match the layout: expected ${layout.size} values, got ${values.length}`,
    );
  }
  const tensors = new Map<string, Tensor>();
  for (const slot of layout.tensors) {
    tensors.set(
      slot.name,
      tf.tensor(values.subarray(slot.offset, slot.offset + slot.size), slot.shape),
    );
  }
  return {
    param: (name) => {
      const tensor = tensors.get(name);
      if (!tensor) throw new RangeError(`No parameter named "${name}" in the layout`);
      return tensor;
    },
    trainable: layout.tensors.filter((slot) => !slot.role.startsWith("moving-")),
    dispose: () => tensors.forEach((tensor) => tensor.dispose()),
  };
}
