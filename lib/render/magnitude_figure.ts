/**
 * Influence against weight magnitude: mean |dL/dw| in bins of |w|, one line per layer.
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import { defaultDocument, type FigureElement } from "./dom.ts";
import type { FigureOptions } from "./options.ts";

/** Per layer: |w| bin edges and the mean |gradient| in each bin. */
export interface MagnitudeData {
  /** One entry per layer. */
  layers: readonly { name: string; edges: readonly number[]; meanAbsGradient: readonly number[] }[];
}

/**
 * Draws mean |dL/dw| against |w| (bin centres), log y.
 *
 * @param data Per-layer bins.
 * @param options Size and document.
 * @returns The figure.
 * @example
 * ```ts
 * import { magnitudeFigure, renderSvg } from "./mod.ts";
 * const svg = renderSvg(magnitudeFigure({ layers: [{ name: "d0", edges: [0, 1, 2], meanAbsGradient: [0.1, 0.01] }] }));
 * console.log(svg.includes("|w|")); // true
 * ```
 */
export function magnitudeFigure(data: MagnitudeData, options: FigureOptions = {}): FigureElement {
  const { document = defaultDocument(), width = 420, height = 280 } = options;
  const points = data.layers.flatMap((layer) =>
    layer.meanAbsGradient.flatMap((value, i) =>
      Number.isFinite(value) && value > 0
        ? [{ x: (layer.edges[i] + layer.edges[i + 1]) / 2, y: value, layer: layer.name }]
        : []
    )
  );
  return Plot.plot({
    document,
    width,
    height,
    marginLeft: 56,
    x: { label: "|w| (bin centre)", tickFormat: "~g" },
    y: { label: "mean |dL/dw|", type: "log", grid: true, tickFormat: "~g" },
    color: { type: "ordinal", scheme: "tableau10", legend: true },
    marks: [
      Plot.line(points, { x: "x", y: "y", z: "layer", stroke: "layer", strokeWidth: 1.5 }),
      Plot.dot(points, { x: "x", y: "y", stroke: "layer", fill: "white", r: 2 }),
    ],
  }) as unknown as FigureElement;
}
