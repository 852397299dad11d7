/**
 * Options every figure shares, and the check for enum-like options.
 * @module
 */
import type { FigureDocument } from "./dom.ts";

/** Options every figure accepts. */
export interface FigureOptions {
  /** Document to draw into; default: the browser's, else a shared linkedom one. */
  document?: FigureDocument;
  /** Width of one panel in pixels. */
  width?: number;
  /** Height of one panel in pixels. */
  height?: number;
}

/** How a value axis or colour scale maps numbers: `"auto"` picks log for positive losses. */
export type ValueScale = "auto" | "log" | "linear";

/** The allowed words for {@link ValueScale}. */
export const VALUE_SCALES: readonly ValueScale[] = ["auto", "log", "linear"];

/**
 * Checks that an option is one of its allowed words.
 *
 * @param name The option's name, for the message.
 * @param value The value given.
 * @param allowed The allowed words.
 * @returns The value, typed as one of the allowed words.
 * @example
 * ```ts
 * import { checkChoice } from "./options.ts";
 * console.log(checkChoice("scale", "log", ["log", "linear"] as const)); // "log"
 * ```
 */
export function checkChoice<T extends string>(
  name: string,
  value: string,
  allowed: readonly T[],
): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new TypeError(`Option ${name} must be one of ${allowed.join(", ")}: got "${value}"`);
  }
  return value as T;
}

/**
 * Resolves a {@link ValueScale} for a metric: `"auto"` is log for a loss whose values
 * are all positive, linear otherwise; log on values that are not all positive falls back to linear.
 *
 * @param scale The requested scale (checked).
 * @param metric The metric name, e.g. `"train_loss"`.
 * @param min The smallest finite value drawn.
 * @returns `"log"` or `"linear"`.
 * @example
 * ```ts
 * import { resolveValueScale } from "./options.ts";
 * console.log(resolveValueScale("auto", "train_loss", 0.1)); // "log"
 * console.log(resolveValueScale("auto", "train_acc", 0.1)); // "linear"
 * ```
 */
export function resolveValueScale(
  scale: string,
  metric: string,
  min: number,
): "log" | "linear" {
  const chosen = checkChoice("scale", scale, VALUE_SCALES);
  const positive = Number.isFinite(min) && min > 0;
  if (chosen === "auto") return metric.endsWith("loss") && positive ? "log" : "linear";
  return chosen === "log" && positive ? "log" : "linear";
}
