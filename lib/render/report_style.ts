/**
 * The report's stylesheet, inlined into the page: system fonts only, nothing to fetch.
 * @module
 */

/**
 * CSS for the report page (layout, tables, notes); Plot's figures carry their own styles.
 *
 * @example
 * ```ts
 * import { REPORT_CSS } from "./report_style.ts";
 * console.log(REPORT_CSS.includes("url(")); // false
 * ```
 */
export const REPORT_CSS: string = `
:root { color-scheme: light; }
body {
  margin: 0;
  background: #fff;
  color: #1b1b1b;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
main { max-width: 1000px; margin: 0 auto; padding: 24px 28px 40px; }
h1 { font-size: 24px; margin: 0 0 12px; }
h2 {
  font-size: 17px;
  margin: 28px 0 8px;
  padding-bottom: 4px;
  border-bottom: 1px solid #e3e3e3;
}
p.note { margin: 0 0 10px; color: #555; max-width: 860px; }
.tables { display: flex; flex-wrap: wrap; gap: 16px 40px; align-items: flex-start; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 3px 14px 3px 0; border-bottom: 1px solid #eee; }
th { font-weight: 600; color: #444; border-bottom: 1px solid #ccc; }
td:first-child { color: #444; }
figure { margin: 0; }
figcaption { color: #555; font-size: 12px; margin-top: 4px; max-width: 460px; }
footer { margin-top: 36px; color: #888; font-size: 12px; }
`.trim();
