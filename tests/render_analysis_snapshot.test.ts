// Normalised SVG snapshots of the analysis charts, drawn from seeded synthetic data. To accept
// a change, rewrite them with
//   UPDATE_SNAPSHOTS=1 deno test --allow-read=. --allow-write=tests/snapshots \
//     --allow-env=UPDATE_SNAPSHOTS tests/render_analysis_snapshot.test.ts
// and review the diff. The normal test run only reads them.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  bandFigure,
  barFigure,
  buildReport,
  createFigureDocument,
  healthFigure,
  intensityFigure,
  magnitudeFigure,
  mosaicFigure,
  ridgelineFigure,
} from "../lib/render/mod.ts";
import { createRng } from "../lib/random.ts";
import { analyzeTrajectory } from "../lib/analysis/analyze_trajectory.ts";
import { startReportDrawer } from "../lib/render/report_drawer.ts";
import { makeSynthetic } from "../lib/data/synthetic.ts";
import { splitDataset } from "../lib/data/split.ts";
import { trainModel } from "../lib/train/train_model.ts";
import { assertSnapshot } from "./snapshot.ts";

const rng = createRng(21);
const epochs = [0, 1, 2, 3];
const curve = (steepness: number) =>
  Array.from({ length: 21 }, (_, i) => 1 - Math.exp(-steepness * (i / 20)) * (1 - i / 20));

describe("analysis chart snapshots", () => {
  const document = () => createFigureDocument();

  it("intensity curves", () => {
    const figure = intensityFigure({
      weightShare: Array.from({ length: 21 }, (_, i) => i / 20),
      checkpoints: epochs.map((epoch) => ({ epoch, importanceShare: curve(2 + 2 * epoch) })),
      layers: [{ name: "dense0", importanceShare: curve(9) }, {
        name: "dense1",
        importanceShare: curve(4),
      }],
      carriers80: 0.12,
    }, { document: document() });
    assertSnapshot("render_intensity.html", figure);
  });

  it("ridgeline and percentile bands", () => {
    const rows = epochs.map((epoch) => ({
      epoch,
      edges: Array.from({ length: 9 }, (_, i) => -1 + i / 4),
      counts: Array.from(
        { length: 8 },
        (_, i) => Math.round(50 * Math.exp(-((i - 3.5 - epoch / 3) ** 2) / 3)),
      ),
    }));
    assertSnapshot(
      "render_ridgeline.html",
      ridgelineFigure({ label: "w", rows }, { document: document() }),
    );
    const percentiles = epochs.map((epoch) =>
      [-3, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 3].map((p) => p * (1 + epoch / 4) + 0.1 * rng.normal())
    );
    assertSnapshot(
      "render_bands.html",
      bandFigure({ label: "dL/dw", epochs, percentiles }, { document: document() }),
    );
  });

  it("layer health, magnitude, bars and a mosaic", () => {
    const health = healthFigure({
      layers: ["dense0", "dense1"],
      epochs,
      measures: [
        { label: "saturation", values: epochs.map((e) => [0.5 + e / 10, 0.9]) },
        { label: "gradient norm", log: true, values: epochs.map((e) => [1 / (e + 1), null]) },
      ],
    }, { document: document() });
    assertSnapshot("render_health.html", health);
    const magnitude = magnitudeFigure({
      layers: [{ name: "dense0", edges: [0, 0.1, 0.2, 0.3], meanAbsGradient: [0.01, 0.005, NaN] }],
    }, { document: document() });
    assertSnapshot("render_magnitude.html", magnitude);
    const bars = barFigure({
      label: "signal-to-noise",
      log: true,
      bars: [{ name: "conv0", value: 0.4 }, { name: "dense0", value: 3 }],
    }, { document: document() });
    assertSnapshot("render_bars.html", bars);
    const tiles = [0, 1, 2].map((t) => ({
      label: `unit ${t}`,
      values: Float32Array.from({ length: 16 }, (_, i) => (i * (t + 1)) % 7),
    }));
    assertSnapshot(
      "render_mosaic.html",
      mosaicFigure({ tiles, height: 4, width: 4, columns: 2 }, { document: document() }),
    );
  });
});

describe("the report with analyses", () => {
  it("has the diagnosis, influence, distributions and health sections", async () => {
    const all = makeSynthetic("moons", { count: 160, seed: 8 });
    const data = splitDataset(all, { testFraction: 0.25, seed: 9 });
    const spec = {
      kind: "sequential" as const,
      inputShape: [2],
      layers: [{ type: "dense" as const, units: 8, activation: "relu" as const }, {
        type: "dense" as const,
        units: 2,
      }],
    };
    const trained = await trainModel({ spec, data, epochs: 2 });
    const analysis = await analyzeTrajectory({
      spec,
      checkpoints: trained.checkpoints,
      history: trained.history,
      data: data.train,
      analyses: ["influence", "health", "diagnosis", "noise", "feature-saliency"],
      batchSize: 16,
    });
    const html = buildReport({ history: trained.history, analysis });
    for (
      const id of ["diagnosis", "influence", "distributions", "health", "noise", "feature-saliency"]
    ) {
      assert.ok(html.includes(`<section id="${id}">`), id);
    }
    assert.ok(!html.includes(`<section id="unit-maps">`), "no maps for a non-image input");
    assert.ok(html.includes(analysis.diagnosis!.verdict));
    // Drawn ahead in the report's Worker as a scan draws them (beside its PCA plane): the same page.
    using drawer = startReportDrawer();
    drawer.draw("training", { history: trained.history });
    drawer.draw("analysis", { analysis });
    assert.equal(await drawer.build({}), html);
  });
});
