/**
 * The report's curvature section: a table of every block's spectrum (top eigenvalues, smallest,
 * trace with its standard error, convergence), the density figure, sharpness, the local minima
 * of each scanned plane, the eigen-direction plane and slice, the convexity map beside the loss
 * contour, and the top eigenvalue over training.
 * @module
 */
import type { Landscape } from "../scan/landscape.ts";
import { contourFigure } from "./contour.ts";
import { convexityFigure, type ConvexityGrid } from "./convexity_figure.ts";
import {
  curvatureHistoryFigure,
  type CurvaturePoint,
  type DensityCurve,
  quadraticSliceFigure,
  spectralDensityFigure,
} from "./curvature_figures.ts";
import { defaultDocument, type FigureDocument } from "./dom.ts";
import { escapeHtml } from "./html.ts";
import { panelRow } from "./panels.ts";
import { renderSvg } from "./svg.ts";

/** One block's numbers for the table. */
export interface BlockRow {
  /** `all` or a layer name. */
  name: string;
  /** Weights in the block. */
  size: number;
  /** Top eigenvalues. */
  top: number[];
  /** Largest relative residual among them. */
  topResidual: number;
  /** Smallest eigenvalue. */
  lambdaMin: number;
  /** Its relative residual. */
  minResidual: number;
  /** Trace estimate. */
  trace: number;
  /** Its standard error. */
  traceStandardError: number;
  /** Whether top, smallest and trace all converged. */
  converged: boolean;
}

/** A local minimum for the report. */
export interface MinimumRow {
  /** Plane coordinates. */
  x: number;
  /** Plane coordinates (0 in 1D). */
  y: number;
  /** Loss there. */
  loss: number;
  /** Plateau size. */
  cells: number;
  /** Touches the grid's edge. */
  onBorder: boolean;
  /** Smallest Hessian eigenvalue there, when checked. */
  lambdaMin?: number;
}

/** Everything the curvature section shows; absent parts are left out. */
export interface HessianReport {
  /** Spectrum per block, the whole model first. */
  blocks: BlockRow[];
  /** Density curve per block. */
  densities: DensityCurve[];
  /** epsilon-sharpness. */
  sharpness?: { epsilon: number; sharpness: number; converged: boolean };
  /** Local minima per scanned plane (name, landscape and minima). */
  minima: { plane: string; landscape: Landscape; points: MinimumRow[] }[];
  /** The plane of the top two eigenvectors. */
  eigenPlane?: Landscape;
  /** The slice along the top eigenvector with its quadratic model. */
  eigenSlice?: {
    t: number[];
    loss: ArrayLike<number>;
    model: number[];
    eigenvalue: number;
    validRadius: number;
  };
  /** The convexity map and the loss plane it lies on. */
  convexity?: { map: ConvexityGrid; plane: Landscape };
  /** Top eigenvalue over training and the threshold 2 / lr. */
  history?: { rows: CurvaturePoint[]; threshold: number };
}

const number = (value: number) => (Number.isFinite(value) ? value.toPrecision(4) : String(value));

function blockTable(rows: readonly BlockRow[]): string {
  const head = [
    "block",
    "weights",
    "top eigenvalues",
    "λ_min",
    "trace ± s.e.",
    "max residual",
    "converged",
  ];
  const body = rows.map((row) =>
    [
      row.name,
      row.size.toLocaleString("en-US"),
      row.top.map(number).join(", "),
      number(row.lambdaMin),
      `${number(row.trace)} ± ${number(row.traceStandardError)}`,
      number(Math.max(row.topResidual, row.minResidual)),
      row.converged ? "yes" : "no",
    ].map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")
  );
  return `<table>\n<thead><tr>${
    head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")
  }</tr></thead>\n` +
    `<tbody>\n${body.map((r) => `<tr>${r}</tr>`).join("\n")}\n</tbody>\n</table>`;
}

