// Contour levels, grid bounds, and the line charts (training curves, 1D slice).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  contourLevels,
  createFigureDocument,
  renderSvg,
  sliceFigure,
  trainingCurvesFigure,
} from "../lib/render/mod.ts";
import { cellBounds, finiteExtent } from "../lib/render/grid.ts";
import { resolveLevelSpacing } from "../lib/render/levels.ts";
import {
  sampleBowlLandscape,
  sampleHistory,
  sampleSliceLandscape,
} from "../lib/render/sample_data.ts";

describe("contour levels", () => {
  it("spaces log levels geometrically strictly inside the value range", () => {
    const levels = contourLevels([0.01, 0.5, 10, NaN], { count: 5, spacing: "log" });
    assert.equal(levels.length, 5);
    const ratios = levels.slice(1).map((t, i) => t / levels[i]);
    for (const r of ratios) assert.ok(Math.abs(r - 10 ** 0.5) < 0.3, `ratio ${r}`);
    assert.ok(levels[0] > 0.01 && levels[4] < 10);
  });

  it("puts quantile levels where the values are", () => {
    const values = [...Array(90).fill(1), ...Array.from({ length: 10 }, (_, i) => 100 + i)];
    const levels = contourLevels(values.map((v, i) => v + i * 1e-3), {
      count: 3,
      spacing: "quantile",
    });
    assert.ok(levels.every((t) => t < 2), `${levels}`);
  });

  it("picks log for a positive loss and quantile otherwise", () => {
    assert.equal(resolveLevelSpacing("auto", "train_loss", 0.05), "log");
    assert.equal(resolveLevelSpacing("auto", "train_loss", 0), "quantile");
    assert.equal(resolveLevelSpacing("auto", "test_acc", 0.5), "quantile");
    assert.equal(resolveLevelSpacing("log", "test_acc", -1), "quantile");
    assert.equal(resolveLevelSpacing("linear", "train_loss", 1), "linear");
  });

  it("returns no levels for constant or empty data, and rejects bad options", () => {
    assert.deepEqual(contourLevels([2, 2, NaN]), []);
    assert.deepEqual(contourLevels([]), []);
    assert.throws(
      () => contourLevels([1, 2], { count: 0 }),
      /Level count must be a positive integer: got 0/,
    );
    // @ts-expect-error: an invalid word on purpose
    assert.throws(() => contourLevels([1, 2], { spacing: "even" }), /got "even"/);
  });
});

describe("grid helpers", () => {
  it("puts cell edges half a step beyond the first and last coordinate", () => {
    assert.deepEqual(cellBounds([-1, -0.5, 0, 0.5, 1]), [-1.25, 1.25]);
    assert.deepEqual(cellBounds([2, 1, 0]), [2.5, -0.5]);
    assert.throws(() => cellBounds([1]), /Grid axis must have at least 2 coordinates: got 1/);
    assert.throws(() => cellBounds([1, 1]), /non-zero range/);
  });

  it("finds the finite extent, ignoring NaN and infinities", () => {
    assert.deepEqual(finiteExtent(new Float32Array([NaN, 3, -Infinity, -2])), [-2, 3]);
    assert.ok(finiteExtent([NaN]).every(Number.isNaN));
  });
});

describe("line charts", () => {
  it("draws training curves: two panels, train and test, log loss axis", () => {
    const html = renderSvg(
      trainingCurvesFigure(sampleHistory(4), { document: createFigureDocument() }),
    );
    assert.equal(html.match(/aria-label="y-axis tick"/g)?.length, 2);
    assert.equal(html.match(/aria-label="line"/g)?.length, 2);
    assert.match(html, /loss \(cross-entropy, log\)/);
    assert.match(html, /accuracy \(%\)/);
    assert.match(html, />train</);
    assert.match(html, />test</);
  });

  it("draws a 1D slice with gaps for non-finite values and alpha = 0 marked", () => {
    const slice = sampleSliceLandscape({ nx: 11 });
    slice.metrics.train_loss[3] = NaN;
    slice.metrics.test_acc[9] = NaN;
    const html = renderSvg(sliceFigure(slice, { document: createFigureDocument() }));
    assert.equal(html.match(/aria-label="rule"/g)?.length, 2);
    assert.equal(html.match(/>α = 0</g)?.length, 2);
    // The train loss line breaks into two pieces around the NaN.
    const lossLines = /aria-label="line"[^>]*>(.*?)<\/g>/s.exec(html)?.[1] ?? "";
    assert.ok(lossLines.split("<path").some((p) => (p.match(/M/g)?.length ?? 0) === 2));
  });

  it("draws a slice with only a loss, and refuses 2D landscapes and empty histories", () => {
    const slice = sampleSliceLandscape({ nx: 7 });
    slice.metrics = { train_loss: slice.metrics.train_loss };
    assert.doesNotMatch(renderSvg(sliceFigure(slice)), /accuracy/);
    assert.throws(() => sliceFigure(sampleBowlLandscape({ nx: 3, ny: 3 })), {
      name: "TypeError",
      message: "A 1D landscape is needed: got a 2D one (ycoordinates is set)",
    });
    slice.metrics = { other: slice.metrics.train_loss };
    assert.throws(() => sliceFigure(slice), /A slice needs \*_loss or \*_acc metrics: got other/);
    assert.throws(() => trainingCurvesFigure([]), /Training history must not be empty: got 0/);
  });
});
