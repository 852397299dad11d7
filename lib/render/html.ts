/**
 * Small HTML builders for the report: escaping, value formatting and key-value tables.
 * @module
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @param text Any text.
 * @returns The text with `& < > " '` replaced by entities.
 * @example
 * ```ts
 * import { escapeHtml } from "./html.ts";
 * console.log(escapeHtml(`<a href="x">`)); // "&lt;a href=&quot;x&quot;&gt;"
 * ```
 */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * Formats a setting's value for a table: numbers to at most 6 significant digits,
 * arrays joined with commas, objects as JSON, nothing as an em dash.
 *
 * @param value Any value.
 * @returns Plain text (not yet escaped).
 * @example
 * ```ts
 * import { formatValue } from "./html.ts";
 * console.log(formatValue([784, 128, 10])); // "784, 128, 10"
 * console.log(formatValue(0.1 + 0.2)); // "0.3"
 * ```
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") {
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  }
  if (Array.isArray(value)) return value.map(formatValue).join(", ");
  if (typeof value === "object") {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/**
 * Formats a duration given in seconds: milliseconds below one second, else seconds,
 * minutes from two minutes on.
 *
 * @param seconds A duration in seconds.
 * @returns Text such as `"12 ms"`, `"3.42 s"` or `"4 min 05 s"`.
 * @example
 * ```ts
 * import { formatSeconds } from "./html.ts";
 * console.log(formatSeconds(0.0123)); // "12.3 ms"
 * ```
 */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "—";
  if (seconds < 1) return `${Number((seconds * 1000).toPrecision(3))} ms`;
  if (seconds < 120) return `${Number(seconds.toPrecision(3))} s`;
  const total = Math.round(seconds);
  return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, "0")} s`;
}

/**
 * Builds a two-column table from key-value rows, every cell escaped.
 *
 * @param rows `[key, value]` pairs, already formatted as text.
 * @param headers The two column headings.
 * @returns A `<table>` element's HTML.
 * @example
 * ```ts
 * import { keyValueTable } from "./html.ts";
 * console.log(keyValueTable([["seed", "1"]], ["setting", "value"]).includes("<td>seed</td>"));
 * // true
 * ```
 */
export function keyValueTable(
  rows: readonly (readonly [string, string])[],
  headers: readonly [string, string],
): string {
  const head = `<tr><th>${escapeHtml(headers[0])}</th><th>${escapeHtml(headers[1])}</th></tr>`;
  const body = rows
    .map(([key, value]) => `<tr><td>${escapeHtml(key)}</td><td>${escapeHtml(value)}</td></tr>`)
    .join("\n");
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
