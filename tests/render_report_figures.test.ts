// What the report draws: every grid of a plane (test split, accuracies), one colour scale per
// grid, the PCA plane at equal aspect with the centre mark on top, no Plot warnings.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  buildReport,
  contourFigure,
  createFigureDocument,
  type FigureElement,
  heatmapFigure,
  renderSvg,
  trainingCurvesFigure,
} from "../lib/render/mod.ts";
import {
  sampleBowlLandscape,
  sampleHistory,
  samplePath,
  sampleSliceLandscape,
} from "../lib/render/sample_data.ts";

interface PlotScale {
  type: string;
  domain: number[];
  range: number[];
}
const scaleOf = (figure: FigureElement, name: string) =>
  (figure as unknown as { scale(name: string): PlotScale }).scale(name);

/** A plane with train and test loss and accuracy grids. */
function fourGrids(plane = "random") {
  const landscape = sampleBowlLandscape({ nx: 11, ny: 9, seed: 4, plane });
  const loss = landscape.metrics.train_loss;
  landscape.metrics.test_loss = loss.map((v) => 1.2 * v + 0.05);
  landscape.metrics.train_acc = loss.map((v) => Math.exp(-v));
  landscape.metrics.test_acc = loss.map((v) => 0.9 * Math.exp(-v));
  return landscape;
}

/** Runs `draw` and returns what Plot printed with console.warn. */
function warningsOf(draw: () => unknown): string[] {
  const warnings: string[] = [];
  const saved = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(" "));
  try {
    draw();
  } finally {
    console.warn = saved;
  }
  return warnings;
}

describe("report figures", () => {
  const document = createFigureDocument();

  it("draws the test split's loss and every accuracy grid of both planes", () => {
    const html = buildReport({
      randomPlane: fourGrids(),
      pcaPlane: fourGrids("pca"),
      path: samplePath(4),
      document,
    });
    const section = (id: string) =>
      html.slice(html.indexOf(`<section id="${id}">`)).split("</section>")[0];
    const random = section("random-plane");
    assert.equal(random.match(/aria-label="contour"/g)?.length, 2, "train and test loss contours");
    assert.equal(random.match(/aria-label="raster"/g)?.length, 4, "2 loss + 2 accuracy heat maps");
    for (const metric of ["train_loss", "test_loss", "train_acc", "test_acc"]) {
      assert.ok(random.includes(metric), metric);
    }
    const pca = section("pca-plane");
    assert.equal(pca.match(/aria-label="contour"/g)?.length, 2);
    assert.equal(pca.match(/aria-label="raster"/g)?.length, 2);
  });

  it("gives the contour lines and the heat map of one grid the same colour scale", () => {
    for (const metric of ["train_loss", "test_acc"]) {
      const landscape = fourGrids();
      const contour = scaleOf(contourFigure(landscape, { metric, document }), "color");
      const heat = scaleOf(heatmapFigure(landscape, { metric, document }), "color");
      assert.equal(contour.type, heat.type, metric);
      assert.deepEqual(contour.domain, heat.domain, metric);
      assert.deepEqual(contour.range, heat.range, metric);
    }
  });

  it("keeps equal aspect on the PCA plane: one unit is as long on both axes", () => {
    const landscape = sampleBowlLandscape({ nx: 11, ny: 11, plane: "pca" });
    // A flat rectangle of a plane: x spans 6, y spans 1.
    landscape.xcoordinates = landscape.xcoordinates.map((x) => 3 * x);
    landscape.ycoordinates = landscape.ycoordinates!.map((y) => 0.5 * y);
    const path = samplePath(4);
    path.points = path.points.map((p) => ({ ...p, x: 3 * p.x, y: 0.5 * p.y }));
    const figure = contourFigure(landscape, { path, equalAspect: true, width: 600, document });
    const pixelsPerUnit = (name: string) => {
      const { domain, range } = scaleOf(figure, name);
      return Math.abs((range[1] - range[0]) / (domain[1] - domain[0]));
    };
    const ratio = pixelsPerUnit("x") / pixelsPerUnit("y");
    assert.ok(Math.abs(ratio - 1) < 1e-9, `x/y pixels per unit: ${ratio}`);
    // The whole path is inside the frame.
    const { domain } = scaleOf(figure, "y");
    for (const p of path.points) {
      assert.ok(p.y >= Math.min(...domain) && p.y <= Math.max(...domain));
    }
  });

  it("draws the centre mark above the end of the path, which lies on it", () => {
    const landscape = sampleBowlLandscape({ nx: 11, ny: 11, plane: "pca" });
    const svg = renderSvg(contourFigure(landscape, { path: samplePath(5), document }));
    const end = svg.indexOf("<title>end (epoch");
    const centre = svg.lastIndexOf("losscape-centre");
    assert.ok(end > 0 && centre > end, `centre mark at ${centre}, end star at ${end}`);
  });

  it("draws one checkpoint without Plot's warning badge or console warnings", () => {
    const history = sampleHistory(3).slice(0, 1);
    let svg = "";
    const warnings = warningsOf(() => {
      svg = renderSvg(trainingCurvesFigure(history, { document }));
      svg += renderSvg(contourFigure(sampleBowlLandscape({ nx: 5, ny: 5 }), { document }));
    });
    assert.deepEqual(warnings, []);
    assert.doesNotMatch(svg, /warning/i);
  });

  it("names the centre of an untrained network and shows notes", () => {
    const html = buildReport({
      history: sampleHistory(2).slice(0, 1),
      slice: sampleSliceLandscape({ nx: 11 }),
      randomPlane: sampleBowlLandscape({ nx: 7, ny: 7 }),
      centre: "the loaded weights",
      notes: ["No PCA plane: it needs 3 or more checkpoints & the run has 2."],
      document,
    });
    assert.match(html, /1D slice through the loaded weights/);
    assert.doesNotMatch(html, /through the minimum/);
    assert.match(html, /No PCA plane: it needs 3 or more checkpoints &amp; the run has 2\./);
  });
});
