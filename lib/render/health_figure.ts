/**
 * Layer health over training: one small panel per measure (saturation, dead units, weight,
 * gradient and update norms), one line per layer, against the epoch.
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import { defaultDocument, type FigureElement } from "./dom.ts";
import type { FigureOptions } from "./options.ts";
import { panelRow } from "./panels.ts";

/** One measure's values: `values[checkpoint][layer]`, null where it does not apply. */
export interface HealthMeasure {
  /** Panel title, e.g. `saturation (delve)`. */
  label: string;
  /** Log axis (norms, ratios). */
  log?: boolean;
  /** Values per checkpoint and layer. */
  values: readonly (readonly (number | null)[])[];
}

/** What the health figure draws. */
export interface HealthData {
  /** Layer names. */
  layers: readonly string[];
  /** Epoch of each checkpoint. */
  epochs: readonly number[];
  /** The measures. */
  measures: readonly HealthMeasure[];
}

/**
 * Draws each health measure in its own panel.
 *
 * @param data Layers, epochs and measures.
 * @param options Panel size and document.
 * @returns The panels in a wrapping row.
 * @example
 * ```ts
 * import { healthFigure, renderSvg } from "./mod.ts";
 * const svg = renderSvg(healthFigure({ layers: ["d0"], epochs: [0, 1], measures: [{ label: "saturation", values: [[0.5], [0.6]] }] }));
 * console.log(svg.includes("saturation")); // true
 * ```
 */
export function healthFigure(data: HealthData, options: FigureOptions = {}): FigureElement {
  const { document = defaultDocument(), width = 300, height = 200 } = options;
  const panels = data.measures.map((measure, m) => {
    const points = measure.values.flatMap((row, c) =>
      row.flatMap((value, l) =>
        value === null || !Number.isFinite(value) || (measure.log && value <= 0)
          ? []
          : [{ epoch: data.epochs[c], value, layer: data.layers[l] }]
      )
    );
    return Plot.plot({
      document,
      width,
      height,
      marginLeft: 52,
      x: { label: "epoch" },
      y: {
        label: measure.label,
        type: measure.log ? "log" : "linear",
        grid: true,
        tickFormat: "~g",
      },
      color: { type: "ordinal", scheme: "tableau10", domain: [...data.layers], legend: m === 0 },
      marks: [
        Plot.line(points, {
          x: "epoch",
          y: "value",
          z: "layer",
          stroke: "layer",
          strokeWidth: 1.5,
        }),
        Plot.dot(points, { x: "epoch", y: "value", stroke: "layer", fill: "white", r: 2 }),
      ],
    }) as unknown as FigureElement;
  });
  return panelRow(document, panels);
}
