/**
 * Multi-panel influence figures of an analysis result: per-layer distributions over training
 * (ridgelines and percentile bands) and per-unit importance maps.
 * @module
 */
import type { AnalysisResult } from "../analysis/analysis_result.ts";
import type { FigureDocument, FigureElement } from "./dom.ts";
import { bandFigure, ridgelineFigure } from "./distribution_figures.ts";
import { mosaicFigure } from "./mosaic_figure.ts";
import { panelRow } from "./panels.ts";

/**
 * One row per layer: ridgelines of the signed gradient, of log10 |gradient| and of the weights,
 * then percentile bands of the gradient and of the weights.
 *
 * @param result An analysis result with influence.
 * @param document The document to draw in.
 * @returns The figure (empty without influence).
 * @example
 * ```ts
 * import { distributionsFigure } from "./influence_panels.ts";
 * import { createFigureDocument } from "./dom.ts";
 * const figure = distributionsFigure({ analyses: [], samples: 1, focus: 0, checkpoints: [], layers: [] }, createFigureDocument());
 * console.log(figure.outerHTML.startsWith("<figure")); // true
 * ```
 */
export function distributionsFigure(
  result: AnalysisResult,
  document: FigureDocument,
): FigureElement {
  const per = result.influence?.perCheckpoint ?? [];
  const epochs = result.checkpoints.map((c) => c.epoch);
  const size = { document, width: 158, height: 200 };
  const rows = result.layers.map((layer, l) => {
    const ridge = (label: string, key: "gradient" | "gradientLog" | "weight") =>
      ridgelineFigure({
        label,
        rows: per.map((c, i) => ({ epoch: epochs[i], ...c.layers[l].histograms[key] })),
      }, size);
    const band = (label: string, key: "gradient" | "weight") =>
      bandFigure(
        { label, epochs, percentiles: per.map((c) => c.layers[l].percentiles[key]) },
        size,
      );
    return panelRow(document, [
      ridge("dL/dw", "gradient"),
      ridge("log10 |dL/dw|", "gradientLog"),
      ridge("w", "weight"),
      band("dL/dw", "gradient"),
      band("w", "weight"),
    ], `${layer.name} (${layer.type}, ${layer.parameters.toLocaleString("en-US")} weights)`);
  });
  return panelRow(document, rows);
}

/**
 * Per layer, the importance maps of its 16 most important units (or filters), largest first.
 *
 * @param result An analysis result with influence.
 * @param document The document to draw in.
 * @returns One figure per mapped layer.
 * @example
 * ```ts
 * import { unitMapsFigure } from "./influence_panels.ts";
 * import { createFigureDocument } from "./dom.ts";
 * console.log(unitMapsFigure({ analyses: [], samples: 1, focus: 0, checkpoints: [], layers: [] }, createFigureDocument()).length); // 0
 * ```
 */
export function unitMapsFigure(result: AnalysisResult, document: FigureDocument): FigureElement[] {
  return (result.influence?.maps ?? []).map((maps) => {
    const pixels = maps.height * maps.width;
    const order = Array.from(maps.totals, (total, unit) => ({ total, unit }))
      .sort((a, b) => b.total - a.total || a.unit - b.unit)
      .slice(0, 16);
    const figure = mosaicFigure({
      tiles: order.map(({ unit }) => ({
        label: `unit ${unit}`,
        values: maps.maps.subarray(unit * pixels, (unit + 1) * pixels),
      })),
      height: maps.height,
      width: maps.width,
      scheme: "viridis",
      columns: 8,
    }, { document });
    return panelRow(
      document,
      [figure],
      `${maps.tensor}: ${maps.units} units, maps ${maps.height}x${maps.width}`,
    );
  });
}
