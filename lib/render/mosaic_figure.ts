/**
 * Small maps side by side in one raster image (a first layer's per-unit importance maps, a
 * convolution's per-filter maps, saliency maps): one bitmap for all tiles keeps the report
 * small where hundreds of SVG cells would not. Each tile can be scaled to its own maximum.
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import { defaultDocument, type FigureElement } from "./dom.ts";
import type { FigureOptions } from "./options.ts";

/** Tiles to lay out. */
export interface MosaicData {
  /** Each tile's label and its values, `[height, width]` row-major. */
  tiles: readonly { label: string; values: ArrayLike<number> }[];
  /** Tile height. */
  height: number;
  /** Tile width. */
  width: number;
  /** Tiles per row. Default 8. */
  columns?: number;
  /** Colour scheme. Default `"magma"`. */
  scheme?: string;
  /** Scale each tile to its own [min, max] (default true); else one scale for all. */
  perTile?: boolean;
  /** Colour legend label. */
  label?: string;
}

/**
 * Draws tiles in rows with their labels above them.
 *
 * @param data Tiles, their size, columns and colours.
 * @param options Width of the whole figure and document.
 * @returns The figure.
 * @example
 * ```ts
 * import { mosaicFigure, renderSvg } from "./mod.ts";
 * const svg = renderSvg(mosaicFigure({ tiles: [{ label: "unit 0", values: [0, 1, 2, 3] }], height: 2, width: 2 }));
 * console.log(svg.includes("unit 0")); // true
 * ```
 */
export function mosaicFigure(data: MosaicData, options: FigureOptions = {}): FigureElement {
  const { tiles, height, width, scheme = "magma", perTile = true, label = "" } = data;
  const columns = Math.max(1, Math.min(data.columns ?? 8, tiles.length));
  const rows = Math.max(1, Math.ceil(tiles.length / columns));
  const gap = Math.max(1, Math.round(width / 10));
  const labelRows = Math.max(3, Math.round(height / 4));
  const cellW = width + gap, cellH = height + labelRows;
  const W = columns * cellW, H = rows * cellH;
  const pixels = new Float32Array(W * H).fill(NaN);
  let low = Infinity, high = -Infinity;
  for (const tile of tiles) {
    for (let i = 0; i < height * width; i++) {
      const v = tile.values[i];
      if (Number.isFinite(v)) [low, high] = [Math.min(low, v), Math.max(high, v)];
    }
  }
  tiles.forEach((tile, t) => {
    const top = Math.floor(t / columns) * cellH + labelRows, left = (t % columns) * cellW;
    let min = low, max = high;
    if (perTile) {
      [min, max] = [Infinity, -Infinity];
      for (let i = 0; i < height * width; i++) {
        const v = tile.values[i];
        if (Number.isFinite(v)) [min, max] = [Math.min(min, v), Math.max(max, v)];
      }
    }
    const span = max > min ? max - min : 1;
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        pixels[(top + r) * W + left + c] = (tile.values[r * width + c] - min) / span;
      }
    }
  });
  const {
    document = defaultDocument(),
    width: figureWidth = Math.min(940, 14 + columns * Math.max(70, cellW * 3)),
  } = options;
  const figureHeight = Math.round(((figureWidth - 2) * H) / W) + 2;
  const labels = tiles.map((tile, t) => ({
    x: (t % columns) * cellW + width / 2,
    y: Math.floor(t / columns) * cellH + labelRows / 2,
    text: tile.label,
  }));
  return Plot.plot({
    document,
    width: figureWidth,
    height: figureHeight,
    margin: 1,
    x: { domain: [0, W], axis: null },
    y: { domain: [0, H], axis: null, reverse: true },
    color: { type: "linear", scheme: scheme as Plot.ColorScheme, domain: [0, 1], label },
    marks: [
      Plot.raster(pixels, {
        width: W,
        height: H,
        x1: 0,
        x2: W,
        y1: 0,
        y2: H,
        fill: (v: number) => v,
        imageRendering: "pixelated",
      }),
      Plot.text(labels, { x: "x", y: "y", text: "text", fontSize: 10, fill: "#222" }),
    ],
  }) as unknown as FigureElement;
}
