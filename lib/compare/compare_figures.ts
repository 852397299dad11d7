/**
 * The figures of a comparison: every variant on shared axes, one colour per variant in line
 * figures and one colour scale (and one set of contour levels) for all the 2D grids.
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import { contourLevels, type FigureDocument, type FigureElement } from "../render/mod.ts";
import type { Landscape } from "../scan/mod.ts";
import type { EpochRecord } from "../train/mod.ts";
import { gridColorScale } from "../render/color_scale.ts";
import { panelRow } from "../render/panels.ts";
import { plotGrid } from "../render/grid.ts";
import type { ProjectedPath } from "../directions/pca.ts";
import { defaultDocument } from "../render/dom.ts";

/** One variant's curve: its label and points. */
export interface LabelledCurve {
  /** The variant. */
  label: string;
  /** x and y of each point. */
  points: readonly { x: number; y: number }[];
}

/** Options of the line figures. */
export interface CompareFigureOptions {
  /** Document to draw into. */
  document?: FigureDocument;
  /** Width in pixels (default 520). */
  width?: number;
  /** Height in pixels (default 300). */
  height?: number;
}

const VARIANT_COLORS = { type: "ordinal", scheme: "tableau10", legend: true } as const;

function allPositive(values: number[]): boolean {
  return values.length > 0 && values.every((value) => !Number.isFinite(value) || value > 0);
}

/**
 * Curves of several variants on one axis, one colour each (a legend names them); a dashed
 * set may be added (e.g. the test split beside the training split).
 *
 * @param curves Solid curves, one per variant.
 * @param options Axis labels, a log y axis when every value is positive (`logY`), dashed
 *   curves, size and document.
 * @returns The figure.
 * @example
 * ```ts
 * import { curvesFigure } from "./compare_figures.ts";
 * import { renderSvg } from "../render/mod.ts";
 * const svg = renderSvg(curvesFigure([{ label: "a", points: [{ x: 0, y: 1 }, { x: 1, y: 2 }] }], { x: "α", y: "loss" }));
 * console.log(svg.includes("loss")); // true
 * ```
 */
export function curvesFigure(
  curves: readonly LabelledCurve[],
  options: CompareFigureOptions & {
    x: string;
    y: string;
    logY?: boolean;
    dashed?: readonly LabelledCurve[];
    caption?: string;
  },
): FigureElement {
  const { document = defaultDocument(), width = 430, height = 300, dashed = [] } = options;
  const rows = (set: readonly LabelledCurve[]) =>
    set.flatMap((curve) =>
      curve.points.filter((p) => Number.isFinite(p.y)).map((p) => ({ ...p, variant: curve.label }))
    );
  const solid = rows(curves), dash = rows(dashed);
  const log = options.logY !== false && allPositive([...solid, ...dash].map((p) => p.y));
  return Plot.plot({
    document,
    width,
    height,
    marginLeft: 56,
    caption: options.caption,
    x: { label: options.x },
    y: { label: options.y, type: log ? "log" : "linear", grid: true },
    color: { ...VARIANT_COLORS, domain: curves.map((curve) => curve.label) },
    marks: [
      Plot.line(solid, { x: "x", y: "y", stroke: "variant", strokeWidth: 1.6 }),
      Plot.line(dash, { x: "x", y: "y", stroke: "variant", strokeDasharray: "4,3" }),
      Plot.frame({ stroke: "#999" }),
    ],
  }) as unknown as FigureElement;
}

/**
 * Training curves of every variant: loss (train solid, test dashed) and accuracy.
 *
 * @param runs Each variant's label and history.
 * @param options Size and document.
 * @returns Two panels side by side.
 * @example
 * ```ts
 * import { trainingComparison } from "./compare_figures.ts";
 * import { renderSvg } from "../render/mod.ts";
 * const history = [{ epoch: 0, step: 0, trainLoss: 1, trainAcc: 0.5, testLoss: 1.1, testAcc: 0.5 }];
 * console.log(renderSvg(trainingComparison([{ label: "a", history }])).includes("epoch")); // true
 * ```
 */
