/**
 * The report's sections for 3D surfaces, the interpolation between models and the plane through
 * three models, followed by the inline script that turns the surfaces and shows hover readouts.
 * @module
 */
import type { Landscape } from "../scan/landscape.ts";
import { contourFigure } from "./contour.ts";
import { defaultDocument, type FigureDocument } from "./dom.ts";
import { heatmapFigure } from "./heatmap.ts";
import { escapeHtml } from "./html.ts";
import { withHover } from "./hover.ts";
import { interactiveScript } from "./interactive_script.ts";
import { interpolationFigure } from "./interpolation_figure.ts";
import { panelRow } from "./panels.ts";
import { surfaceFigure } from "./surface3d.ts";
import { renderSvg } from "./svg.ts";

/** A landscape with the models it goes through. */
export interface MarkedPlane {
  /** The landscape. */
  landscape: Landscape;
  /** Where the models sit, in its coordinates. */
  markers: readonly { x: number; y: number; label: string }[];
}

/** Options of {@linkcode landscapeSections}. */
export interface LandscapeSectionsOptions {
  /** The random plane: drawn as a 3D surface. */
  randomPlane?: Landscape;
  /** The PCA plane: drawn as a 3D surface. */
  pcaPlane?: Landscape;
  /** The line between two models. */
  interpolation?: MarkedPlane;
  /** The plane through three models. */
  modelPlane?: MarkedPlane;
  /** 3D surfaces: log10 heights and clipping (`zmax` 0: none). */
  settings?: { surfaceLog?: boolean; zmax?: number };
  /** Metric of the surfaces and the model plane (default `"train_loss"`). */
  metric?: string;
  /** Document to draw into. */
  document?: FigureDocument;
}

function section(id: string, heading: string, body: string, note: string): string {
  return `<section id="${id}">\n<h2>${escapeHtml(heading)}</h2>\n<p class="note">${
    escapeHtml(note)
  }</p>\n${body}\n</section>`;
}

/**
 * Builds the sections (HTML strings, in order) and the inline script as the last part.
 *
 * @param options The landscapes to draw and the surface options.
 * @returns HTML parts for the report's `<main>`.
 * @example
 * ```ts
 * import { landscapeSections } from "./mod.ts";
 * import { sampleBowlLandscape } from "./sample_data.ts";
 * const parts = landscapeSections({ randomPlane: sampleBowlLandscape({ nx: 11, ny: 11 }) });
 * console.log(parts.length); // 2
 * ```
 */
export function landscapeSections(options: LandscapeSectionsOptions): string[] {
  const { metric = "train_loss", settings = {}, document = defaultDocument() } = options;
  const surface = { metric, log: settings.surfaceLog ?? false, zmax: settings.zmax ?? 0, document };
  const parts: string[] = [];
  const planes = [options.randomPlane, options.pcaPlane].filter((p): p is Landscape => !!p);
  if (planes.length > 0) {
    const row = panelRow(document, planes.map((plane) => surfaceFigure(plane, surface)));
    parts.push(section(
      "surfaces",
      "3D surfaces",
      renderSvg(row),
      "Each 2D landscape as a shaded surface (random plane first, then the PCA plane). " +
        "Drag a surface to turn it; hover a point to read it.",
    ));
  }
  if (options.interpolation) {
    const { landscape, markers } = options.interpolation;
    parts.push(section(
      "interpolation",
      "Interpolation between models",
      renderSvg(interpolationFigure(landscape, { markers, document })),
      "Loss and accuracy on the straight line between two models (Goodfellow et al. 2015): " +
        "α = 0 is the first, α = 1 the second; beyond them the line is extrapolated.",
    ));
  }
  if (options.modelPlane) {
    const { landscape, markers } = options.modelPlane;
    const row = panelRow(document, [
      withHover(contourFigure(landscape, { metric, markers, document }), landscape),
      withHover(heatmapFigure(landscape, { metric, document }), landscape),
    ]);
    parts.push(section(
      "model-plane",
      "Plane through three models",
      renderSvg(row) + "\n" + renderSvg(surfaceFigure(landscape, surface)),
      `The plane through ${markers.map((m) => m.label).join(", ")}: origin at the first, ` +
        "axes towards the second and the third. Hover a point to read it.",
    ));
  }
  parts.push(interactiveScript());
  return parts;
}
