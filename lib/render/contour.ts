/**
 * Contour lines of a 2D landscape, optionally with the training path on top.
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import type { Landscape } from "../scan/landscape.ts";
import type { ProjectedPath } from "../directions/pca.ts";
import { defaultDocument, type FigureElement } from "./dom.ts";
import { finiteExtent, plotGrid } from "./grid.ts";
import { contourLevels, type LevelSpacing, resolveLevelSpacing } from "./levels.ts";
import type { FigureOptions } from "./options.ts";
import { centreMark, pathMarks } from "./path_marks.ts";
import { gridColorScale } from "./color_scale.ts";
import { contourLabels } from "./contour_labels.ts";

/** Options of {@link contourFigure}. */
export interface ContourOptions extends FigureOptions {
  /** Which metric grid to draw (default `"train_loss"`). */
  metric?: string;
  /** Training path to draw on the plane (its coordinates must be the plane's). */
  path?: ProjectedPath;
  /** Number of levels, or the levels themselves (default 12). */
  levels?: number | number[];
  /** How levels are spaced when `levels` is a count (default `"auto"`). */
  spacing?: LevelSpacing;
  /**
   * One unit the same length on both axes (default false): the height follows the domains
   * (within half to one and a half times the width), and the shorter domain is widened for
   * the rest. Use it where distances mean something, as on the PCA plane.
   */
  equalAspect?: boolean;
  /** Write each level's value on its line (default true). */
  labels?: boolean;
  /** Named points to mark on the plane, e.g. the models a plane goes through. */
  markers?: readonly { x: number; y: number; label: string }[];
  /** Points to mark as local minima of the grid, drawn as labelled triangles. */
  minima?: readonly { x: number; y: number; label?: string }[];
}

/** Margins of a contour figure, fixed so that equal aspect can be computed. */
const MARGIN = { top: 20, right: 16, bottom: 36, left: 48 };

/**
 * Domains and height that give one data unit the same length on both axes.
 */
function equalAspectFrame(
  xDomain: [number, number],
  yDomain: [number, number],
  width: number,
) {
  const frameWidth = width - MARGIN.left - MARGIN.right;
  const spanX = Math.abs(xDomain[1] - xDomain[0]);
  const spanY = Math.abs(yDomain[1] - yDomain[0]);
  const frameHeight = Math.min(1.5, Math.max(0.5, spanY / spanX)) * frameWidth;
  const perPixel = Math.max(spanX / frameWidth, spanY / frameHeight);
  const widen = (domain: [number, number], span: number): [number, number] => {
    const middle = (domain[0] + domain[1]) / 2;
    const half = (Math.sign(domain[1] - domain[0]) || 1) * span / 2;
    return [middle - half, middle + half];
  };
  return {
    xDomain: widen(xDomain, perPixel * frameWidth),
    yDomain: widen(yDomain, perPixel * frameHeight),
    height: Math.round(frameHeight + MARGIN.top + MARGIN.bottom),
  };
}

/** Cells whose value is not finite, as rectangles in data coordinates. */
function nanCells(values: Float32Array, xs: number[], ys: number[]) {
  const hx = (xs[xs.length - 1] - xs[0]) / (xs.length - 1) / 2;
  const hy = (ys[ys.length - 1] - ys[0]) / (ys.length - 1) / 2;
  const cells: { x1: number; x2: number; y1: number; y2: number }[] = [];
  for (let j = 0; j < ys.length; j++) {
    for (let i = 0; i < xs.length; i++) {
      if (Number.isFinite(values[j * xs.length + i])) continue;
      cells.push({ x1: xs[i] - hx, x2: xs[i] + hx, y1: ys[j] - hy, y2: ys[j] + hy });
    }
  }
  return cells;
}

function extendDomain(domain: [number, number], values: number[]): [number, number] {
  const lo = Math.min(domain[0], domain[1], ...values);
  const hi = Math.max(domain[0], domain[1], ...values);
  return domain[0] <= domain[1] ? [lo, hi] : [hi, lo];
}

/**
 * Draws contour lines of one metric over a 2D landscape, the centre marked with a cross.
 * Non-finite cells are drawn grey; lines stop at them.
 *
 * @param landscape A 2D landscape.
 * @param options Metric, path, levels, spacing, size and document.
 * @returns A Plot figure element (with a colour legend for the levels).
 * @example
 * ```ts
 * import { contourFigure, renderSvg } from "./mod.ts";
 * import { sampleBowlLandscape } from "./sample_data.ts";
 * const svg = renderSvg(contourFigure(sampleBowlLandscape({ nx: 21, ny: 21 })));
 * console.log(svg.includes("contour")); // true
 * ```
 */
