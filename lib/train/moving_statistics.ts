/**
 * Batch-norm moving statistics in training: after each step,
 * moving = momentum * moving + (1 - momentum) * batch (Keras's rule; the variance is the
 * batch's biased variance, as Keras uses).
 * @module
 */
import type { ParamLayout } from "../model/layout.ts";
import { slotOf } from "../model/layout.ts";
import type { ResolvedLayer, ResolvedModel } from "../model/resolve.ts";

/**
 * The momentum of every batch-norm layer, by layer name.
 *
 * @param model The resolved model.
 * @returns Layer name to momentum.
 * @example
 * ```ts
 * import { resolveModel } from "../model/resolve.ts";
 * import { batchNormMomenta } from "./moving_statistics.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [3], layers: [{ type: "batch-norm" }, { type: "dense", units: 2 }] });
 * console.log(batchNormMomenta(model)); // Map { "bn0" => 0.99 }
 * ```
 */
export function batchNormMomenta(model: ResolvedModel): Map<string, number> {
  const momenta = new Map<string, number>();
  const visit = (layers: ResolvedLayer[]) => {
    for (const layer of layers) {
      if (layer.type === "batch-norm") momenta.set(layer.name, layer.momentum);
      if (layer.body) visit(layer.body);
    }
  };
  visit(model.layers);
  return momenta;
}

/**
 * Moves each batch-norm layer's moving mean and variance towards this batch's statistics.
 *
 * @param layout The parameter layout.
 * @param values The flat weights, updated in place.
 * @param batch Per layer, the batch mean and (biased) variance.
 * @param momenta Per layer, its momentum ({@linkcode batchNormMomenta}).
 * @throws {RangeError} When a layer of `batch` has no momentum.
 * @example
 * ```ts
 * import { buildLayout } from "../model/layout.ts";
 * import { updateMovingStatistics } from "./moving_statistics.ts";
 * const layout = buildLayout([
 *   { name: "bn0/moving-mean", shape: [1], role: "moving-mean" },
 *   { name: "bn0/moving-variance", shape: [1], role: "moving-variance" },
 * ]);
 * const values = new Float32Array([0, 1]);
 * updateMovingStatistics(layout, values, new Map([["bn0", { mean: new Float32Array([2]), variance: new Float32Array([3]) }]]), new Map([["bn0", 0.5]]));
 * console.log(values); // Float32Array [1, 2]
 * ```
 */
export function updateMovingStatistics(
  layout: ParamLayout,
  values: Float32Array,
  batch: ReadonlyMap<string, { mean: Float32Array; variance: Float32Array }>,
  momenta: ReadonlyMap<string, number>,
): void {
  for (const [name, { mean, variance }] of batch) {
    const momentum = momenta.get(name);
    if (momentum === undefined) throw new RangeError(`No momentum for batch-norm layer "${name}"`);
    for (
      const [role, statistic] of [["moving-mean", mean], ["moving-variance", variance]] as const
    ) {
      const slot = slotOf(layout, `${name}/${role}`);
      for (let i = 0; i < slot.size; i++) {
        const k = slot.offset + i;
        values[k] = momentum * values[k] + (1 - momentum) * statistic[i];
      }
    }
  }
}
