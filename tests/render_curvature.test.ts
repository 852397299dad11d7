// Normalised SVG snapshots of the curvature figures, from fixed data. To accept a change:
//   UPDATE_SNAPSHOTS=1 deno test --allow-read=. --allow-write=tests/snapshots \
//     --allow-env=UPDATE_SNAPSHOTS tests/render_curvature.test.ts
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  buildReport,
  contourFigure,
  convexityFigure,
  createFigureDocument,
  curvatureHistoryFigure,
  quadraticSliceFigure,
  spectralDensityFigure,
} from "../lib/render/mod.ts";
import { sampleBowlLandscape } from "../lib/render/sample_data.ts";
import { assertSnapshot } from "./snapshot.ts";

const grid = Array.from({ length: 41 }, (_, i) => -2 + i * 0.5);
const bump = (centre: number, width: number, weight: number) =>
  grid.map((x) => weight * Math.exp(-0.5 * ((x - centre) / width) ** 2));

describe("curvature chart snapshots", () => {
  const document = () => createFigureDocument();

  it("spectral density per block", () => {
    const all = bump(0, 0.3, 1).map((y, i) => y + bump(15, 0.5, 0.02)[i]);
    assertSnapshot(
      "render_spectral_density.html",
      spectralDensityFigure([{ name: "all", grid, density: all }, {
        name: "dense0",
        grid,
        density: bump(0.5, 0.4, 0.8),
      }], { document: document() }),
    );
  });

  it("quadratic model along the top eigenvector", () => {
    const t = Array.from({ length: 21 }, (_, i) => -1 + i * 0.1);
    const model = t.map((x) => 0.2 + 2 * x * x);
    const loss = t.map((x) => 0.2 + 2 * x * x + 0.8 * x ** 3);
    assertSnapshot(
      "render_quadratic_slice.html",
      quadraticSliceFigure({ t, loss, model, eigenvalue: 4 }, { document: document() }),
    );
  });

  it("convexity map with negative curvature outlined", () => {
    const axis = [-1, -0.5, 0, 0.5, 1];
    const lambdaMin = axis.flatMap(() => axis.map((a) => 3 * a * a - 1));
    const ratio = lambdaMin.map((v) => Math.abs(v / 2));
    assertSnapshot(
      "render_convexity.html",
      convexityFigure({ xcoordinates: axis, ycoordinates: axis, ratio, lambdaMin }, {
        document: document(),
      }),
    );
  });

  it("top eigenvalue over training against 2 / lr", () => {
    const rows = [0, 1, 2, 3, 4].map((epoch) => ({
      epoch,
      topEigenvalue: 40 * (1 - Math.exp(-epoch)),
    }));
    assertSnapshot(
      "render_curvature_history.html",
      curvatureHistoryFigure(rows, 40, { document: document() }),
    );
  });

  it("contour with local minima marked", () => {
    const plane = sampleBowlLandscape({ nx: 21, ny: 21, seed: 4 });
    const minima = [{ x: 0, y: 0, label: "1" }, { x: 0.5, y: -0.5, label: "2" }];
    assertSnapshot(
      "render_contour_minima.html",
      contourFigure(plane, { minima, document: document() }),
    );
  });

  it("the report's curvature section", () => {
    const html = buildReport({
      hessian: {
        blocks: [{
          name: "all",
          size: 10,
          top: [4, 1],
          topResidual: 1e-4,
          lambdaMin: -0.5,
          minResidual: 2e-3,
          trace: 5,
          traceStandardError: 0.2,
          converged: false,
        }],
        densities: [{ name: "all", grid, density: bump(0, 0.5, 1) }],
        sharpness: { epsilon: 1e-3, sharpness: 0.3, converged: true },
        minima: [{
          plane: "random",
          landscape: sampleBowlLandscape({ nx: 11, ny: 11 }),
          points: [{ x: 0, y: 0, loss: 0.1, cells: 1, onBorder: false, lambdaMin: -0.5 }],
        }],
      },
    });
    for (
      const text of ["Curvature (Hessian)", "ε-sharpness", "not positive definite", "<td>no</td>"]
    ) {
      assert.ok(html.includes(text), text);
    }
  });
});
