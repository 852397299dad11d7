/**
 * Contour levels that show a basin's structure.
 * Evenly spaced levels waste most lines on the steep rim; log-spaced levels (for a
 * positive loss) or quantile levels (anything else) put them where the values are.
 * @module
 */
import { checkChoice } from "./options.ts";
import { finiteExtent } from "./grid.ts";

/** How contour levels are spaced between the smallest and largest finite value. */
export type LevelSpacing = "auto" | "log" | "quantile" | "linear";

/** The allowed words for {@link LevelSpacing}. */
export const LEVEL_SPACINGS: readonly LevelSpacing[] = ["auto", "log", "quantile", "linear"];

/** Options of {@link contourLevels}. */
export interface LevelOptions {
  /** Number of levels (default 12). */
  count?: number;
  /** Spacing; `"auto"` is log for a positive loss, quantile otherwise (default `"auto"`). */
  spacing?: LevelSpacing;
  /** Metric name, used by `"auto"` (default `"train_loss"`). */
  metric?: string;
}

/**
 * Resolves a spacing for a metric: `"auto"` is log for a loss whose values are all
 * positive, quantile otherwise; `"log"` on values that are not all positive becomes quantile.
 *
 * @param spacing The requested spacing (checked).
 * @param metric The metric name, e.g. `"train_loss"`.
 * @param min The smallest finite value.
 * @returns `"log"`, `"quantile"` or `"linear"`.
 * @example
 * ```ts
 * import { resolveLevelSpacing } from "./levels.ts";
 * console.log(resolveLevelSpacing("auto", "train_acc", 0.1)); // "quantile"
 * ```
 */
export function resolveLevelSpacing(
  spacing: string,
  metric: string,
  min: number,
): "log" | "quantile" | "linear" {
  const chosen = checkChoice("spacing", spacing, LEVEL_SPACINGS);
  const canLog = Number.isFinite(min) && min > 0;
  if (chosen === "auto") return metric.endsWith("loss") && canLog ? "log" : "quantile";
  return chosen === "log" && !canLog ? "quantile" : chosen;
}

/** Rounds to two significant digits so legend ticks stay short. */
function roundLevel(value: number): number {
  return Number(value.toPrecision(2));
}

/**
 * Picks contour levels strictly between the smallest and largest finite value.
 *
 * @param values The grid's values; NaN and infinities are ignored.
 * @param options Count, spacing and metric name.
 * @returns Increasing, distinct levels (empty when fewer than two distinct finite values).
 * @example
 * ```ts
 * import { contourLevels } from "./levels.ts";
 * console.log(contourLevels([0.01, 0.1, 1, 10], { count: 2, spacing: "log" })); // [0.1, 1]
 * ```
 */
export function contourLevels(values: ArrayLike<number>, options: LevelOptions = {}): number[] {
  const { count = 12, spacing = "auto", metric = "train_loss" } = options;
  resolveLevelSpacing(spacing, metric, NaN); // checks the word before any work
  if (!(Number.isInteger(count) && count >= 1)) {
    throw new RangeError(`Level count must be a positive integer: got ${count}`);
  }
  const [min, max] = finiteExtent(values);
  if (!(max > min)) return [];
  const chosen = resolveLevelSpacing(spacing, metric, min);
  let levels: number[];
  if (chosen === "log") {
    const ratio = max / min;
    levels = Array.from({ length: count }, (_, k) => min * ratio ** ((k + 1) / (count + 1)));
  } else if (chosen === "quantile") {
    const sorted = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
    levels = Array.from({ length: count }, (_, k) => {
      const at = ((k + 1) / (count + 1)) * (sorted.length - 1);
      const lo = Math.floor(at);
      return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
    });
  } else {
    levels = Array.from({ length: count }, (_, k) => min + ((max - min) * (k + 1)) / (count + 1));
  }
  const rounded = levels.map(roundLevel).filter((t) => t > min && t < max);
  return [...new Set(rounded)].sort((a, b) => a - b);
}
