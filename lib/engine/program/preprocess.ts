/**
 * The model's leading weightless layers (flatten, dropout, reshape, rescaling, normalization
 * before the first weighted layer) cost nothing per grid point: a reshape only changes how the
 * row-major samples are read, and rescaling and normalization fold into one affine map per input
 * feature that is applied to the samples once, before the first layer's products are computed.
 * Later ones are ops (ops/reshape.ts, ops/affine.ts); this file also lays out the constants the
 * affine ops read.
 * @module
 */
import type { ResolvedModel } from "../../model/resolve.ts";
import { channelAffine } from "../../model/spec_preprocess.ts";
import type { ModelPlan } from "./types.ts";

const LEADING = ["flatten", "dropout", "reshape", "rescaling", "normalization"];

/**
 * The model's leading weightless layers, folded.
 *
 * @param model The resolved model.
 * @returns How many layers lead, the shape the samples are read in after them, and their affine
 * map per raw input feature (null when they only move shapes).
 * @example
 * ```ts
 * import { resolveModel } from "../../model/resolve.ts";
 * import { leadingLayers } from "./preprocess.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [4], layers: [
 *   { type: "rescaling", scale: 2 }, { type: "reshape", targetShape: [2, 2, 1] },
 *   { type: "conv2d", filters: 1, kernelSize: 2 }, { type: "flatten" }] });
 * const lead = leadingLayers(model);
 * console.log(lead.count, lead.shape, lead.inputAffine?.scale); // 2 [2, 2, 1] Float32Array(4) [2, 2, 2, 2]
 * ```
 */
export function leadingLayers(
  model: ResolvedModel,
): { count: number; shape: number[]; inputAffine: ModelPlan["inputAffine"] } {
  const layers = model.layers;
  let shape = model.spec.inputShape;
  const features = shape.reduce((a, b) => a * b, 1);
  const scale = new Float64Array(features).fill(1), offset = new Float64Array(features);
  let affine = false, count = 0;
  while (count < layers.length && LEADING.includes(layers[count].type)) {
    const layer = layers[count];
    if (layer.type === "rescaling" || layer.type === "normalization") {
      const channels = shape[shape.length - 1];
      const map = channelAffine(layer, channels);
      for (let i = 0; i < features; i++) {
        const c = i % channels;
        scale[i] *= map.scale[c];
        offset[i] = offset[i] * map.scale[c] + map.offset[c];
      }
      affine = true;
    }
    shape = layer.outputShape;
    count++;
  }
  const inputAffine = affine
    ? { scale: Float32Array.from(scale), offset: Float32Array.from(offset) }
    : null;
  return { count, shape, inputAffine };
}

/**
 * Lays out the affine ops' constants for batch norm's kernel: per op its scale as gamma, its
 * offset as beta, a zero mean and a unit variance (with a negligible epsilon, `sqrt(1 + 1e-30)`
 * is 1 in f32, so the map is exact), and sets each op's `constants` offset.
 *
 * @param ops The plan's ops.
 * @returns The constants, or null when there is no affine op.
 * @example
 * ```ts
 * import { collectConstants } from "./preprocess.ts";
 * console.log(collectConstants([])); // null
 * ```
 */
export function collectConstants(ops: ModelPlan["ops"]): Float32Array | null {
  const affine = ops.filter((op) => op.kind === "affine");
  if (affine.length === 0) return null;
  const constants = new Float32Array(affine.reduce((n, op) => n + 4 * op.desc.stride, 0));
  let at = 0;
  for (const op of affine) {
    const stride = op.desc.stride;
    op.constants = at;
    constants.set(op.scale, at);
    constants.set(op.offset, at + stride);
    constants.fill(1, at + 3 * stride, at + 4 * stride);
    at += 4 * stride;
  }
  return constants;
}
