/**
 * Registers the gradient functions losscape's training, analyses and curvature need, on
 * tfjs-core (which ships none; the `@tensorflow/tfjs` bundle that registers all of them also
 * brings layers, converter, data and two more backends, about 240 MB that a run never uses).
 * `GRADIENT_KERNELS` lists them; tests/train_gradient_registry.test.ts fails with the kernel's
 * name when a layer type, activation or loss records one that has no gradient.
 * @module
 */
import type { GradConfig } from "npm:@tensorflow/tfjs-core@4.22.0";
import type { Tfjs } from "../tfjs.ts";
import { activationGradients } from "./activation_gradients.ts";
import { binaryGradients } from "./binary_gradients.ts";
import { layerGradients } from "./layer_gradients.ts";
import { reductionGradients } from "./reduction_gradients.ts";
import { shapeGradients } from "./shape_gradients.ts";
import { unaryGradients } from "./unary_gradients.ts";

/**
 * Every gradient config losscape registers (before its own MatMul, Conv2D and MaxPool ones,
 * which replace or add to these).
 *
 * @param tf TF.js.
 * @returns The configs, one per kernel.
 * @example
 * ```ts
 * import { loadTfjs } from "../tfjs.ts";
 * import { gradientConfigs } from "./register_gradients.ts";
 * const tf = await loadTfjs();
 * console.log(gradientConfigs(tf).length > 30); // true
 * ```
 */
export function gradientConfigs(tf: Tfjs): GradConfig[] {
  return [
    ...binaryGradients(tf),
    ...unaryGradients(tf),
    ...activationGradients(tf),
    ...reductionGradients(tf),
    ...shapeGradients(tf),
    ...layerGradients(tf),
  ];
}

/**
 * Registers {@linkcode gradientConfigs} with TF.js (replacing any registered before).
 *
 * @param tf TF.js.
 * @example
 * ```ts
 * import { loadTfjs } from "../tfjs.ts";
 * import { registerGradients } from "./register_gradients.ts";
 * registerGradients(await loadTfjs()); // loadTfjs already does this
 * ```
 */
export function registerGradients(tf: Tfjs): void {
  for (const config of gradientConfigs(tf)) {
    // registerGradient warns when it replaces one; replacing is what is meant here.
    if (tf.getGradient(config.kernelName)) tf.unregisterGradient(config.kernelName);
    tf.registerGradient(config);
  }
}
