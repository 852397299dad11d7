/**
 * Weight initialisation from the seeded generator (so a seed fixes the starting point on
 * every machine, independent of TF.js's own RNG): He, Glorot/Xavier and LeCun, normal or
 * uniform, and zeros, chosen for the whole model or per tensor.
 *
 * Each scheme sets the variance of a kernel's entries: He 2 / fan_in (He et al. 2015, eq. 10),
 * Glorot 2 / (fan_in + fan_out) (Glorot & Bengio 2010, eq. 16), LeCun 1 / fan_in (LeCun et al.
 * 1998). "Normal" draws N(0, var) untruncated (PyTorch's convention; Keras truncates);
 * "uniform" draws U(-sqrt(3 var), sqrt(3 var)), which has the same variance.
 * @module
 */
import type { ParamLayout, TensorSlot } from "./layout.ts";
import { createRng } from "../random.ts";
import { LosscapeError } from "../errors.ts";

/** An initialisation scheme. */
export type InitName =
  | "he-normal"
  | "he-uniform"
  | "glorot-normal"
  | "glorot-uniform"
  | "lecun-normal"
  | "lecun-uniform"
  | "zeros";

/** Every scheme's name, for option checking and CLI help. */
export const INIT_NAMES: readonly InitName[] = [
  "he-normal",
  "he-uniform",
  "glorot-normal",
  "glorot-uniform",
  "lecun-normal",
  "lecun-uniform",
  "zeros",
];

/**
 * Fan-in and fan-out of a tensor (Keras's `_compute_fans`): dense `[in, out]` gives (in, out);
 * conv `[kh, kw, cin, cout]` gives (kh*kw*cin, kh*kw*cout); a vector `[n]` gives (n, n).
 *
 * @param shape The tensor's shape.
 * @returns `[fanIn, fanOut]`.
 * @example
 * ```ts
 * import { computeFans } from "./init.ts";
 * console.log(computeFans([3, 3, 16, 32])); // [144, 288]
 * ```
 */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  const receptive = shape.slice(0, -2).reduce((product, dim) => product * dim, 1);
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

/**
 * The variance a scheme gives a tensor of the given shape.
 *
 * @param name The scheme.
 * @param shape The tensor's shape.
 * @returns The variance of each entry (0 for `zeros`).
 * @example
 * ```ts
 * import { initVariance } from "./init.ts";
 * console.log(initVariance("glorot-uniform", [100, 300])); // 0.005
 * ```
 */
export function initVariance(name: InitName, shape: readonly number[]): number {
  const [fanIn, fanOut] = computeFans(shape);
  if (name.startsWith("he-")) return 2 / fanIn;
  if (name.startsWith("glorot-")) return 2 / (fanIn + fanOut);
  if (name.startsWith("lecun-")) return 1 / fanIn;
  return 0;
}

/** Options for {@linkcode initialize}. */
export interface InitOptions {
  /** Scheme for every kernel. Default `"he-normal"`. Biases are zeros unless `perTensor` says otherwise. */
  default?: InitName;
  /** Scheme per tensor name (e.g. `{ "dense1/kernel": "glorot-uniform" }`), overriding the default. */
  perTensor?: Record<string, InitName>;
}

function checkName(name: string, where: string): InitName {
  if (!(INIT_NAMES as readonly string[]).includes(name)) {
    throw new LosscapeError(`${where} must be one of ${INIT_NAMES.join(", ")}: got "${name}"`);
  }
  return name as InitName;
}

/**
 * Initialises every tensor of a layout with its chosen scheme, from one seeded stream drawn
 * in layout order (zeros draw nothing).
 *
 * @param layout The parameter layout.
 * @param options Default scheme for kernels and per-tensor overrides.
 * @param seed Seed of the draw.
 * @returns The flat initial parameters.
 * @throws {LosscapeError} On an unknown scheme or a `perTensor` name not in the layout.
 * @example
 * ```ts
 * import { initialize } from "./init.ts";
 * import { modelLayout } from "./model_layout.ts";
 * import { preset } from "./presets.ts";
 * const layout = modelLayout(preset("mlp"));
 * const weights = initialize(layout, { default: "glorot-uniform", perTensor: { "dense1/kernel": "lecun-normal" } }, 7);
 * console.log(weights.length); // 101770
 * ```
 */
export function initialize(layout: ParamLayout, options: InitOptions, seed: number): Float32Array {
  const { default: kernelScheme = "he-normal", perTensor = {} } = options;
  checkName(kernelScheme, "init default");
  for (const [name, scheme] of Object.entries(perTensor)) {
    if (!layout.tensors.some((slot) => slot.name === name)) {
      throw new LosscapeError(
        `init perTensor names a tensor the model does not have: "${name}" (have ${
          layout.tensors.map((slot) => slot.name).join(", ")
        })`,
      );
    }
    checkName(scheme, `init perTensor "${name}"`);
  }
  const schemeOf = (slot: TensorSlot): InitName =>
    perTensor[slot.name] ?? (slot.role === "kernel" ? kernelScheme : "zeros");
  const rng = createRng(seed);
  const values = new Float32Array(layout.size);
  for (const slot of layout.tensors) {
    const scheme = schemeOf(slot);
    if (scheme === "zeros") continue;
    const variance = initVariance(scheme, slot.shape);
    const target = values.subarray(slot.offset, slot.offset + slot.size);
    if (scheme.endsWith("-normal")) {
      const std = Math.sqrt(variance);
      for (let i = 0; i < slot.size; i++) target[i] = rng.normal() * std;
    } else {
      const limit = Math.sqrt(3 * variance);
      for (let i = 0; i < slot.size; i++) target[i] = (2 * rng.uniform() - 1) * limit;
    }
  }
  return values;
}

/**
 * He-normal initialisation (He et al. 2015): kernels ~ N(0, 2 / fan_in), biases zero.
 * Same as `initialize(layout, { default: "he-normal" }, seed)`.
 *
 * @param layout The parameter layout.
 * @param seed Seed of the draw.
 * @returns The flat initial parameters.
 * @example
 * ```ts
 * import { heNormal } from "./init.ts";
 * import { modelLayout } from "./model_layout.ts";
 * import { preset } from "./presets.ts";
 * const weights = heNormal(modelLayout(preset("mlp")), 0);
 * console.log(weights.length); // 101770
 * ```
 */
export function heNormal(layout: ParamLayout, seed: number): Float32Array {
  return initialize(layout, { default: "he-normal" }, seed);
}
