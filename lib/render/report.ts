/**
 * The report: one self-contained offline HTML file (inline SVG, CSS and one inline script; no
 * fonts or links to fetch) with settings, timings and every figure of a run.
 * @module
 */
import type { Landscape } from "../scan/landscape.ts";
import type { EpochRecord } from "../train/history.ts";
import type { ProjectedPath } from "../directions/pca.ts";
import { defaultDocument, type FigureDocument, type FigureElement } from "./dom.ts";
import { escapeHtml, formatSeconds, formatValue, keyValueTable } from "./html.ts";
import { planePanels } from "./plane_panels.ts";
import { sliceFigure } from "./slice.ts";
import { renderSvg } from "./svg.ts";
import { trainingCurvesFigure } from "./training_curves.ts";
import { REPORT_CSS } from "./report_style.ts";
import type { AnalysisResult } from "../analysis/analysis_result.ts";
import { analysisSections } from "./analysis_sections.ts";
import { type HessianReport, hessianSection } from "./hessian_section.ts";

/** What a report shows; any figure whose data is missing is left out. */
export interface ReportOptions {
  /** Heading and page title (default `"losscape report"`). */
  title?: string;
  /** Per-epoch training curves. */
  history?: readonly EpochRecord[];
  /** A 1D landscape through the minimum. */
  slice?: Landscape;
  /** A 2D landscape on a random (filter-normalised) plane. */
  randomPlane?: Landscape;
  /** A 2D landscape on the PCA plane of the trajectory. */
  pcaPlane?: Landscape;
  /** The training path projected onto the PCA plane. */
  path?: ProjectedPath;
  /** Weight influence, layer health, diagnosis and saliency (lib/analysis). */
  analysis?: AnalysisResult;
  /** Run settings, shown as a table in insertion order. */
  settings?: Record<string, unknown>;
  /** Durations in seconds, shown as a table in insertion order. */
  timings?: Record<string, number>;
  /** Metric drawn first on the planes (default `"train_loss"`); every other grid follows. */
  metric?: string;
  /** What the scanned weights are, for headings (default `"the minimum"`). */
  centre?: string;
  /** Lines shown under the run's tables, e.g. why a figure is missing. */
  notes?: readonly string[];
  /** Document to draw into (default: see {@link defaultDocument}). */
  document?: FigureDocument;
  /** More HTML parts appended after the figures (e.g. from `landscapeSections`). */
  sections?: readonly string[];
  /** The curvature section (Hessian spectrum, minima, convexity map). */
  hessian?: HessianReport;
  /**
   * Figure sections drawn ahead (by {@linkcode drawReportSection}, e.g. in a Worker as a run
   * goes): used instead of drawing them from `history`, `slice`, `randomPlane`, `pcaPlane` and
   * `analysis`.
   */
  drawn?: DrawnSections;
}

/** The report's figure sections that each depend on one piece of data, drawn as HTML. */
export type DrawnSections = Partial<Record<DrawnSection, string>>;

/** The figure sections that can be drawn ahead of the report (`analysis`: all of its sections). */
export type DrawnSection = "training" | "slice" | "randomPlane" | "pcaPlane" | "analysis";

function section(id: string, heading: string, body: string, note = ""): string {
  const paragraph = note ? `\n<p class="note">${escapeHtml(note)}</p>` : "";
  return `<section id="${id}">\n<h2>${escapeHtml(heading)}</h2>${paragraph}\n${body}\n</section>`;
}

function pathNote(path: ProjectedPath): string {
  const [pc1, pc2] = path.explainedVariance.map((v) => (100 * v).toFixed(1));
  return `The axes are the first two principal components of the trajectory (${pc1}% and ` +
    `${pc2}% of its variance). A high share is not evidence by itself: a pure random walk ` +
    `puts about 60% of its variance in the first component. Both axes have the same scale, ` +
    `so the path keeps its shape.`;
}

/**
 * Draws one of the report's figure sections from the options that section needs, exactly as
 * {@linkcode buildReport} draws it; undefined when its data is missing. Sections that use clip
 * paths (the planes) number them in the order they are drawn: draw `randomPlane` before
 * `pcaPlane`, in one thread, to get the same markup as `buildReport`.
 *
 * @param name Which section.
 * @param options The report's options (only those of this section are read).
 * @returns The section's HTML, or undefined.
 * @example
 * ```ts
 * import { drawReportSection } from "./report.ts";
 * import { sampleHistory } from "./sample_data.ts";
 * const html = drawReportSection("training", { history: sampleHistory(5) });
 * console.log(html?.startsWith(`<section id="training">`)); // true
 * ```
 */
