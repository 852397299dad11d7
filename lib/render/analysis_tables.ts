/**
 * The analysis sections' HTML parts: the diagnosis (verdict and statements with their evidence
 * and thresholds) and the table of the most influential weights.
 * @module
 */
import type { Diagnosis } from "../analysis/diagnosis/diagnose.ts";
import type { NamedWeight } from "../analysis/influence/top_weights.ts";
import { escapeHtml } from "./html.ts";

const number = (v: number | string) =>
  typeof v === "number" ? (Number.isFinite(v) ? String(+v.toPrecision(4)) : String(v)) : v;

/**
 * The diagnosis as HTML: the verdict, then each statement with its evidence and thresholds.
 *
 * @param diagnosis The diagnosis.
 * @returns HTML.
 * @example
 * ```ts
 * import { diagnosisHtml } from "./analysis_tables.ts";
 * console.log(diagnosisHtml({ verdict: "Found: x.", statements: [], thresholds: {} as never }).includes("Found: x.")); // true
 * ```
 */
export function diagnosisHtml(diagnosis: Diagnosis): string {
  const items = diagnosis.statements.map((s) => {
    const evidence = Object.entries(s.evidence).map(([k, v]) => `${k} ${number(v)}`).join(", ");
    const thresholds = Object.entries(s.thresholds).map(([k, v]) => `${k} ${number(v)}`).join(
      ", ",
    );
    const mark = s.found ? "&#9888;" : "&#10003;";
    return `<li style="margin:4px 0${s.found ? ";font-weight:600" : ""}">${mark} ${
      escapeHtml(s.text)
    }<br><span class="note" style="font-weight:400;color:#666;font-size:12px">evidence: ${
      escapeHtml(evidence)
    }; thresholds: ${escapeHtml(thresholds)}</span></li>`;
  });
  return `<p><strong>${escapeHtml(diagnosis.verdict)}</strong></p>\n` +
    `<ul style="list-style:none;padding-left:0">\n${items.join("\n")}\n</ul>`;
}

/**
 * The most influential weights as an HTML table.
 *
 * @param top Named weights, largest importance first.
 * @returns HTML.
 * @example
 * ```ts
 * import { topWeightsTable } from "./analysis_tables.ts";
 * console.log(topWeightsTable([]).startsWith("<table>")); // true
 * ```
 */
export function topWeightsTable(top: readonly NamedWeight[]): string {
  const rows = top.map((w) =>
    `<tr><td>${escapeHtml(w.tensor)}</td><td>${w.unit}</td><td>${w.input}</td><td>[${
      w.position.join(", ")
    }]</td><td>${number(w.value)}</td><td>${number(w.gradient)}</td><td>${
      number(w.importance)
    }</td></tr>`
  );
  return `<table>\n<thead><tr><th>tensor</th><th>unit</th><th>input</th><th>position</th>` +
    `<th>w</th><th>dL/dw</th><th>|w · dL/dw|</th></tr></thead>\n<tbody>\n${
      rows.join("\n")
    }\n</tbody>\n</table>`;
}
