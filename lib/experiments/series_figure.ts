/**
 * Line charts of named series side by side, with a legend drawn as text inside each frame
 * (standalone SVG and PNG files keep no swatch legend) and optional horizontal reference rules.
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import type { FigureElement } from "../render/mod.ts";
import { defaultDocument } from "../render/dom.ts";
import { panelRow } from "../render/panels.ts";

/** One point of a named series. */
export interface SeriesPoint {
  /** Series name (its label and colour). */
  series: string;
  /** x value. */
  x: number;
  /** y value (non-finite values leave gaps). */
  y: number;
}

/** One panel of {@linkcode seriesFigure}. */
export interface SeriesPanel {
  /** Title above the panel. */
  title: string;
  /** The points. */
  points: readonly SeriesPoint[];
  /** x axis label. */
  x: string;
  /** y axis label. */
  y: string;
  /** y axis type (default linear). */
  yType?: "linear" | "log";
  /** Dots on the points (default false). */
  dots?: boolean;
  /** Dashed horizontal rules with labels, e.g. 2 / learning rate. */
  rules?: readonly { y: number; label: string }[];
}

/** A legend in the frame's top-right corner: one line of coloured text per series. */
function legend(names: readonly string[]) {
  return names.map((name, i) =>
    Plot.text([name], {
      text: (d: string) => `— ${d}`,
      fill: () => name,
      frameAnchor: "top-right",
      textAnchor: "end",
      dx: -4,
      dy: 6 + 14 * i,
      fontWeight: "bold",
    })
  );
}

/**
 * Draws panels of labelled line series in a row, with one colour per series name across
 * every panel.
 *
 * @param panels The panels.
 * @param caption The caption under the row.
 * @param size Panel width and height in pixels (default 440 x 300).
 * @returns A `<figure>` with the panels side by side.
 * @example
 * ```ts
 * import { seriesFigure } from "./series_figure.ts";
 * import { renderSvg } from "../render/mod.ts";
 * const points = [0, 1, 2].map((x) => ({ series: "walk", x, y: x * x }));
 * const svg = renderSvg(seriesFigure([{ title: "t", points, x: "step", y: "value" }], "c"));
 * console.log(svg.includes("walk")); // true
 * ```
 */
export function seriesFigure(
  panels: readonly SeriesPanel[],
  caption: string,
  size: { width?: number; height?: number } = {},
): FigureElement {
  const { width = 440, height = 300 } = size;
  const document = defaultDocument();
  const names = [...new Set(panels.flatMap((panel) => panel.points.map((p) => p.series)))];
  const color = { type: "categorical" as const, domain: names, scheme: "tableau10" as const };
  const charts = panels.map((panel) => {
    const finite = panel.points.filter((p) => Number.isFinite(p.y));
    return Plot.plot({
      document,
      width,
      height,
      marginLeft: 56,
      marginTop: 46,
      marginRight: 20,
      x: { label: panel.x, nice: false },
      y: { label: panel.y, type: panel.yType ?? "linear", grid: true, nice: true },
      color,
      marks: [
        Plot.text([panel.title], {
          frameAnchor: "top",
          dy: -42,
          fontWeight: "bold",
          fontSize: 12,
          fill: "#222",
        }),
        ...(panel.rules ?? []).flatMap((rule) => [
          Plot.ruleY([rule.y], { stroke: "#555", strokeDasharray: "4,3" }),
          Plot.text([rule], {
            y: "y",
            text: "label",
            frameAnchor: "right",
            textAnchor: "end",
            dy: -7,
            fill: "#444",
          }),
        ]),
        Plot.line(finite, { x: "x", y: "y", z: "series", stroke: "series", strokeWidth: 1.6 }),
        ...(panel.dots
          ? [Plot.dot(finite, { x: "x", y: "y", stroke: "series", fill: "white", r: 2.5 })]
          : []),
        ...legend(names.filter((name) => panel.points.some((p) => p.series === name))),
      ],
    }) as unknown as FigureElement;
  });
  return panelRow(document, charts, caption);
}
