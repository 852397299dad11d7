/**
 * The demo's figure: the loss over the plane as a raster (log colour scale), drawn from a scan
 * that may still be running (rows not evaluated yet are NaN, which Plot leaves blank), with the
 * trained model marked at the centre.
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import type { FigureDocument, FigureElement } from "../../lib/render/mod.ts";
import type { TiledScan } from "./scan_tiles.ts";

/** Options of `landscapeFigure`. */
export interface LandscapeFigureOptions {
  /** The scan so far. */
  scan: TiledScan;
  /** The document to draw into (the page's). */
  document: FigureDocument;
  /** Width in pixels. Default 560. */
  width?: number;
}

/**
 * Draws the loss landscape of a (partial) scan.
 *
 * @param options The scan, the document and the width.
 * @returns The figure (a `<figure>` with the colour legend and the plot).
 * @example
 * ```ts ignore
 * import { landscapeFigure } from "./landscape_figure.ts";
 * document.body.append(landscapeFigure({ scan, document }));
 * ```
 */
export function landscapeFigure(options: LandscapeFigureOptions): FigureElement {
  const { scan, document, width = 560 } = options;
  const { xs, ys, loss } = scan;
  // Plot samples raster cells at their centres: extend the extent by half a step each side.
  const half = (xs[1] - xs[0]) / 2;
  const finite = loss.filter(Number.isFinite);
  const domain = finite.length > 0
    ? [Math.max(1e-4, Math.min(...finite)), Math.max(1e-4, ...finite)]
    : [1e-2, 1];
  return Plot.plot({
    document,
    width,
    height: width,
    x: { label: "α (direction 1)", domain: [xs[0] - half, xs[xs.length - 1] + half] },
    y: { label: "β (direction 2)", domain: [ys[0] - half, ys[ys.length - 1] + half] },
    color: { type: "log", scheme: "viridis", domain, legend: true, label: "mean loss" },
    marks: [
      Plot.raster(Array.from(loss, (value) => Math.max(value, 1e-4)), {
        width: xs.length,
        height: ys.length,
        x1: xs[0] - half,
        x2: xs[xs.length - 1] + half,
        y1: ys[0] - half,
        y2: ys[ys.length - 1] + half,
        imageRendering: "pixelated",
      }),
      Plot.dot([[0, 0]], { stroke: "white", r: 4 }),
    ],
  }) as unknown as FigureElement;
}
