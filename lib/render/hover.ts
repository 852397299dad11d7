/**
 * Hover readouts: a figure gets a `data-losscape-hover` attribute with its pixel-to-data
 * mapping (Plot's x and y scales) and its landscape's values, rounded; the report's inline script
 * shows (x, y, loss, accuracy) of the grid point nearest the pointer (or, on a 1D figure, every
 * series at the nearest x).
 * @module
 */
import type { Landscape } from "../scan/landscape.ts";
import type { FigureElement } from "./dom.ts";

/** What Plot's `figure.scale(name)` returns, as far as hover needs it. */
interface ScaleLike {
  domain: number[];
  range: number[];
  type: string;
}

const rounded = (values: ArrayLike<number>) =>
  Array.from(values, (v) => (Number.isFinite(v) ? +v.toPrecision(5) : null));

/**
 * Attaches the hover data of a landscape to a figure drawn from it.
 *
 * @param figure A figure returned by Plot (a chart `<svg>` or a `<figure>` holding one), whose
 *   x (and, in 2D, y) scales are the landscape's coordinates.
 * @param landscape The landscape it shows.
 * @returns The same figure, with the attribute set.
 * @example
 * ```ts
 * import { contourFigure, renderSvg, withHover } from "./mod.ts";
 * import { sampleBowlLandscape } from "./sample_data.ts";
 * const landscape = sampleBowlLandscape({ nx: 11, ny: 11 });
 * const html = renderSvg(withHover(contourFigure(landscape), landscape));
 * console.log(html.includes("data-losscape-hover")); // true
 * ```
 */
export function withHover(figure: FigureElement, landscape: Landscape): FigureElement {
  const scaleOf = (figure as unknown as { scale?: (name: string) => ScaleLike | undefined }).scale;
  const x = scaleOf?.call(figure, "x");
  const y = landscape.ycoordinates ? scaleOf?.call(figure, "y") : undefined;
  if (!x || x.type !== "linear" || (landscape.ycoordinates && (!y || y.type !== "linear"))) {
    return figure;
  }
  // The chart is the largest <svg> (a legend is a smaller one beside it).
  const area = (element: FigureElement) =>
    Number(element.getAttribute("width")) * Number(element.getAttribute("height"));
  const svgs = figure.tagName.toLowerCase() === "svg"
    ? [figure]
    : Array.from(figure.querySelectorAll("svg"));
  const svg = svgs.reduce<FigureElement | undefined>(
    (best, element) => (!best || area(element) > area(best) ? element : best),
    undefined,
  );
  const data = {
    kind: landscape.ycoordinates ? "grid" : "line",
    width: Number(svg?.getAttribute("width")),
    height: Number(svg?.getAttribute("height")),
    x: { domain: x.domain, range: x.range },
    y: y ? { domain: y.domain, range: y.range } : null,
    xs: landscape.xcoordinates.map((x) => +x.toPrecision(10)),
    ys: landscape.ycoordinates?.map((y) => +y.toPrecision(10)) ?? null,
    xlabel: landscape.xlabel || "x",
    ylabel: landscape.ylabel || "y",
    series: Object.fromEntries(
      Object.entries(landscape.metrics).map(([key, values]) => [key, rounded(values)]),
    ),
  };
  figure.setAttribute("data-losscape-hover", JSON.stringify(data));
  return figure;
}