export function trainingComparison(
  runs: readonly { label: string; history: readonly EpochRecord[] }[],
  options: CompareFigureOptions = {},
): FigureElement {
  const { document = defaultDocument() } = options;
  const curve = (key: keyof EpochRecord, scale = 1) =>
    runs.map((run) => ({
      label: run.label,
      points: run.history.map((r) => ({ x: r.epoch, y: scale * (r[key] as number) })),
    }));
  return panelRow(document, [
    curvesFigure(curve("trainLoss"), {
      ...options,
      document,
      x: "epoch",
      y: "loss",
      dashed: curve("testLoss"),
    }),
    curvesFigure(curve("trainAcc", 100), {
      ...options,
      document,
      x: "epoch",
      y: "accuracy (%)",
      logY: false,
      dashed: curve("testAcc", 100),
    }),
  ], "Solid: training split; dashed: test split. One colour per variant.");
}

/** Marks of contour lines of one grid with the given levels. */
function contourMarks(landscape: Landscape, levels: number[], metric: string) {
  const grid = plotGrid(landscape, metric);
  return Plot.contour(grid.values, {
    value: Plot.identity,
    width: grid.nx,
    height: grid.ny,
    x1: grid.xBounds[0],
    x2: grid.xBounds[1],
    y1: grid.yBounds[0],
    y2: grid.yBounds[1],
    thresholds: levels,
    stroke: "value",
    strokeWidth: 1.25,
    clip: true,
  });
}

/**
 * Contour plots of several planes in a row, on one x/y domain, with one set of levels and one
 * colour scale computed from all the grids together.
 *
 * @param planes Each variant's label and 2D landscape.
 * @param options Metric (default `train_loss`), level count (default 14), size and document.
 * @returns A row of panels, each with the (shared) colour legend.
 * @example
 * ```ts
 * import { contourRow } from "./compare_figures.ts";
 * import { renderSvg } from "../render/mod.ts";
 * import { sampleBowlLandscape } from "../render/sample_data.ts";
 * const plane = sampleBowlLandscape({ nx: 11, ny: 11 });
 * console.log(renderSvg(contourRow([{ label: "a", plane }, { label: "b", plane }])).includes("svg")); // true
 * ```
 */
export function contourRow(
  planes: readonly { label: string; plane: Landscape }[],
  options: CompareFigureOptions & { metric?: string; levels?: number } = {},
): FigureElement {
  const { document = defaultDocument(), width = 300, height = 300, metric = "train_loss" } =
    options;
  const pooled = planes.flatMap((p) => Array.from(plotGrid(p.plane, metric).values));
  const levels = contourLevels(pooled, { count: options.levels ?? 14, metric });
  const color = gridColorScale(pooled, metric);
  const xs = planes.flatMap((p) => [p.plane.xcoordinates[0], p.plane.xcoordinates.at(-1)!]);
  const ys = planes.flatMap((p) => [p.plane.ycoordinates![0], p.plane.ycoordinates!.at(-1)!]);
  const panels = planes.map((p) =>
    Plot.plot({
      document,
      width,
      height,
      marginLeft: 44,
      title: p.label,
      x: { domain: [Math.min(...xs), Math.max(...xs)], label: p.plane.xlabel || "x" },
      y: { domain: [Math.min(...ys), Math.max(...ys)], label: p.plane.ylabel || "y" },
      color: { ...color, legend: true, label: metric, tickFormat: "~g" },
      marks: [
        contourMarks(p.plane, levels, metric),
        Plot.frame({ stroke: "#999" }),
        Plot.dot([{ x: 0, y: 0 }], { x: "x", y: "y", symbol: "plus", stroke: "#111", r: 5 }),
      ],
    }) as unknown as FigureElement
  );
  return panelRow(
    document,
    panels,
    `Contour lines of ${metric}: the same ${levels.length} levels and one colour scale for ` +
      "every panel; + marks each run's trained weights.",
  );
}

