/**
 * One statement of the diagnosis: a finding (or the absence of one) with the numbers that led
 * to it and the thresholds it was held against.
 * @module
 */

/** A checked statement. */
export interface Statement {
  /** Which check, e.g. `under-fitting`. */
  check: string;
  /** Whether the check found the problem (or, for the minimum's shape, a sharp or flat minimum). */
  found: boolean;
  /** The plain-language sentence. */
  text: string;
  /** The numbers it rests on. */
  evidence: Record<string, number | string>;
  /** The thresholds used, by name (see DiagnosisThresholds). */
  thresholds: Record<string, number>;
}

/**
 * Formats a number for a sentence: 4 significant digits, percentages for shares.
 *
 * @param value The number.
 * @param percent Show as a percentage. Default false.
 * @returns The text.
 * @example
 * ```ts
 * import { formatNumber } from "./statement.ts";
 * console.log(formatNumber(0.123456, true), formatNumber(1234.5678)); // "12.35%" "1235"
 * ```
 */
export function formatNumber(value: number, percent = false): string {
  if (!Number.isFinite(value)) return String(value);
  if (percent) return `${+(100 * value).toPrecision(4)}%`;
  return String(+value.toPrecision(4));
}
