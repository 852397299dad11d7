/**
 * Distributions over training, as TensorBoard draws them: a ridgeline of histograms (one per
 * checkpoint, later ones lower and darker) and percentile bands (min-max, 7-93, 16-84, 31-69,
 * and the median) against the epoch.
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import { defaultDocument, type FigureElement } from "./dom.ts";
import type { FigureOptions } from "./options.ts";

/** One histogram per checkpoint. */
export interface RidgelineData {
  /** The x axis label, e.g. `log10 |gradient|`. */
  label: string;
  /** Per checkpoint: epoch, bin edges and counts. */
  rows: readonly { epoch: number; edges: readonly number[]; counts: readonly number[] }[];
}

/**
 * Draws histograms as ridgelines: each checkpoint's distribution, scaled to its own peak,
 * stacked from the first (top) to the last (bottom).
 *
 * @param data The histograms.
 * @param options Size and document.
 * @returns The figure.
 * @example
 * ```ts
 * import { renderSvg, ridgelineFigure } from "./mod.ts";
 * const svg = renderSvg(ridgelineFigure({ label: "w", rows: [{ epoch: 0, edges: [0, 1, 2], counts: [1, 3] }] }));
 * console.log(svg.includes("<path")); // true
 * ```
 */
export function ridgelineFigure(data: RidgelineData, options: FigureOptions = {}): FigureElement {
  const { document = defaultDocument(), width = 300, height = 220 } = options;
  const overlap = 2.2;
  const points = data.rows.flatMap((row, r) => {
    const peak = Math.max(...row.counts, 1);
    const base = -r;
    return row.counts.map((count, i) => ({
      x: (row.edges[i] + row.edges[i + 1]) / 2,
      base,
      top: base + (overlap * count) / peak,
      epoch: row.epoch,
    }));
  });
  const epochs = data.rows.map((row) => row.epoch);
  return Plot.plot({
    document,
    width,
    height,
    marginLeft: 44,
    x: { label: data.label, tickFormat: (x: number) => String(+x.toPrecision(3)) },
    y: {
      label: "epoch",
      ticks: data.rows.map((_, r) => -r),
      tickFormat: (y: number) => String(+epochs[-y]?.toFixed(2)),
    },
    color: {
      type: "sequential",
      scheme: "blues",
      domain: [Math.min(...epochs) - 1, Math.max(...epochs)],
    },
    marks: [
      // Later checkpoints are drawn first so earlier ridges overlap them from above.
      ...data.rows.map((_, r) => data.rows.length - 1 - r).map((r) =>
        Plot.areaY(points.filter((p) => p.base === -r), {
          x: "x",
          y1: "base",
          y2: "top",
          fill: "epoch",
          fillOpacity: 0.85,
          stroke: "white",
          strokeWidth: 0.75,
          curve: "basis",
        })
      ),
    ],
  }) as unknown as FigureElement;
}

/** Percentiles per checkpoint. */
export interface BandData {
  /** The y axis label. */
  label: string;
  /** Epoch of each checkpoint. */
  epochs: readonly number[];
  /** Per checkpoint, the 9 percentiles 0, 7, 16, 31, 50, 69, 84, 93, 100. */
  percentiles: readonly (readonly number[])[];
}

/**
 * Draws percentile bands against the epoch (TensorBoard's distribution view).
 *
 * @param data Epochs and percentiles.
 * @param options Size and document.
 * @returns The figure.
 * @example
 * ```ts
 * import { bandFigure, renderSvg } from "./mod.ts";
 * const row = [-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3];
 * console.log(renderSvg(bandFigure({ label: "w", epochs: [0, 1], percentiles: [row, row] })).includes("<path")); // true
 * ```
 */
export function bandFigure(data: BandData, options: FigureOptions = {}): FigureElement {
  const { document = defaultDocument(), width = 300, height = 220 } = options;
  const rows = data.epochs.map((epoch, i) => ({ epoch, p: data.percentiles[i] }));
  const band = (low: number, high: number, opacity: number) =>
    Plot.areaY(rows, {
      x: "epoch",
      y1: (d: { p: number[] }) => d.p[low],
      y2: (d: { p: number[] }) => d.p[high],
      fill: "#1f77b4",
      fillOpacity: opacity,
    });
  return Plot.plot({
    document,
    width,
    height,
    marginLeft: 56,
    x: { label: "epoch", ticks: 4, tickFormat: "~g" },
    y: { label: data.label, grid: true, tickFormat: "~g" },
    marks: [
      band(0, 8, 0.15),
      band(1, 7, 0.2),
      band(2, 6, 0.25),
      band(3, 5, 0.3),
      Plot.line(rows, { x: "epoch", y: (d: { p: number[] }) => d.p[4], stroke: "#0b3d6b" }),
    ],
  }) as unknown as FigureElement;
}