/**
 * Several trajectories on one plane's contour: the common PCA plane of all runs.
 *
 * @param plane The loss on the plane (2D landscape).
 * @param paths Each variant's label and projected checkpoints.
 * @param options Caption (say what the centre is), metric, size and document.
 * @returns The figure, with a legend naming each path's colour.
 * @example
 * ```ts
 * import { pathsOnPlaneFigure } from "./compare_figures.ts";
 * import { renderSvg } from "../render/mod.ts";
 * import { sampleBowlLandscape } from "../render/sample_data.ts";
 * const path = { points: [{ epoch: 0, x: 0.5, y: 0.5 }, { epoch: 1, x: 0, y: 0 }], explainedVariance: [0.8, 0.1] as [number, number] };
 * console.log(renderSvg(pathsOnPlaneFigure(sampleBowlLandscape({ nx: 11, ny: 11 }), [{ label: "a", path }])).includes("svg")); // true
 * ```
 */
export function pathsOnPlaneFigure(
  plane: Landscape,
  paths: readonly { label: string; path: ProjectedPath }[],
  options: CompareFigureOptions & { caption?: string; metric?: string } = {},
): FigureElement {
  const { document = defaultDocument(), width = 560, height = 520, metric = "train_loss" } =
    options;
  const values = Array.from(plotGrid(plane, metric).values);
  const levels = contourLevels(values, { count: 16, metric });
  const points = paths.flatMap((p) => p.path.points.map((point) => ({ ...point, run: p.label })));
  const ends = paths.flatMap((p) => {
    const all = p.path.points;
    return all.length
      ? [{ ...all[0], run: p.label, end: "start" }, { ...all.at(-1)!, run: p.label, end: "end" }]
      : [];
  });
  const plot = Plot.plot({
    document,
    width,
    height,
    marginLeft: 56,
    caption: options.caption,
    x: {
      label: plane.xlabel || "PC1",
      domain: [plane.xcoordinates[0], plane.xcoordinates.at(-1)!],
    },
    y: {
      label: plane.ylabel || "PC2",
      domain: [plane.ycoordinates![0], plane.ycoordinates!.at(-1)!],
    },
    color: { ...gridColorScale(values, metric), legend: true, label: metric, tickFormat: "~g" },
    marks: [
      Plot.contour(plotGrid(plane, metric).values, {
        ...contourOptions(plane, metric),
        thresholds: levels,
        stroke: "value",
        strokeOpacity: 0.7,
        clip: true,
      }),
      Plot.line(points, { x: "x", y: "y", z: "run", stroke: "#222", strokeWidth: 4, clip: true }),
      Plot.line(points, {
        x: "x",
        y: "y",
        z: "run",
        stroke: (d: { run: string }) => runColor(paths, d.run),
        strokeWidth: 2.2,
        clip: true,
      }),
      Plot.dot(ends, {
        x: "x",
        y: "y",
        symbol: (d: { end: string }) => d.end === "start" ? "circle" : "star",
        r: 5,
        fill: (d: { run: string }) => runColor(paths, d.run),
        stroke: "#222",
      }),
      Plot.frame({ stroke: "#999" }),
    ],
  }) as unknown as FigureElement;
  // The paths' colours are literal (the colour scale is the contour's): a legend of swatches.
  const legend = document.createElement("div");
  legend.setAttribute(
    "style",
    "flex-basis:100%;display:flex;flex-wrap:wrap;gap:4px 16px;font:12px sans-serif",
  );
  for (const p of paths) {
    const item = legend.appendChild(document.createElement("span"));
    const swatch = item.appendChild(document.createElement("span"));
    swatch.setAttribute(
      "style",
      `display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-2px;` +
        `background:${runColor(paths, p.label)}`,
    );
    const name = item.appendChild(document.createElement("span"));
    (name as unknown as { textContent: string }).textContent = p.label;
  }
  return panelRow(document, [legend, plot]);
}

/** Tableau 10, so paths keep the colours the line figures give their variants. */
const TABLEAU10 = [
  "#4e79a7",
  "#f28e2c",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc949",
  "#af7aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ab",
];

function runColor(paths: readonly { label: string }[], label: string): string {
  return TABLEAU10[paths.findIndex((p) => p.label === label) % TABLEAU10.length];
}

function contourOptions(plane: Landscape, metric: string) {
  const grid = plotGrid(plane, metric);
  return {
    value: Plot.identity,
    width: grid.nx,
    height: grid.ny,
    x1: grid.xBounds[0],
    x2: grid.xBounds[1],
    y1: grid.yBounds[0],
    y2: grid.yBounds[1],
  };
}
