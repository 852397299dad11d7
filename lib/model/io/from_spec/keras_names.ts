/**
 * Our layer and tensor names as Keras names: Keras layer names cannot hold `/`, so a residual
 * block's `res0/conv1` becomes `res0_conv1`; tensor roles become Keras weight names.
 * @module
 */

const KERAS_ROLE: Record<string, string> = {
  "moving-mean": "moving_mean",
  "moving-variance": "moving_variance",
};

/**
 * The Keras layer name of one of our layers: `res0/conv1` is `res0_conv1`.
 *
 * @param layer Our layer's full name.
 * @returns The Keras layer name.
 * @example
 * ```ts
 * import { kerasName } from "./keras_names.ts";
 * console.log(kerasName("res0/shortcut")); // "res0_shortcut"
 * ```
 */
export function kerasName(layer: string): string {
  return layer.replaceAll("/", "_");
}

/**
 * The Keras weight name of one of our tensor roles.
 *
 * @param role Our role (`kernel`, `moving-mean`, ...).
 * @returns The Keras weight name (`kernel`, `moving_mean`, ...).
 * @example
 * ```ts
 * import { kerasRole } from "./keras_names.ts";
 * console.log(kerasRole("moving-variance")); // "moving_variance"
 * ```
 */
export function kerasRole(role: string): string {
  return KERAS_ROLE[role] ?? role;
}

/**
 * The Keras weight name of one of our tensors: `res0/conv1/kernel` is `res0_conv1/kernel`.
 *
 * @param tensor Our tensor name.
 * @returns The Keras `layer/weight` name.
 * @example
 * ```ts
 * import { kerasWeightName } from "./keras_names.ts";
 * console.log(kerasWeightName("bn0/moving-mean")); // "bn0/moving_mean"
 * ```
 */
export function kerasWeightName(tensor: string): string {
  const cut = tensor.lastIndexOf("/");
  const role = tensor.slice(cut + 1);
  return `${kerasName(tensor.slice(0, cut))}/${kerasRole(role)}`;
}
