/**
 * Weight initialisation from the seeded generator (so a seed fixes the
 * starting point on every machine, independent of TF.js's own RNG).
 * @module
 */
import type { ParamLayout } from "./layout.ts";
import { createRng } from "../random.ts";

/**
 * He-normal initialisation (He et al. 2015): kernels ~ N(0, 2 / fan_in),
 * biases zero. For a dense kernel `[in, out]`, fan_in is `in`.
 *
 * @param layout The parameter layout.
 * @param seed Seed of the draw.
 * @returns The flat initial parameters.
 * @example
 * ```ts
 * import { heNormal } from "./init.ts";
 * import { DEFAULT_MLP, mlpLayout } from "./mlp.ts";
 * const weights = heNormal(mlpLayout(DEFAULT_MLP), 0);
 * console.log(weights.length); // 101770
 * ```
 */
export function heNormal(layout: ParamLayout, seed: number): Float32Array {
  const rng = createRng(seed);
  const values = new Float32Array(layout.size);
  for (const slot of layout.tensors) {
    if (slot.role !== "kernel") continue;
    const fanIn = slot.shape.slice(0, -1).reduce((product, dim) => product * dim, 1);
    const std = Math.sqrt(2 / fanIn);
    for (let i = 0; i < slot.size; i++) values[slot.offset + i] = rng.normal() * std;
  }
  return values;
}