export function contourFigure(landscape: Landscape, options: ContourOptions = {}): FigureElement {
  const {
    metric = "train_loss",
    path,
    levels = 12,
    spacing = "auto",
    minima = [],
    document = defaultDocument(),
    width = 460,
    equalAspect = false,
    labels = true,
    markers = [],
  } = options;
  let height = options.height ?? 400;
  const grid = plotGrid(landscape, metric);
  const [min] = finiteExtent(grid.values);
  const resolved = resolveLevelSpacing(spacing, metric, min);
  const thresholds = Array.isArray(levels)
    ? [...levels].sort((a, b) => a - b)
    : contourLevels(grid.values, { count: levels, spacing, metric });
  const nan = nanCells(grid.values, grid.xs, grid.ys);
  const points = [...(path?.points ?? []), ...markers];
  // The frame sits on the outermost samples, so the polygon edges that d3-contour
  // closes along the grid border fall outside it and are clipped away.
  let xDomain = extendDomain([grid.xs[0], grid.xs[grid.nx - 1]], points.map((p) => p.x));
  let yDomain = extendDomain([grid.ys[0], grid.ys[grid.ny - 1]], points.map((p) => p.y));
  if (equalAspect) ({ xDomain, yDomain, height } = equalAspectFrame(xDomain, yDomain, width));
  const notes = [
    `Contour lines of ${metric}, ${Array.isArray(levels) ? "given" : `${resolved}-spaced`} levels` +
    (Number.isFinite(min) ? `, minimum ${min.toPrecision(3)}` : "") + ". + marks the centre.",
  ];
  if (nan.length > 0) notes.push("Grey cells: loss not finite.");
  if (path && path.points.length > 0) notes.push("Path: ○ start, ★ end, numbers are epochs.");
  if (markers.length > 0) notes.push(`Models: ${markers.map((m) => m.label).join(", ")}.`);
  const levelLabels = labels ? contourLabels(grid, thresholds) : [];
  if (minima.length > 0) notes.push("▲ local minima of the grid.");
  return Plot.plot({
    document,
    width,
    height,
    marginTop: MARGIN.top,
    marginRight: MARGIN.right,
    marginBottom: MARGIN.bottom,
    marginLeft: MARGIN.left,
    x: { domain: xDomain, label: landscape.xlabel || "x", nice: false },
    y: { domain: yDomain, label: landscape.ylabel || "y", nice: false },
    color: {
      // The same colours as the heat map of this grid.
      ...gridColorScale(grid.values, metric),
      legend: thresholds.length > 1,
      label: metric,
      tickFormat: "~g",
    },
    caption: notes.join(" "),
    marks: [
      Plot.rect(nan, { x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "#d9d9d9", clip: true }),
      thresholds.length > 0
        ? Plot.contour(grid.values, {
          value: Plot.identity,
          width: grid.nx,
          height: grid.ny,
          x1: grid.xBounds[0],
          x2: grid.xBounds[1],
          y1: grid.yBounds[0],
          y2: grid.yBounds[1],
          thresholds,
          stroke: "value",
          strokeWidth: 1.25,
          clip: true,
        })
        : null,
      Plot.frame({ stroke: "#999" }),
      ...(path ? pathMarks(path, { xDomain, yDomain }) : []),
      ...centreMark(),
      Plot.text(levelLabels, {
        x: "x",
        y: "y",
        text: "text",
        fontSize: 9,
        fill: "#222",
        stroke: "white",
        strokeWidth: 3,
      }),
      Plot.dot(markers, { x: "x", y: "y", r: 5, fill: "white", stroke: "#111", strokeWidth: 1.5 }),
      Plot.text(markers, {
        x: "x",
        y: "y",
        text: "label",
        dy: -11,
        fontWeight: "bold",
        fill: "#111",
        stroke: "white",
        strokeWidth: 3,
      }),
      ...(minima.length > 0
        ? [
          Plot.dot(minima, { x: "x", y: "y", symbol: "triangle", r: 5, fill: "#e4572e" }),
          Plot.text(minima, { x: "x", y: "y", text: "label", dy: -10, fontSize: 10 }),
        ]
        : []),
    ],
  }) as unknown as FigureElement;
}
