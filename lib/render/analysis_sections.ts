/**
 * The report's analysis sections, from an analysis result (plain data): the diagnosis, weight
 * influence (intensity curves, influence against magnitude, top weights, distributions over
 * training, unit maps), layer health, gradient noise and saliency.
 * @module
 */
import type { AnalysisResult } from "../analysis/analysis_result.ts";
import type { FigureDocument } from "./dom.ts";
import { diagnosisHtml, topWeightsTable } from "./analysis_tables.ts";
import { renderSvg } from "./svg.ts";
import { intensityFigure } from "./intensity_figure.ts";
import { magnitudeFigure } from "./magnitude_figure.ts";
import { healthFigure } from "./health_figure.ts";
import { barFigure } from "./bar_figure.ts";
import { distributionsFigure, unitMapsFigure } from "./influence_panels.ts";
import { saliencyFigure } from "./saliency_figure.ts";
import { ridgelineFigure } from "./distribution_figures.ts";
import { panelRow } from "./panels.ts";

/** A report section: id, heading, body HTML and a note. */
export type Section = [id: string, heading: string, body: string, note: string];

/**
 * Builds the analysis sections of the report.
 *
 * @param result What the analyses found.
 * @param document The document to draw figures in.
 * @returns The sections, in report order (only those with data).
 * @example
 * ```ts
 * import { analysisSections } from "./analysis_sections.ts";
 * import { createFigureDocument } from "./dom.ts";
 * console.log(analysisSections({ analyses: [], samples: 1, focus: 0, checkpoints: [], layers: [] }, createFigureDocument()).length); // 0
 * ```
 */
export function analysisSections(result: AnalysisResult, document: FigureDocument): Section[] {
  const sections: Section[] = [];
  const epochs = result.checkpoints.map((c) => c.epoch);
  const focusEpoch = +(epochs[result.focus] ?? 0).toFixed(2);
  const where = `on ${result.samples} training samples`;
  if (result.diagnosis) {
    sections.push(["diagnosis", "Diagnosis", diagnosisHtml(result.diagnosis), ""]);
  }
  const influence = result.influence;
  if (influence) {
    const per = influence.perCheckpoint;
    const intensity = intensityFigure({
      weightShare: per[0].intensity.map((_, i) => i / (per[0].intensity.length - 1)),
      checkpoints: per.map((c, i) => ({ epoch: epochs[i], importanceShare: c.intensity })),
      layers: result.layers.map((l, i) => ({
        name: l.name,
        importanceShare: per[result.focus].layers[i].intensity,
      })),
      carriers80: per[result.focus].carriers80,
    }, { document });
    const magnitude = magnitudeFigure({
      layers: result.layers.map((l, i) => ({ name: l.name, ...influence.magnitude[i] })),
    }, { document });
    sections.push([
      "influence",
      "Weight influence",
      `${
        renderSvg(intensity)
      }\n<h3>Influence against weight magnitude (epoch ${focusEpoch})</h3>\n${
        renderSvg(magnitude)
      }\n<h3>The ${influence.top.length} most influential weights (epoch ${focusEpoch})</h3>\n${
        topWeightsTable(influence.top)
      }`,
      `First-order importance |w · dL/dw| (how much the loss moves, to first order, if the ` +
      `weight is removed), from the gradient of the mean loss ${where}.`,
    ]);
    sections.push([
      "distributions",
      "Gradients and weights over training",
      renderSvg(distributionsFigure(result, document)),
      "Per layer: histograms at each checkpoint (ridgelines, later checkpoints lower) of the " +
      "gradient, of log10 |gradient| and of the weights; and their percentile bands (min-max, " +
      "7-93, 16-84, 31-69, median) against the epoch.",
    ]);
    if (influence.maps.length > 0) {
      sections.push([
        "unit-maps",
        "Per-unit importance maps",
        unitMapsFigure(result, document).map((f) => renderSvg(f)).join("\n"),
        `For each output unit (or filter) with the largest total importance, the importance of ` +
        `its incoming weights over the layer's input (epoch ${focusEpoch}); each map is scaled ` +
        `to its own maximum.`,
      ]);
    }
  }
  const health = result.health;
  if (health) {
    const pick = (
      key: "saturation" | "deadFraction" | "weightNorm" | "gradientNorm" | "updateRatio",
    ) => health.perCheckpoint.map((row) => row.map((entry) => entry[key]));
    const figure = healthFigure({
      layers: health.layers,
      epochs,
      measures: [
        { label: "saturation (delve, 99% variance)", values: pick("saturation") },
        { label: "dead ReLU units (share)", values: pick("deadFraction") },
        { label: "weight norm ||w||", values: pick("weightNorm") },
        { label: "gradient norm ||dL/dw||", values: pick("gradientNorm"), log: true },
        { label: "update ratio ||Δw|| / ||w||", values: pick("updateRatio"), log: true },
      ],
    }, { document });
    const activations = panelRow(
      document,
      health.layers.map((name, l) =>
        ridgelineFigure({
          label: `${name} outputs`,
          rows: health.activations[l].map((h, c) => ({ epoch: epochs[c], ...h })),
        }, { document, width: 200, height: 200 })
      ),
      "Histograms of each layer's outputs at every checkpoint (a strided sample of 4,096 values).",
    );
    sections.push([
      "health",
      "Layer health",
      `${renderSvg(figure)}\n${renderSvg(activations)}`,
      `Saturation: eigen-directions of the output covariance needed for 99% of its variance, ` +
      `over the layer's width (conv: channels over positions). Dead: ReLU units never active ` +
      `${where}.`,
    ]);
  }
  if (result.noise) {
    const noise = result.noise;
    sections.push([
      "noise",
      "Gradient noise",
      renderSvg(barFigure({
        label: "signal-to-noise ||G||² / E||g_b − G||²",
        log: true,
        bars: noise.layers.map((l) => ({ name: l.layer, value: l.signalToNoise })),
      }, { document })),
      `Mini-batch gradients (batch ${noise.batchSize}, ${noise.batches} disjoint batches) ` +
      `around the full-batch gradient G, epoch ${focusEpoch}. Below 1, one batch's gradient is ` +
      `mostly noise.`,
    ]);
  }
  if (result.saliency) {
    sections.push([
      "saliency",
      "Input saliency",
      renderSvg(saliencyFigure(result.saliency, document)),
      `Test images (true and predicted label, ✗ when wrong; half right, half wrong where there are enough), |dL/dx| (vanilla gradient) and ` +
      `SmoothGrad (${result.saliency.copies} copies, noise σ ${+result.saliency.noiseStd
        .toPrecision(3)}), each map scaled to its own maximum.`,
    ]);
  }
  if (result.featureSaliency) {
    const values = Array.from(result.featureSaliency);
    sections.push([
      "feature-saliency",
      "Input saliency per feature",
      renderSvg(barFigure({
        label: "mean |dL/dx|",
        bars: values.map((value, i) => ({ name: `feature ${i}`, value })),
      }, { document })),
      `Mean |dL/dx| per input feature ${where} (epoch ${focusEpoch}).`,
    ]);
  }
  return sections;
}
