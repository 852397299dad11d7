/**
 * Figures of the Hessian analysis: the eigenvalue density of each block, the loss along the
 * top eigenvector against its quadratic model, and the top eigenvalue over training against
 * the stability threshold 2 / learning rate.
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import { defaultDocument, type FigureElement } from "./dom.ts";
import type { FigureOptions } from "./options.ts";

/** One block's density curve. */
export interface DensityCurve {
  /** `all` or a layer name. */
  name: string;
  /** Eigenvalue axis. */
  grid: readonly number[];
  /** Density at each grid point. */
  density: readonly number[];
}

/**
 * Draws eigenvalue densities (log density axis, floored at 1e-6 of each curve's peak).
 *
 * @param curves One curve per block, the whole model first.
 * @param options Size and document.
 * @returns A Plot figure with a legend of blocks.
 * @example
 * ```ts
 * import { renderSvg, spectralDensityFigure } from "./mod.ts";
 * const grid = [-1, 0, 1, 2];
 * const svg = renderSvg(spectralDensityFigure([{ name: "all", grid, density: [0.1, 1, 0.3, 0.01] }]));
 * console.log(svg.includes("eigenvalue")); // true
 * ```
 */
export function spectralDensityFigure(
  curves: readonly DensityCurve[],
  options: FigureOptions = {},
): FigureElement {
  const { document = defaultDocument(), width = 620, height = 300 } = options;
  const points = curves.flatMap(({ name, grid, density }) => {
    const floor = 1e-6 * Math.max(...density);
    return grid.map((x, i) => ({ name, x, y: Math.max(density[i], floor) }));
  });
  return Plot.plot({
    document,
    width,
    height,
    marginLeft: 56,
    x: { label: "eigenvalue", nice: true },
    y: { type: "log", label: "density", grid: true },
    color: { legend: true, scheme: "tableau10" },
    caption: "Eigenvalue density by stochastic Lanczos quadrature, Gaussian-smoothed.",
    marks: [Plot.line(points, { x: "x", y: "y", stroke: "name", strokeWidth: 1.5 })],
  }) as unknown as FigureElement;
}

/**
 * Draws the loss along the top eigenvector against the quadratic model L(w) + lambda t^2 / 2.
 *
 * @param data Steps t, scanned loss, model values and the eigenvalue.
 * @param options Size and document.
 * @returns A Plot figure.
 * @example
 * ```ts
 * import { quadraticSliceFigure, renderSvg } from "./mod.ts";
 * const t = [-1, 0, 1];
 * const svg = renderSvg(quadraticSliceFigure({ t, loss: [1.2, 0, 0.9], model: [1, 0, 1], eigenvalue: 2 }));
 * console.log(svg.includes("quadratic model")); // true
 * ```
 */
export function quadraticSliceFigure(
  data: {
    t: readonly number[];
    loss: ArrayLike<number>;
    model: readonly number[];
    eigenvalue: number;
  },
  options: FigureOptions = {},
): FigureElement {
  const { document = defaultDocument(), width = 460, height = 300 } = options;
  const points = [
    ...data.t.map((t, i) => ({ t, value: data.loss[i], kind: "scanned loss" })),
    ...data.t.map((t, i) => ({ t, value: data.model[i], kind: "quadratic model" })),
  ];
  return Plot.plot({
    document,
    width,
    height,
    marginLeft: 56,
    x: { label: "t along the top eigenvector (unit norm)" },
    y: { label: "loss", grid: true, nice: true },
    color: {
      legend: true,
      domain: ["scanned loss", "quadratic model"],
      range: ["#1f77b4", "#e4572e"],
    },
    caption: `Loss along the top eigenvector and its quadratic model L(w) + g t + ½ λ t², λ = ${
      data.eigenvalue.toPrecision(4)
    }.`,
    marks: [
      Plot.line(points, { x: "t", y: "value", stroke: "kind", strokeWidth: 1.5 }),
      Plot.ruleX([0], { stroke: "#555", strokeDasharray: "4,3" }),
    ],
  }) as unknown as FigureElement;
}

/** Curvature at one checkpoint. */
export interface CurvaturePoint {
  /** Epochs done. */
  epoch: number;
  /** Top Hessian eigenvalue. */
  topEigenvalue: number;
}

/**
 * Draws the top eigenvalue over training with the threshold 2 / lr (edge of stability).
 *
 * @param rows One point per checkpoint.
 * @param threshold The stability threshold drawn as a dashed line (e.g. 2 / lr).
 * @param options Size and document.
 * @returns A Plot figure.
 * @example
 * ```ts
 * import { curvatureHistoryFigure, renderSvg } from "./mod.ts";
 * const svg = renderSvg(curvatureHistoryFigure([{ epoch: 0, topEigenvalue: 3 }, { epoch: 1, topEigenvalue: 30 }], 40));
 * console.log(svg.includes("2 / lr")); // true
 * ```
 */
export function curvatureHistoryFigure(
  rows: readonly CurvaturePoint[],
  threshold: number,
  options: FigureOptions = {},
): FigureElement {
  const { document = defaultDocument(), width = 460, height = 300 } = options;
  return Plot.plot({
    document,
    width,
    height,
    marginLeft: 56,
    x: { label: "epoch" },
    y: {
      label: "top eigenvalue",
      grid: true,
      nice: true,
      domain: [0, Math.max(threshold, ...rows.map((r) => r.topEigenvalue)) * 1.1],
    },
    caption: "Top Hessian eigenvalue at each checkpoint; dashed: the stability threshold 2 / lr.",
    marks: [
      Plot.ruleY([threshold], { stroke: "#e4572e", strokeDasharray: "5,4" }),
      Plot.text([threshold], {
        y: (d: number) => d,
        frameAnchor: "left",
        dy: -8,
        dx: 4,
        text: () => "2 / lr",
      }),
      Plot.line(rows, { x: "epoch", y: "topEigenvalue", stroke: "#1f77b4" }),
      Plot.dot(rows, { x: "epoch", y: "topEigenvalue", fill: "#1f77b4", r: 3 }),
    ],
  }) as unknown as FigureElement;
}
