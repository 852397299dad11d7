/**
 * The convexity map of a plane as a figure: |lambda_min / lambda_max| in each cell of a
 * coarse grid (Li et al. 2018, fig. 8), cells with negative curvature outlined.
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import { defaultDocument, type FigureElement } from "./dom.ts";
import type { FigureOptions } from "./options.ts";

/** A convexity map on a grid, row-major `[ny, nx]`. */
export interface ConvexityGrid {
  /** x axis. */
  xcoordinates: readonly number[];
  /** y axis. */
  ycoordinates: readonly number[];
  /** |lambda_min / lambda_max| per point. */
  ratio: ArrayLike<number>;
  /** lambda_min per point (negative: a direction of negative curvature). */
  lambdaMin: ArrayLike<number>;
  /** Axis labels. */
  xlabel?: string;
  /** Axis labels. */
  ylabel?: string;
}

/**
 * Draws a convexity map.
 *
 * @param map Grid, ratio and smallest eigenvalue per point.
 * @param options Size and document.
 * @returns A Plot figure with a colour legend.
 * @example
 * ```ts
 * import { convexityFigure, renderSvg } from "./mod.ts";
 * const map = { xcoordinates: [0, 1], ycoordinates: [0], ratio: [0.5, 0], lambdaMin: [-1, 0] };
 * console.log(renderSvg(convexityFigure(map)).includes("λ")); // true
 * ```
 */
export function convexityFigure(map: ConvexityGrid, options: FigureOptions = {}): FigureElement {
  const { document = defaultDocument(), width = 460, height = 400 } = options;
  const { xcoordinates: xs, ycoordinates: ys } = map;
  const dx = xs.length > 1 ? (xs[1] - xs[0]) / 2 : 0.5;
  const dy = ys.length > 1 ? (ys[1] - ys[0]) / 2 : 0.5;
  const cells = ys.flatMap((y, j) =>
    xs.map((x, i) => {
      const k = j * xs.length + i;
      return {
        x1: x - dx,
        x2: x + dx,
        y1: y - dy,
        y2: y + dy,
        ratio: map.ratio[k],
        negative: map.lambdaMin[k] < 0,
      };
    })
  );
  return Plot.plot({
    document,
    width,
    height,
    marginRight: 16,
    x: { label: map.xlabel ?? "x", nice: false },
    y: { label: map.ylabel ?? "y", nice: false },
    color: {
      type: "linear",
      scheme: "blues",
      domain: [0, 1],
      clamp: true,
      legend: true,
      label: "|λ_min / λ_max|",
    },
    caption:
      "|λ_min / λ_max| of the Hessian at each point; dark outlines: λ_min < 0 (not locally convex).",
    marks: [
      Plot.rect(cells, { x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "ratio" }),
      Plot.rect(cells.filter((c) => c.negative), {
        x1: "x1",
        x2: "x2",
        y1: "y1",
        y2: "y2",
        stroke: "#111",
        inset: 1,
      }),
      Plot.dot([{ x: 0, y: 0 }], { x: "x", y: "y", symbol: "plus", r: 6, stroke: "#e4572e" }),
    ],
  }) as unknown as FigureElement;
}
