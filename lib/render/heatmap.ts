/**
 * A heat map of a 2D landscape: one cell per grid point, with a colour legend.
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import type { Landscape } from "../scan/landscape.ts";
import { defaultDocument, type FigureElement } from "./dom.ts";
import { centreMark } from "./path_marks.ts";
import { finiteExtent, plotGrid } from "./grid.ts";
import type { FigureOptions, ValueScale } from "./options.ts";
import { gridColorScale } from "./color_scale.ts";

/** Options of {@link heatmapFigure}. */
export interface HeatmapOptions extends FigureOptions {
  /** Which metric grid to draw (default `"train_loss"`). */
  metric?: string;
  /** Colour scale; `"auto"` is log for a positive loss (default `"auto"`). */
  scale?: ValueScale;
  /** Continuous Plot colour scheme (default `"viridis"`, as the grid's contour lines use). */
  scheme?: string;
}

/**
 * Draws one metric of a 2D landscape as a heat map. Each value fills the cell centred
 * on its coordinates; non-finite cells stay blank (white, outlined by the frame).
 *
 * @param landscape A 2D landscape.
 * @param options Metric, colour scale and scheme, size and document.
 * @returns A Plot figure element with a colour legend.
 * @example
 * ```ts
 * import { heatmapFigure, renderSvg } from "./mod.ts";
 * import { sampleBowlLandscape } from "./sample_data.ts";
 * const svg = renderSvg(heatmapFigure(sampleBowlLandscape({ nx: 21, ny: 21 })));
 * console.log(svg.includes("data:image/png;base64,")); // true
 * ```
 */
export function heatmapFigure(landscape: Landscape, options: HeatmapOptions = {}): FigureElement {
  const {
    metric = "train_loss",
    scale = "auto",
    scheme = "viridis",
    document = defaultDocument(),
    width = 460,
    height = 400,
  } = options;
  const grid = plotGrid(landscape, metric);
  const [min] = finiteExtent(grid.values);
  const color = gridColorScale(grid.values, metric, scale);
  const type = color.type;
  const blanks = grid.values.reduce((n, v) => n + (Number.isFinite(v) ? 0 : 1), 0);
  const notes = [`${metric} at each grid point (${type} colour scale). + marks the centre.`];
  if (blanks > 0) notes.push(`Blank cells (${blanks}): loss not finite.`);
  const finite = Number.isFinite(min);
  return Plot.plot({
    document,
    width,
    height,
    marginRight: 16,
    x: { domain: grid.xBounds, label: landscape.xlabel || "x", nice: false },
    y: { domain: grid.yBounds, label: landscape.ylabel || "y", nice: false },
    color: {
      ...color,
      scheme: scheme as Plot.ColorScheme,
      legend: finite,
      label: metric,
      tickFormat: "~g",
    },
    caption: notes.join(" "),
    marks: [
      Plot.raster(grid.values, {
        width: grid.nx,
        height: grid.ny,
        x1: grid.xBounds[0],
        x2: grid.xBounds[1],
        y1: grid.yBounds[0],
        y2: grid.yBounds[1],
        // Non-finite values must stay transparent: Plot leaves null/NaN fills unpainted.
        fill: (v: number) => (Number.isFinite(v) ? v : NaN),
        imageRendering: "pixelated",
      }),
      Plot.frame({ stroke: "#999" }),
      ...centreMark(),
    ],
  }) as unknown as FigureElement;
}
