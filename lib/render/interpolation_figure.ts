/**
 * The interpolation between two models (Goodfellow et al. 2015): loss and accuracy of every
 * split against alpha, with the models marked where they sit (A at 0, B at 1).
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import type { Landscape } from "../scan/landscape.ts";
import { defaultDocument, type FigureElement } from "./dom.ts";
import { finiteExtent, metricValues } from "./grid.ts";
import { withHover } from "./hover.ts";
import { type FigureOptions, resolveValueScale, type ValueScale } from "./options.ts";
import { panelRow, splitColorScale } from "./panels.ts";

/** Options of {@linkcode interpolationFigure}. */
export interface InterpolationOptions extends FigureOptions {
  /** The models on the line (default A at 0 and B at 1). */
  markers?: readonly { x: number; label: string }[];
  /** Loss axis; `"auto"` is log when every loss is positive (default `"linear"`). */
  lossScale?: ValueScale;
}

/**
 * Draws a 1D landscape between models: loss (left) and accuracy in % (right), one line per
 * split, a vertical rule and a label at each model. Each panel has hover readouts.
 *
 * @param landscape A 1D landscape with `*_loss` and/or `*_acc` metrics.
 * @param options Markers, loss scale, panel size and document.
 * @returns A `<figure>` with the panels side by side.
 * @throws {TypeError} For a 2D landscape.
 * @example
 * ```ts
 * import { interpolationFigure, renderSvg } from "./mod.ts";
 * import { sampleSliceLandscape } from "./sample_data.ts";
 * const html = renderSvg(interpolationFigure(sampleSliceLandscape({ nx: 21 })));
 * console.log(html.includes(">B<")); // true
 * ```
 */
export function interpolationFigure(
  landscape: Landscape,
  options: InterpolationOptions = {},
): FigureElement {
  const {
    markers = [{ x: 0, label: "A" }, { x: 1, label: "B" }],
    lossScale = "linear",
    document = defaultDocument(),
    width = 420,
    height = 280,
  } = options;
  if (landscape.ycoordinates !== null) {
    throw new TypeError("An interpolation needs a 1D landscape: got a 2D one");
  }
  const xs = landscape.xcoordinates;
  const series = (kind: "loss" | "acc", scale: number) =>
    Object.keys(landscape.metrics).filter((key) => key.endsWith(`_${kind}`)).flatMap((key) => {
      const values = metricValues(landscape, key, xs.length);
      const split = key.slice(0, -kind.length - 1);
      return xs.map((alpha, i) => ({ alpha, split, value: scale * values[i] }));
    });
  const loss = series("loss", 1), accuracy = series("acc", 100);
  const color = splitColorScale([...loss, ...accuracy].map((p) => p.split));
  const lossType = resolveValueScale(lossScale, "loss", finiteExtent(loss.map((p) => p.value))[0]);
  const panel = (points: typeof loss, y: Record<string, unknown>) =>
    withHover(
      Plot.plot({
        document,
        width,
        height,
        marginLeft: 48,
        marginTop: 26,
        x: { label: landscape.xlabel || "α", nice: false },
        y: { grid: true, nice: true, ...y },
        color,
        marks: [
          Plot.ruleX(markers, { x: "x", stroke: "#555", strokeDasharray: "4,3" }),
          Plot.text(markers, {
            x: "x",
            text: "label",
            frameAnchor: "top",
            dy: -16,
            fontWeight: "bold",
            fill: "#222",
          }),
          Plot.line(points, {
            x: "alpha",
            y: "value",
            z: "split",
            stroke: "split",
            strokeWidth: 1.75,
          }),
        ],
      }) as unknown as FigureElement,
      landscape,
    );
  const panels = [];
  if (loss.length > 0) {
    panels.push(
      panel(loss, { type: lossType, label: `loss${lossType === "log" ? " (log)" : ""}` }),
    );
  }
  if (accuracy.length > 0) panels.push(panel(accuracy, { label: "accuracy (%)" }));
  const names = markers.map((m) => `${m.label} at α = ${m.x}`).join(", ");
  return panelRow(document, panels, `Linear interpolation between models: ${names}.`);
}
