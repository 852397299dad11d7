/**
 * The gradient intensity curve: weights sorted by first-order importance |w * dL/dw|, against
 * the cumulative share of the total importance they carry. Left: all weights, one curve per
 * checkpoint (darker is later), so the change over training shows. Right: each layer at one
 * checkpoint.
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import { defaultDocument, type FigureElement } from "./dom.ts";
import type { FigureOptions } from "./options.ts";
import { panelRow } from "./panels.ts";

/** What the intensity figure draws. */
export interface IntensityData {
  /** Shares of the weights (0-1), the curves' x. */
  weightShare: readonly number[];
  /** Overall curves: epoch and importance share at each weight share. */
  checkpoints: readonly { epoch: number; importanceShare: readonly number[] }[];
  /** Per-layer curves at one checkpoint. */
  layers: readonly { name: string; importanceShare: readonly number[] }[];
  /** Share of all weights carrying 80% of the importance at that checkpoint. */
  carriers80: number;
}

/**
 * Draws the intensity curves.
 *
 * @param data Curves over training and per layer.
 * @param options Panel size and document.
 * @returns Two panels side by side.
 * @example
 * ```ts
 * import { intensityFigure, renderSvg } from "./mod.ts";
 * const weightShare = [0, 0.5, 1];
 * const svg = renderSvg(intensityFigure({ weightShare, checkpoints: [{ epoch: 0, importanceShare: [0, 0.7, 1] }], layers: [{ name: "dense0", importanceShare: [0, 0.9, 1] }], carriers80: 0.3 }));
 * console.log(svg.includes("importance")); // true
 * ```
 */
export function intensityFigure(data: IntensityData, options: FigureOptions = {}): FigureElement {
  const { document = defaultDocument(), width = 420, height = 300 } = options;
  const percent = (share: number) => 100 * share;
  const overall = data.checkpoints.flatMap((checkpoint) =>
    data.weightShare.map((share, i) => ({
      x: percent(share),
      y: percent(checkpoint.importanceShare[i]),
      epoch: checkpoint.epoch,
    }))
  );
  const layered = data.layers.flatMap((layer) =>
    data.weightShare.map((share, i) => ({
      x: percent(share),
      y: percent(layer.importanceShare[i]),
      layer: layer.name,
    }))
  );
  const axes = {
    x: { label: "weights, most important first (%)", domain: [0, 100] },
    y: { label: "share of total importance (%)", domain: [0, 100], grid: true },
  };
  const carriers = percent(data.carriers80);
  const mark80 = [
    Plot.ruleY([80], { stroke: "#bbb", strokeDasharray: "3,3" }),
    Plot.ruleX([carriers], { stroke: "#bbb", strokeDasharray: "3,3" }),
  ];
  const left = Plot.plot({
    document,
    width,
    height,
    ...axes,
    color: {
      type: "sequential",
      scheme: "blues",
      legend: true,
      label: "epoch",
      domain: [
        Math.min(...data.checkpoints.map((c) => c.epoch)) - 0.5,
        Math.max(...data.checkpoints.map((c) => c.epoch)),
      ],
    },
    marks: [
      ...mark80,
      Plot.line(overall, { x: "x", y: "y", z: "epoch", stroke: "epoch", strokeWidth: 1.5 }),
    ],
  }) as unknown as FigureElement;
  const right = Plot.plot({
    document,
    width,
    height,
    ...axes,
    color: { type: "ordinal", scheme: "tableau10", legend: true },
    marks: [
      ...mark80,
      Plot.line(layered, { x: "x", y: "y", z: "layer", stroke: "layer", strokeWidth: 1.5 }),
    ],
  }) as unknown as FigureElement;
  return panelRow(
    document,
    [left, right],
    `${+carriers.toPrecision(3)}% of the weights carry 80% of the importance |w · dL/dw| ` +
      `(dashed lines). Left: all weights, one curve per checkpoint; right: per layer.`,
  );
}
