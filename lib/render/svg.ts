/**
 * Serialising figures: markup that stands on its own in an HTML page or an .svg file.
 * @module
 */
import type { FigureElement } from "./dom.ts";

const SVG_NS = "http://www.w3.org/2000/svg";
const XLINK_NS = "http://www.w3.org/1999/xlink";

/**
 * Serialises a figure. linkedom leaves `xmlns` off `<svg>` elements, which browsers
 * forgive inline but not in an .svg file, so every `<svg>` gets it (and `xmlns:xlink`
 * where an `xlink:` attribute is used).
 *
 * A bare chart serialises to one `<svg>`; a chart with a legend, caption or several
 * panels is a `<figure>` (HTML) with the `<svg>` elements inside, meant for inlining in HTML.
 *
 * @param figure A figure from any of the chart functions (or any Plot output).
 * @returns The figure's markup.
 * @example
 * ```ts
 * import { contourFigure, renderSvg } from "./mod.ts";
 * import { sampleBowlLandscape } from "./sample_data.ts";
 * const markup = renderSvg(contourFigure(sampleBowlLandscape({ nx: 11, ny: 11 })));
 * console.log(markup.includes(`xmlns="http://www.w3.org/2000/svg"`)); // true
 * ```
 */
export function renderSvg(figure: FigureElement): string {
  const svgs = [
    ...(figure.tagName.toLowerCase() === "svg" ? [figure] : []),
    ...Array.from(figure.querySelectorAll("svg")),
  ];
  for (const svg of svgs) {
    if (!svg.getAttribute("xmlns")) svg.setAttribute("xmlns", SVG_NS);
    if (svg.outerHTML.includes("xlink:") && !svg.getAttribute("xmlns:xlink")) {
      svg.setAttribute("xmlns:xlink", XLINK_NS);
    }
  }
  return figure.outerHTML;
}
