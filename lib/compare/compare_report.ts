/**
 * The comparison report: one self-contained HTML page with every variant side by side, built
 * from plain data (see {@linkcode CompareData}); figures share axes and one colour scale.
 * @module
 */
import { renderSvg, surfaceFigure } from "../render/mod.ts";
import type { Landscape } from "../scan/mod.ts";
import type { EpochRecord } from "../train/mod.ts";
import type { SliceWidth } from "./sharpness.ts";
import type { Barrier } from "./barrier.ts";
import {
  contourRow,
  curvesFigure,
  pathsOnPlaneFigure,
  trainingComparison,
} from "./compare_figures.ts";
import { interactiveScript } from "../render/interactive_script.ts";
import { panelRow } from "../render/panels.ts";
import { REPORT_CSS } from "../render/report_style.ts";
import type { ProjectedPath } from "../directions/pca.ts";
import { defaultDocument } from "../render/dom.ts";
import { escapeHtml, formatValue } from "../render/html.ts";

/** One variant as the report shows it. */
export interface ComparedVariant {
  /** Its name. */
  label: string;
  /** The settings in which it differs from the other variants. */
  differs: Record<string, unknown>;
  /** Curves per checkpoint. */
  history: EpochRecord[];
  /** The 1D slice and the random plane, where scanned. */
  slice?: Landscape;
  /** The random plane. */
  random?: Landscape;
  /** Width of the slice's basin at the loss threshold. */
  width?: SliceWidth;
  /** ε-sharpness on the random plane (percent). */
  planeSharpness?: number;
  /** Top Hessian eigenvalue, trace and the Hessian-based ε-sharpness, where the run has them. */
  hessian?: { top?: number; trace?: number; epsilonSharpness?: number };
  /** Gradient intensity at the last checkpoint (importance share at weight shares 0..1). */
  intensity?: number[];
  /** Layer health at the last checkpoint. */
  health?: { layer: string; saturation?: number; deadFraction?: number }[];
  /** The diagnosis verdict and statements. */
  diagnosis?: { verdict: string; statements: string[] };
}

/** Everything the report draws. */
export interface CompareData {
  /** The variants, in order. */
  variants: ComparedVariant[];
  /** The loss threshold of the width (loss(0) + delta) and the ε of the plane ε-sharpness. */
  thresholds: { delta: number; epsilon: number };
  /** The common PCA plane with every trajectory, and which run's weights it is centred on. */
  commonPlane?: {
    landscape: Landscape;
    paths: { label: string; path: ProjectedPath }[];
    center: string;
  };
  /** Lines between the first run's minimum and each other run's. */
  interpolations: { a: string; b: string; alphas: number[]; loss: number[]; barrier: Barrier }[];
}

function section(id: string, title: string, body: string, note = ""): string {
  const text = note ? `\n<p class="note">${escapeHtml(note)}</p>` : "";
  return `<section id="${id}">\n<h2>${escapeHtml(title)}</h2>\n${body}${text}\n</section>`;
}

/** A number that is not finite (no result) is shown as a dash, like a missing one. */
const shown = (cell: unknown) =>
  typeof cell === "number" && !Number.isFinite(cell) ? undefined : cell;

function table(headers: string[], rows: unknown[][]): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = rows.map((row) =>
    `<tr>${row.map((cell) => `<td>${escapeHtml(formatValue(shown(cell)))}</td>`).join("")}</tr>`
  ).join("\n");
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

const last = (history: EpochRecord[]) => history[history.length - 1];

/**
 * Builds the comparison report.
 *
 * @param data The variants and what was computed across them.
 * @param title The page title.
 * @returns The HTML page.
 * @example
 * ```ts
 * import { buildCompareReport } from "./compare_report.ts";
 * const history = [{ epoch: 0, step: 0, trainLoss: 1, trainAcc: 0.5, testLoss: 1, testAcc: 0.5 }];
 * const html = buildCompareReport({ variants: [{ label: "a", differs: {}, history }], thresholds: { delta: 0.1, epsilon: 0.05 }, interpolations: [] });
 * console.log(html.includes("Summary")); // true
 * ```
 */
