/**
 * Puts a plane's samples into kernel memory once: the leading rescaling / normalization applied
 * on the host, then either the raw samples in the stored layout (here) or the first layer's
 * products (ops/first_layer.ts).
 * @module
 */
import type { Dataset } from "../../data/dataset.ts";
import type { Kernel } from "../kernel/kernel.ts";
import type { ModelPlan } from "../program/types.ts";

/**
 * Copies the raw samples into kernel memory in the plan's stored input layout (channels padded
 * to 4 with zeros when the first layer needs it).
 *
 * @param kernel The kernel instance.
 * @param plan The plan.
 * @param data The samples, `[count, ...inputShape]` flat.
 * @param inputPtr Where they go (count * sampleFloats(plan.input) floats).
 * @returns Nothing.
 * @example
 * ```ts ignore
 * placeSamples(kernel, plan, data, inputPtr);
 * ```
 */
export function placeSamples(
  kernel: Kernel,
  plan: ModelPlan,
  data: Dataset,
  inputPtr: number,
): void {
  const { c, stride } = plan.input;
  const f32 = kernel.f32, base = inputPtr / 4;
  if (c === stride) {
    f32.set(data.x, base);
    return;
  }
  const pixels = data.x.length / c;
  for (let p = 0; p < pixels; p++) {
    for (let channel = 0; channel < c; channel++) {
      f32[base + p * stride + channel] = data.x[p * c + channel];
    }
  }
}

/**
 * The samples after the model's leading rescaling and normalization layers.
 *
 * @param plan The model's plan.
 * @param data The samples.
 * @returns `data` itself when the plan has no input map, else a copy with `x * scale + offset`
 * per feature.
 * @example
 * ```ts
 * import { mapInputs } from "./memory.ts";
 * const data = { x: new Float32Array([1, 2]), y: new Int32Array([0]), count: 1, features: 2, classes: 2 };
 * const plan = { inputAffine: { scale: new Float32Array([2, 2]), offset: new Float32Array([1, 0]) } };
 * console.log(mapInputs(plan, data).x); // Float32Array(2) [3, 4]
 * ```
 */
export function mapInputs(plan: Pick<ModelPlan, "inputAffine">, data: Dataset): Dataset {
  const affine = plan.inputAffine;
  if (!affine) return data;
  const { scale, offset } = affine, features = scale.length;
  const x = new Float32Array(data.count * features);
  for (let s = 0, at = 0; s < data.count; s++) {
    for (let i = 0; i < features; i++, at++) x[at] = data.x[at] * scale[i] + offset[i];
  }
  return { ...data, x };
}
