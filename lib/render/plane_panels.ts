/**
 * Every grid a 2D landscape holds, as report rows: for each split's loss its contour lines
 * beside its heat map (the same colours), or with a training path its contour lines alone,
 * then the accuracy heat maps side by side.
 * @module
 */
import type { Landscape } from "../scan/landscape.ts";
import type { ProjectedPath } from "../directions/pca.ts";
import { contourFigure } from "./contour.ts";
import type { FigureDocument, FigureElement } from "./dom.ts";
import { heatmapFigure } from "./heatmap.ts";
import { withHover } from "./hover.ts";
import { panelRow } from "./panels.ts";

/** Options of {@linkcode planePanels}. */
export interface PlanePanelOptions {
  /** The metric drawn first (default `"train_loss"`). */
  metric?: string;
  /** A training path drawn on every contour panel, at equal aspect. */
  path?: ProjectedPath;
  /** The document to draw into. */
  document: FigureDocument;
}

/** Split names in the order they are drawn: train, test, then any other. */
function splitsOf(landscape: Landscape, kind: "loss" | "acc"): string[] {
  const names = Object.keys(landscape.metrics)
    .filter((key) => key.endsWith(`_${kind}`))
    .map((key) => key.slice(0, -kind.length - 1));
  const order = (name: string) => ["train", "test"].indexOf(name) >>> 0;
  return names.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

/**
 * Draws every loss and accuracy grid of a 2D landscape.
 *
 * @param landscape A 2D landscape.
 * @param options The first metric, an optional path, and the document.
 * @returns One figure per row: a loss (contour and heat map) per split, then accuracies.
 * @example
 * ```ts
 * import { createFigureDocument, planePanels } from "./mod.ts";
 * import { sampleBowlLandscape } from "./sample_data.ts";
 * const rows = planePanels(sampleBowlLandscape({ nx: 11, ny: 11 }), { document: createFigureDocument() });
 * console.log(rows.length); // 1
 * ```
 */
export function planePanels(landscape: Landscape, options: PlanePanelOptions): FigureElement[] {
  const { metric = "train_loss", path, document } = options;
  const losses = splitsOf(landscape, "loss").map((split) => `${split}_loss`);
  const first = [metric, ...losses.filter((name) => name !== metric)];
  const rows: FigureElement[] = [];
  for (const name of first) {
    if (!(name in landscape.metrics)) continue;
    // With a path the contour is drawn large and at equal aspect, alone in its row.
    rows.push(panelRow(
      document,
      path
        ? [
          withHover(
            contourFigure(landscape, {
              metric: name,
              path,
              document,
              width: 600,
              equalAspect: true,
            }),
            landscape,
          ),
        ]
        : [
          withHover(contourFigure(landscape, { metric: name, document }), landscape),
          withHover(heatmapFigure(landscape, { metric: name, document }), landscape),
        ],
    ));
  }
  const accuracies = splitsOf(landscape, "acc").map((split) => `${split}_acc`);
  if (accuracies.length > 0) {
    rows.push(panelRow(
      document,
      accuracies.map((name) =>
        withHover(heatmapFigure(landscape, { metric: name, document }), landscape)
      ),
    ));
  }
  return rows;
}