export function buildCompareReport(data: CompareData, title = "losscape: comparison"): string {
  const document = defaultDocument();
  const { variants, thresholds } = data;
  const parts: string[] = [];
  const differs = [...new Set(variants.flatMap((v) => Object.keys(v.differs)))];
  parts.push(section(
    "summary",
    "Summary",
    table(
      [
        "variant",
        ...differs,
        "train loss",
        "test loss",
        "test acc",
        "gap",
        "width",
        "ε-sharp %",
        "λ max",
        "trace",
      ],
      variants.map((v) => {
        const end = last(v.history);
        return [
          v.label,
          ...differs.map((key) => v.differs[key]),
          end?.trainLoss,
          end?.testLoss,
          end ? `${(100 * end.testAcc).toFixed(2)}%` : undefined,
          end ? end.testLoss - end.trainLoss : undefined,
          v.width ? `${v.width.width.toPrecision(3)}${v.width.open ? "+" : ""}` : undefined,
          v.planeSharpness,
          v.hessian?.top,
          v.hessian?.trace,
        ];
      }),
    ),
    `Last checkpoint of each run; gap = test loss - train loss. Width: of the basin along the ` +
      `1D slice where the loss stays within ${thresholds.delta} of its value at the trained ` +
      `weights ("+": it reaches the end of the slice). ε-sharp: ε-sharpness on the random ` +
      `plane, ε = ${thresholds.epsilon}. λ max and trace: from the run's Hessian (--hessian).`,
  ));
  parts.push(
    section("training", "Training curves", renderSvg(trainingComparison(variants, { document }))),
  );
  const slices = variants.filter((v) => v.slice);
  if (slices.length > 0) {
    const curves = slices.map((v) => ({
      label: v.label,
      points: v.slice!.xcoordinates.map((x, i) => ({ x, y: v.slice!.metrics.train_loss[i] })),
    }));
    parts.push(section(
      "slices",
      "1D slices, overlaid",
      renderSvg(curvesFigure(curves, { document, x: "step along direction 1", y: "train loss" })),
      "Each run along its own filter-normalised random direction (the same seed), α = 0 at its trained weights.",
    ));
  }
  const planes = variants.filter((v) => v.random);
  if (planes.length > 0) {
    parts.push(section(
      "contours",
      "Random planes",
      renderSvg(
        contourRow(planes.map((v) => ({ label: v.label, plane: v.random! })), { document }),
      ),
    ));
    const values = planes.flatMap((v) =>
      Array.from(v.random!.metrics.train_loss).filter(Number.isFinite)
    );
    const zmax = Math.max(...values);
    const surfaces = planes.map((v) =>
      surfaceFigure(v.random!, { document, width: 340, height: 300, zmax })
    );
    parts.push(section(
      "surfaces",
      "3D surfaces",
      renderSvg(panelRow(document, surfaces, "Train loss over each random plane.")),
      `Each surface is clipped at the highest loss of all the planes (${zmax.toPrecision(3)}); ` +
        "heights and colours span each plane's own range.",
    ));
  }
  parts.push(section(
    "sharpness",
    "Sharpness",
    table(
      [
        "variant",
        "width",
        "left",
        "right",
        "loss at 0",
        "ε-sharpness (plane) %",
        "ε-sharpness (Hessian) %",
        "top eigenvalue",
        "trace",
      ],
      variants.map((v) => [
        v.label,
        v.width?.width,
        v.width?.left,
        v.width?.right,
        v.width?.centerLoss,
        v.planeSharpness,
        v.hessian?.epsilonSharpness,
        v.hessian?.top,
        v.hessian?.trace,
      ]),
    ),
    `Width at loss(0) + ${thresholds.delta} along the slice; ε-sharpness (Keskar et al. 2017) ` +
      `on the random plane's grid within |x|, |y| <= ${thresholds.epsilon}, and from the Hessian ` +
      "stage where it ran; — where the run has no such result.",
  ));
  if (data.interpolations.length > 0) {
    const curves = data.interpolations.map((line) => ({
      label: `${line.a} → ${line.b}`,
      points: line.alphas.map((x, i) => ({ x, y: line.loss[i] })),
    }));
    parts.push(section(
      "interpolation",
      "Between minima",
      renderSvg(
        curvesFigure(curves, { document, x: "α (0: first run, 1: other run)", y: "train loss" }),
      ) +
        table(
          ["from", "to", "barrier", "at α", "loss at 0", "loss at 1"],
          data.interpolations.map((l) => [
            l.a,
            l.b,
            l.barrier.height,
            l.barrier.at,
            l.barrier.endpoints[0],
            l.barrier.endpoints[1],
          ]),
        ),
      "The straight line between the first run's trained weights and each other run's, on the " +
        "first run's evaluation samples. Barrier = max over the line of the loss - max(loss at 0, loss at 1).",
    ));
  }
  if (data.commonPlane) {
    const { landscape, paths, center } = data.commonPlane;
    const variance = paths[0]?.path.explainedVariance ?? [0, 0];
    const caption = `The PCA plane of all ${paths.length} trajectories together ` +
      `(PC1 ${(100 * variance[0]).toFixed(1)}%, PC2 ${
        (100 * variance[1]).toFixed(1)
      }% of their variance); ` +
      `the contour is the loss around ${center}'s final weights (the origin). ○ start, ★ end.`;
    parts.push(section(
      "common-plane",
      "Trajectories on one PCA plane",
      renderSvg(pathsOnPlaneFigure(landscape, paths, { document, caption })),
    ));
  }
  const withIntensity = variants.filter((v) => v.intensity);
  if (withIntensity.length > 0) {
    const curves = withIntensity.map((v) => ({
      label: v.label,
      points: v.intensity!.map((y, i, all) => ({ x: (100 * i) / (all.length - 1), y: 100 * y })),
    }));
    parts.push(section(
      "intensity",
      "Gradient intensity",
      renderSvg(
        curvesFigure(curves, {
          document,
          x: "weights, most important first (%)",
          y: "share of importance (%)",
          logY: false,
        }),
      ),
      "First-order importance |w · dL/dw| at the last checkpoint: how few weights carry most of it.",
    ));
  }
  const withHealth = variants.filter((v) => v.health);
  if (withHealth.length > 0) {
    const layers = [...new Set(withHealth.flatMap((v) => v.health!.map((h) => h.layer)))];
    const cell = (v: ComparedVariant, layer: string) => {
      const h = v.health!.find((entry) => entry.layer === layer);
      if (!h) return undefined;
      const part = (name: string, value?: number) =>
        value === undefined || value === null ? "" : `${name} ${(100 * value).toFixed(1)}%`;
      return [part("saturation", h.saturation), part("dead", h.deadFraction)].filter(Boolean).join(
        ", ",
      );
    };
    parts.push(section(
      "health",
      "Layer health",
      table(
        ["layer", ...withHealth.map((v) => v.label)],
        layers.map((layer) => [layer, ...withHealth.map((v) => cell(v, layer))]),
      ),
      "At the last checkpoint: saturation (delve: share of the width needed for 99% of the output variance) and dead ReLU units.",
    ));
  }
  const diagnosed = variants.filter((v) => v.diagnosis);
  if (diagnosed.length > 0) {
    const body = diagnosed.map((v) =>
      `<h3>${escapeHtml(v.label)}</h3>\n<p><strong>${
        escapeHtml(v.diagnosis!.verdict)
      }</strong></p>\n<ul>${
        v.diagnosis!.statements.map((s) => `<li>${escapeHtml(s)}</li>`).join("")
      }</ul>`
    ).join("\n");
    parts.push(section("diagnosis", "Diagnoses", body));
  }
  return [
    "<!DOCTYPE html>",
    `<html lang="en">`,
    "<head>",
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    "</head>",
    "<body>",
    "<main>",
    `<h1>${escapeHtml(title)}</h1>`,
    ...parts,
    // Turns the 3D surfaces with the mouse, as in a run's report.
    interactiveScript(),
    `<footer>Made with losscape. This file is self-contained: it loads nothing from the network.</footer>`,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
