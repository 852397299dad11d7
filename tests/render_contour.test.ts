// Contour figures: lines sit where the values are (orientation on non-square grids),
// non-finite cells never crash the figure, and bad options fail with clear messages.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  contourFigure,
  createFigureDocument,
  type FigureElement,
  heatmapFigure,
  renderSvg,
} from "../lib/render/mod.ts";
import { sampleBowlLandscape, sampleSliceLandscape } from "../lib/render/sample_data.ts";
import type { Landscape } from "../lib/scan/landscape.ts";

const nx = 9, ny = 5;
const xs = Array.from({ length: nx }, (_, i) => -2 + 0.5 * i);
const ys = Array.from({ length: ny }, (_, j) => -1 + 0.5 * j);

function plane(value: (x: number, y: number) => number): Landscape {
  const grid = Float32Array.from(
    { length: nx * ny },
    (_, k) => value(xs[k % nx], ys[Math.floor(k / nx)]),
  );
  return {
    plane: "random",
    xcoordinates: xs,
    ycoordinates: ys,
    xlabel: "x",
    ylabel: "y",
    metrics: { train_loss: grid },
  };
}

type Scaled = FigureElement & { scale(name: string): { apply(value: number): number } };

/** Every vertex of every contour path, in pixels, grouped by path. */
function contourVertices(figure: FigureElement): [number, number][][] {
  const group = /aria-label="contour">(.*?)<\/g>/s.exec(renderSvg(figure))?.[1] ?? "";
  return [...group.matchAll(/ d="([^"]*)"/g)].map(([, d]) =>
    [...d.matchAll(/[ML](-?[\d.e-]+),(-?[\d.e-]+)/g)].map(([, x, y]) => [Number(x), Number(y)])
  );
}

/** Vertices strictly inside the frame (the grid border's closing edges lie outside). */
function insideFrame(figure: FigureElement, vertices: [number, number][]) {
  const { scale } = figure as Scaled;
  const [left, right] = [scale("x").apply(xs[0]), scale("x").apply(xs[nx - 1])];
  const [bottom, top] = [scale("y").apply(ys[0]), scale("y").apply(ys[ny - 1])];
  return vertices.filter(([x, y]) =>
    x > left + 0.5 && x < right - 0.5 && y > top + 0.5 && y < bottom - 0.5
  );
}

describe("contour figure", () => {
  it("draws a y-only landscape as horizontal lines at the right heights on a non-square grid", () => {
    // value = 3 + y is linear, so the level t lies exactly at y = t - 3.
    const levels = [2.25, 3.25, 3.75];
    const figure = contourFigure(plane((_, y) => 3 + y), {
      levels,
      document: createFigureDocument(),
    });
    const paths = contourVertices(figure);
    assert.equal(paths.length, levels.length);
    const y = (figure as Scaled).scale("y");
    paths.forEach((vertices, k) => {
      const inside = insideFrame(figure, vertices);
      assert.ok(inside.length >= nx - 2, `level ${levels[k]}: ${inside.length} vertices inside`);
      for (const [, py] of inside) assert.ok(Math.abs(py - y.apply(levels[k] - 3)) < 0.01, `${py}`);
    });
  });

  it("draws an x-only landscape as vertical lines", () => {
    const levels = [4.25, 5.75];
    const figure = contourFigure(plane((x) => 5 + x), { levels, document: createFigureDocument() });
    const x = (figure as Scaled).scale("x");
    contourVertices(figure).forEach((vertices, k) => {
      const inside = insideFrame(figure, vertices);
      assert.ok(inside.length >= ny - 2);
      for (const [px] of inside) assert.ok(Math.abs(px - x.apply(levels[k] - 5)) < 0.01, `${px}`);
    });
  });

  it("renders landscapes with non-finite cells (grey, with a note) without throwing", () => {
    const holes = plane((x, y) =>
      (x > 1 && y > 0) || (x === -1 && y === 0) ? NaN : 1 + x * x + y * y
    );
    const nanCount = holes.metrics.train_loss.filter(Number.isNaN).length;
    const svg = renderSvg(contourFigure(holes, { document: createFigureDocument() }));
    const rects = /aria-label="rect"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? "";
    assert.equal(rects.match(/<rect /g)?.length, nanCount);
    assert.match(svg, /Grey cells: loss not finite/);
    assert.ok(
      contourVertices(contourFigure(holes, { document: createFigureDocument() })).length > 0,
    );

    const diverged = sampleBowlLandscape({ nx: 15, ny: 11, nanAbove: 1 });
    assert.doesNotThrow(() => renderSvg(contourFigure(diverged)));
    const allNaN = plane(() => NaN);
    assert.doesNotThrow(() => renderSvg(contourFigure(allNaN)));
    assert.doesNotThrow(() => renderSvg(heatmapFigure(allNaN)));
    assert.doesNotThrow(() => renderSvg(contourFigure(plane(() => 1))));
  });

  it("draws accuracy with quantile levels and a linear colour scale", () => {
    const bowl = sampleBowlLandscape({ nx: 15, ny: 11 });
    const svg = renderSvg(contourFigure(bowl, { metric: "test_acc", levels: 5 }));
    assert.match(svg, /quantile-spaced levels/);
    assert.equal(contourVertices(contourFigure(bowl, { metric: "test_acc", levels: 5 })).length, 5);
  });

  it("fails clearly on a 1D landscape, an unknown metric or an unknown option word", () => {
    assert.throws(() => contourFigure(sampleSliceLandscape({ nx: 5 })), {
      name: "TypeError",
      message: "A 2D landscape is needed: got a 1D one (ycoordinates is null)",
    });
    assert.throws(() => contourFigure(plane(() => 1), { metric: "val_loss" }), {
      name: "RangeError",
      message: `Metric "val_loss" is not in the landscape: expected one of train_loss`,
    });
    assert.throws(
      // @ts-expect-error: an invalid word on purpose
      () => contourFigure(plane(() => 1), { spacing: "cubic" }),
      {
        name: "TypeError",
        message: `Option spacing must be one of auto, log, quantile, linear: got "cubic"`,
      },
    );
    assert.throws(
      // @ts-expect-error: an invalid word on purpose
      () => heatmapFigure(plane(() => 1), { scale: "sqrt" }),
      { name: "TypeError", message: `Option scale must be one of auto, log, linear: got "sqrt"` },
    );
  });
});