function minimaTable(points: readonly MinimumRow[]): string {
  const body = points.map((p) => {
    const hessian = p.lambdaMin === undefined
      ? "not checked"
      : `${number(p.lambdaMin)} (${
        p.lambdaMin > 0 ? "positive definite" : "not positive definite"
      })`;
    const cells = [
      number(p.x),
      number(p.y),
      number(p.loss),
      String(p.cells),
      p.onBorder ? "yes" : "no",
      hessian,
    ];
    return `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`;
  });
  const head = ["x", "y", "loss", "cells", "on the edge", "λ_min of the Hessian"];
  return `<table>\n<thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead>\n` +
    `<tbody>\n${body.join("\n")}\n</tbody>\n</table>`;
}

/**
 * Builds the curvature section's HTML.
 *
 * @param report The data.
 * @param document Document to draw into (default: a shared one).
 * @returns A `<section id="curvature">`.
 * @example
 * ```ts
 * import { hessianSection } from "./mod.ts";
 * const html = hessianSection({
 *   blocks: [{ name: "all", size: 10, top: [2], topResidual: 0, lambdaMin: 1, minResidual: 0, trace: 3, traceStandardError: 0, converged: true }],
 *   densities: [{ name: "all", grid: [0, 1, 2], density: [0.2, 1, 0.2] }],
 *   minima: [],
 * });
 * console.log(html.includes("Hessian")); // true
 * ```
 */
export function hessianSection(
  report: HessianReport,
  document: FigureDocument = defaultDocument(),
): string {
  const parts: string[] = [
    `<p class="note">Hessian of the mean training loss over the evaluation samples (batch norm ` +
    `with its moving statistics). Top eigenvalues by Lanczos with full reorthogonalisation, λ_min ` +
    `by a shift, the trace by Hutchinson's estimator; residuals are ||Hv - λv|| / |λ|.</p>`,
    blockTable(report.blocks),
    renderSvg(spectralDensityFigure(report.densities, { document })),
  ];
  if (report.sharpness) {
    const { epsilon, sharpness, converged } = report.sharpness;
    parts.push(
      `<p>ε-sharpness (Keskar et al. 2017, ε = ${epsilon}): <strong>${
        number(sharpness)
      }%</strong>` +
        `${converged ? "" : " (ascent stopped at its step limit)"}.</p>`,
    );
  }
  if (report.eigenSlice) {
    const { validRadius } = report.eigenSlice;
    const panels = [quadraticSliceFigure(report.eigenSlice, { document })];
    if (report.eigenPlane) panels.push(contourFigure(report.eigenPlane, { document }));
    parts.push(
      `<h3>Along the top eigenvectors</h3>\n<p class="note">The quadratic model holds within 10% up to |t| = ${
        number(validRadius)
      }.</p>`,
      renderSvg(panelRow(document, panels)),
    );
  }
  if (report.convexity) {
    const { map, plane } = report.convexity;
    parts.push(
      `<h3>Convexity map</h3>`,
      renderSvg(
        panelRow(document, [
          contourFigure(plane, { document }),
          convexityFigure(map, { document }),
        ]),
      ),
    );
  }
  for (const { plane, landscape, points } of report.minima) {
    parts.push(`<h3>Local minima: ${escapeHtml(plane)}</h3>`);
    if (landscape.ycoordinates) {
      const markers = points.map((p, i) => ({ x: p.x, y: p.y, label: String(i + 1) }));
      parts.push(renderSvg(contourFigure(landscape, { document, minima: markers })));
    }
    parts.push(
      points.length > 0 ? minimaTable(points) : "<p>None (the grid has no finite values).</p>",
    );
  }
  if (report.history) {
    parts.push(
      `<h3>Curvature over training</h3>`,
      renderSvg(
        curvatureHistoryFigure(report.history.rows, report.history.threshold, { document }),
      ),
    );
  }
  return `<section id="curvature">\n<h2>Curvature (Hessian)</h2>\n${parts.join("\n")}\n</section>`;
}