export function drawReportSection(
  name: DrawnSection,
  options: ReportOptions,
): string | undefined {
  const {
    history = [],
    slice,
    randomPlane,
    pcaPlane,
    path,
    analysis,
    metric = "train_loss",
    centre = "the minimum",
    document = defaultDocument(),
  } = options;
  const svg = (figure: FigureElement) => renderSvg(figure);
  const rows = (plane: Landscape, path?: ProjectedPath) =>
    planePanels(plane, { metric, path, document }).map(svg).join("\n");
  if (name === "training" && history.length > 0) {
    return section("training", "Training curves", svg(trainingCurvesFigure(history, { document })));
  }
  if (name === "slice" && slice) {
    // The axis label says how the direction was made (`--norm`, or a file).
    const along = slice.xlabel.replace(/^step along /, "") || "one direction";
    const note = `Loss and accuracy along ${along} through ${centre}.`;
    return section(
      "slice",
      `1D slice through ${centre}`,
      svg(sliceFigure(slice, { document })),
      note,
    );
  }
  if (name === "randomPlane" && randomPlane) {
    const axes = randomPlane.xlabel && randomPlane.ylabel
      ? `${randomPlane.xlabel} and ${randomPlane.ylabel}`
      : "two random directions";
    const note = `The plane of ${axes} through ${centre}: contour lines and heat map of each ` +
      "loss (one colour scale per grid), then the accuracies.";
    return section("random-plane", "Random plane", rows(randomPlane), note);
  }
  if (name === "pcaPlane" && pcaPlane) {
    const note = path ? pathNote(path) : "The PCA plane of the trajectory (no path given).";
    return section("pca-plane", "PCA plane and training path", rows(pcaPlane, path), note);
  }
  if (name === "analysis" && analysis) {
    const sections = analysisSections(analysis, document).map((s) => section(...s));
    return sections.length > 0 ? sections.join("\n") : undefined;
  }
  return undefined;
}

/**
 * Builds the report's HTML.
 *
 * @param options Title, data for each figure, settings and timings.
 * @returns A complete HTML document, safe to open offline.
 * @example
 * ```ts
 * import { buildReport } from "./mod.ts";
 * import { sampleBowlLandscape, sampleHistory } from "./sample_data.ts";
 * const html = buildReport({
 *   title: "demo",
 *   history: sampleHistory(5),
 *   randomPlane: sampleBowlLandscape({ nx: 21, ny: 21 }),
 *   settings: { seed: 1 },
 * });
 * console.log(html.startsWith("<!DOCTYPE html>")); // true
 * ```
 */
export function buildReport(options: ReportOptions = {}): string {
  const {
    title = "losscape report",
    settings = {},
    timings = {},
    notes = [],
    document = defaultDocument(),
    sections = [],
    hessian,
    drawn = {},
  } = options;
  const parts: string[] = [];
  const settingRows = Object.entries(settings).map(([k, v]) => [k, formatValue(v)] as const);
  const timingRows = Object.entries(timings).map(([k, v]) => [k, formatSeconds(v)] as const);
  if (settingRows.length > 0 || timingRows.length > 0 || notes.length > 0) {
    const tables = [
      settingRows.length > 0 ? keyValueTable(settingRows, ["setting", "value"]) : "",
      timingRows.length > 0 ? keyValueTable(timingRows, ["stage", "time"]) : "",
    ];
    const lines = notes.map((line) => `\n<p class="note">${escapeHtml(line)}</p>`).join("");
    parts.push(
      section("run", "Run", `<div class="tables">\n${tables.join("\n")}\n</div>${lines}`),
    );
  }
  for (const name of ["training", "slice", "randomPlane", "pcaPlane", "analysis"] as const) {
    const html = drawn[name] ?? drawReportSection(name, { ...options, document });
    if (html !== undefined) parts.push(html);
  }
  if (hessian) parts.push(hessianSection(hessian, document));
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
    ...sections,
    `<footer>Made with losscape. This file is self-contained: it loads nothing from the network.</footer>`,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
