/**
 * A horizontal bar chart of named values (gradient signal-to-noise per layer, saliency per
 * input feature).
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import { defaultDocument, type FigureElement } from "./dom.ts";
import type { FigureOptions } from "./options.ts";

/** Bars to draw. */
export interface BarData {
  /** The value axis label. */
  label: string;
  /** Names and values, drawn top to bottom in this order. */
  bars: readonly { name: string; value: number }[];
  /** Log value axis. Default false. */
  log?: boolean;
}

/**
 * Draws named values as horizontal bars (non-finite values are left out).
 *
 * @param data Label and bars.
 * @param options Width, height (default: 18 px per bar) and document.
 * @returns The figure.
 * @example
 * ```ts
 * import { barFigure, renderSvg } from "./mod.ts";
 * console.log(renderSvg(barFigure({ label: "SNR", bars: [{ name: "dense0", value: 2 }] })).includes("dense0")); // true
 * ```
 */
export function barFigure(data: BarData, options: FigureOptions = {}): FigureElement {
  const bars = data.bars.filter((bar) =>
    Number.isFinite(bar.value) && (!data.log || bar.value > 0)
  );
  const { document = defaultDocument(), width = 460, height = 40 + 18 * Math.max(bars.length, 1) } =
    options;
  const longest = Math.max(...bars.map((bar) => bar.name.length), 4);
  return Plot.plot({
    document,
    width,
    height,
    marginLeft: Math.min(160, 12 + 6.5 * longest),
    x: { label: data.label, type: data.log ? "log" : "linear", grid: true, tickFormat: "~g" },
    y: { label: null, domain: bars.map((bar) => bar.name) },
    marks: [
      Plot.barX(bars, {
        x1: data.log ? Math.min(...bars.map((b) => b.value)) / 2 : 0,
        x2: "value",
        y: "name",
        fill: "#1f77b4",
      }),
    ],
  }) as unknown as FigureElement;
}
