/**
 * One line saying how the scanned weights came to be, for run.json and the report: the
 * optimiser, learning rate, schedule, batch, epochs, decay, clipping and augmentation of a
 * training run, or "no training" and where the weights came from.
 * @module
 */
import type { RunSettings } from "./settings.ts";

/**
 * Describes the training behind a run's weights.
 *
 * @param settings The settings the run was trained with.
 * @param weightsFrom The file the starting weights were loaded from; null for initialised ones.
 * @returns E.g. `momentum, lr 0.05 (constant), batch 64, 8 epochs, ...` or
 *   `no training: weights from my_model/model.json`.
 * @example
 * ```ts
 * import { trainingSummary } from "./training_summary.ts";
 * import { resolveSettings } from "./settings.ts";
 * console.log(trainingSummary(resolveSettings(null, { epochs: "0" }), "m/model.json"));
 * // "no training: weights from m/model.json"
 * ```
 */
export function trainingSummary(settings: RunSettings, weightsFrom: string | null): string {
  const { epochs } = settings;
  if (epochs === 0) {
    return weightsFrom
      ? `no training: weights from ${weightsFrom}`
      : `no training: the ${settings.model} model's initial weights (seed ${settings.seed})`;
  }
  const decay = settings.optimizer === "adamw" ? "decoupled" : settings.decayMode;
  const parts = [
    `${settings.optimizer}, lr ${settings.lr} (${settings.schedule})`,
    `batch ${settings.batchSize}`,
    `${epochs} epoch${epochs === 1 ? "" : "s"}`,
    `weight decay ${settings.weightDecay} (${decay})`,
    `augmentation ${settings.augment.length > 0 ? settings.augment.join(", ") : "none"}`,
  ];
  if (settings.clipNorm > 0) parts.push(`gradient norm clipped at ${settings.clipNorm}`);
  if (weightsFrom) parts.push(`starting from the weights in ${weightsFrom}`);
  return parts.join(", ");
}
