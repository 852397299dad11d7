/**
 * Training curves: train and test loss and accuracy per epoch, in two panels.
 * @module
 */
import * as Plot from "npm:@observablehq/plot@0.6.17";
import type { EpochRecord } from "../train/history.ts";
import { defaultDocument, type FigureElement } from "./dom.ts";
import { finiteExtent } from "./grid.ts";
import { type FigureOptions, resolveValueScale, type ValueScale } from "./options.ts";
import { panelRow, splitColorScale } from "./panels.ts";

/** Options of {@link trainingCurvesFigure}. */
export interface TrainingCurvesOptions extends FigureOptions {
  /** Loss axis; `"auto"` is log when every loss is positive (default `"auto"`). */
  lossScale?: ValueScale;
}

interface CurvePoint {
  epoch: number;
  split: string;
  value: number;
}

/** Integer epoch ticks: every epoch when there are few, else Plot's choice. */
function epochAxis(epochs: number[]) {
  const [first, last] = finiteExtent(epochs);
  const ticks = last - first <= 12 ? epochs : undefined;
  return { label: "epoch", ticks, tickFormat: "d", nice: false };
}

/**
 * Draws loss (left) and accuracy (right) against the epoch, train and test in two
 * colours with a legend. Non-finite values leave gaps.
 *
 * @param history One record per epoch, as recorded by training.
 * @param options Loss axis scale, panel size and document.
 * @returns A `<figure>` with the two panels side by side.
 * @example
 * ```ts
 * import { renderSvg, trainingCurvesFigure } from "./mod.ts";
 * import { sampleHistory } from "./sample_data.ts";
 * const html = renderSvg(trainingCurvesFigure(sampleHistory(5)));
 * console.log(html.includes("accuracy")); // true
 * ```
 */
export function trainingCurvesFigure(
  history: readonly EpochRecord[],
  options: TrainingCurvesOptions = {},
): FigureElement {
  const { lossScale = "auto", document = defaultDocument(), width = 420, height = 280 } = options;
  if (history.length === 0) throw new RangeError("Training history must not be empty: got 0");
  const epochs = history.map((r) => r.epoch);
  const loss: CurvePoint[] = history.flatMap((r) => [
    { epoch: r.epoch, split: "train", value: r.trainLoss },
    { epoch: r.epoch, split: "test", value: r.testLoss },
  ]);
  const accuracy: CurvePoint[] = history.flatMap((r) => [
    { epoch: r.epoch, split: "train", value: 100 * r.trainAcc },
    { epoch: r.epoch, split: "test", value: 100 * r.testAcc },
  ]);
  const lossType = resolveValueScale(lossScale, "loss", finiteExtent(loss.map((p) => p.value))[0]);
  const color = splitColorScale(["train", "test"]);
  const panel = (points: CurvePoint[], y: Record<string, unknown>) =>
    Plot.plot({
      document,
      width,
      height,
      marginLeft: 48,
      x: epochAxis(epochs),
      y: { grid: true, nice: true, ...y },
      color,
      marks: [
        Plot.line(points, {
          x: "epoch",
          y: "value",
          z: "split",
          stroke: "split",
          strokeWidth: 1.75,
        }),
        Plot.dot(points, { x: "epoch", y: "value", stroke: "split", fill: "white", r: 2.5 }),
      ],
    }) as unknown as FigureElement;
  return panelRow(document, [
    panel(loss, {
      type: lossType,
      ...(lossType === "log" ? { nice: false, inset: 6 } : {}),
      tickFormat: "~g",
      label: `loss (cross-entropy${lossType === "log" ? ", log" : ""})`,
    }),
    panel(accuracy, { label: "accuracy (%)" }),
  ]);
}
