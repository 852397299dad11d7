/**
 * Side-by-side panels (e.g. loss next to accuracy) as one figure, and the split
 * colours every panel shares.
 * @module
 */
import type { FigureDocument, FigureElement } from "./dom.ts";

/** Colours of the data splits, the same in every chart. */
export const SPLIT_COLORS: Readonly<Record<string, string>> = {
  train: "#1f77b4",
  test: "#e4572e",
  validation: "#2ca02c",
};

/** Plot colour-scale options for data splits. */
export interface SplitColorScale {
  /** Always ordinal. */
  type: "ordinal";
  /** Split names, known ones first. */
  domain: string[];
  /** One colour per split. */
  range: string[];
  /** Whether Plot draws a swatch legend. */
  legend: boolean;
}

/**
 * The colour scale options for a set of split names, known splits first in a fixed order.
 *
 * @param splits Split names present in the data, e.g. `["train", "test"]`.
 * @returns Plot colour options: ordinal domain, matching range, legend on.
 * @example
 * ```ts
 * import { splitColorScale } from "./panels.ts";
 * console.log(splitColorScale(["test", "train"]).domain); // ["train", "test"]
 * ```
 */
export function splitColorScale(splits: readonly string[]): SplitColorScale {
  const known = Object.keys(SPLIT_COLORS).filter((s) => splits.includes(s));
  const domain = [...known, ...[...new Set(splits)].filter((s) => !(s in SPLIT_COLORS)).sort()];
  const extra = ["#9467bd", "#8c564b", "#7f7f7f", "#17becf"];
  let next = 0;
  const range = domain.map((s) => SPLIT_COLORS[s] ?? extra[next++ % extra.length]);
  return { type: "ordinal", domain, range, legend: true };
}

/**
 * Puts figures next to each other (wrapping on narrow pages) inside one `<figure>`.
 *
 * @param document The document the panels were drawn in.
 * @param panels The figures, left to right.
 * @param caption Optional caption under the row (plain text; escaped by the DOM).
 * @returns A `<figure class="losscape-panels">` holding the panels.
 * @example
 * ```ts
 * import { createFigureDocument } from "./dom.ts";
 * import { panelRow } from "./panels.ts";
 * const document = createFigureDocument();
 * const row = panelRow(document, [document.createElement("svg")], "two & one");
 * console.log(row.outerHTML.includes("two &amp; one")); // true
 * ```
 */
export function panelRow(
  document: FigureDocument,
  panels: readonly FigureElement[],
  caption?: string,
): FigureElement {
  const figure = document.createElement("figure");
  figure.setAttribute("class", "losscape-panels");
  figure.setAttribute("style", "margin:0");
  const row = figure.appendChild(document.createElement("div"));
  row.setAttribute("style", "display:flex;flex-wrap:wrap;gap:12px 28px;align-items:flex-start");
  for (const panel of panels) row.appendChild(panel);
  if (caption) {
    const text = figure.appendChild(document.createElement("figcaption"));
    (text as unknown as { textContent: string }).textContent = caption;
  }
  return figure;
}
