/**
 * A 1D slice through the minimum: loss and accuracy against the step along one direction.
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import type { Landscape } from "../scan/landscape.ts";
import { defaultDocument, type FigureElement } from "./dom.ts";
import { finiteExtent, metricValues } from "./grid.ts";
import { type FigureOptions, resolveValueScale, type ValueScale } from "./options.ts";
import { panelRow, splitColorScale } from "./panels.ts";

/** Options of {@link sliceFigure}. */
export interface SliceOptions extends FigureOptions {
  /** Loss axis; `"auto"` is log when every loss is positive (default `"auto"`). */
  lossScale?: ValueScale;
}

interface SlicePoint {
  alpha: number;
  split: string;
  value: number;
}

/** All `<split>_<kind>` metrics of a 1D landscape as long-form points. */
function seriesOf(landscape: Landscape, kind: "loss" | "acc", scale: number): SlicePoint[] {
  const xs = landscape.xcoordinates;
  return Object.keys(landscape.metrics)
    .filter((key) => key.endsWith(`_${kind}`))
    .flatMap((key) => {
      const values = metricValues(landscape, key, xs.length);
      const split = key.slice(0, -kind.length - 1);
      return xs.map((alpha, i) => ({ alpha, split, value: scale * values[i] }));
    });
}

/**
 * Draws a 1D landscape: loss (left) and, when present, accuracy (right) against the
 * step α along the direction, every split in its colour; α = 0 (the trained weights)
 * is marked with a dashed rule. Non-finite values leave gaps.
 *
 * @param landscape1d A 1D landscape (`ycoordinates` null) with `*_loss` and/or `*_acc` metrics.
 * @param options Loss axis scale, panel size and document.
 * @returns A `<figure>` with the panels side by side.
 * @example
 * ```ts
 * import { renderSvg, sliceFigure } from "./mod.ts";
 * import { sampleSliceLandscape } from "./sample_data.ts";
 * const html = renderSvg(sliceFigure(sampleSliceLandscape({ nx: 21 })));
 * console.log(html.includes("α = 0")); // true
 * ```
 */
export function sliceFigure(landscape1d: Landscape, options: SliceOptions = {}): FigureElement {
  const { lossScale = "auto", document = defaultDocument(), width = 420, height = 280 } = options;
  if (landscape1d.ycoordinates !== null) {
    throw new TypeError("A 1D landscape is needed: got a 2D one (ycoordinates is set)");
  }
  const loss = seriesOf(landscape1d, "loss", 1);
  const accuracy = seriesOf(landscape1d, "acc", 100);
  if (loss.length === 0 && accuracy.length === 0) {
    const known = Object.keys(landscape1d.metrics).join(", ") || "none";
    throw new RangeError(`A slice needs *_loss or *_acc metrics: got ${known}`);
  }
  const lossType = resolveValueScale(lossScale, "loss", finiteExtent(loss.map((p) => p.value))[0]);
  const color = splitColorScale([...loss, ...accuracy].map((p) => p.split));
  const panel = (points: SlicePoint[], y: Record<string, unknown>) =>
    Plot.plot({
      document,
      width,
      height,
      marginLeft: 48,
      marginTop: 24,
      x: { label: landscape1d.xlabel || "α" },
      y: { grid: true, nice: true, ...y },
      color,
      marks: [
        Plot.ruleX([0], { stroke: "#555", strokeDasharray: "4,3" }),
        Plot.text([0], {
          x: (d: number) => d,
          frameAnchor: "top",
          dy: -14,
          text: () => "α = 0",
          fill: "#333",
        }),
        Plot.line(points, {
          x: "alpha",
          y: "value",
          z: "split",
          stroke: "split",
          strokeWidth: 1.75,
        }),
      ],
    }) as unknown as FigureElement;
  const panels = [];
  if (loss.length > 0) {
    const label = `loss (cross-entropy${lossType === "log" ? ", log" : ""})`;
    const logInset = lossType === "log" ? { nice: false, inset: 6 } : {};
    panels.push(panel(loss, { type: lossType, label, tickFormat: "~g", ...logInset }));
  }
  if (accuracy.length > 0) panels.push(panel(accuracy, { label: "accuracy (%)" }));
  return panelRow(document, panels, "Dashed line: α = 0, the scanned weights.");
}
