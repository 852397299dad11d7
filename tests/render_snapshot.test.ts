// Normalised SVG snapshots of every chart, drawn from seeded synthetic data.
// A changed chart fails here; to accept the change, rewrite the snapshots with
//   UPDATE_SNAPSHOTS=1 deno test --allow-read=. --allow-write=tests/snapshots \
//     --allow-env=UPDATE_SNAPSHOTS tests/render_snapshot.test.ts
// and review the diff. The normal test run only reads them.
import { describe, it } from "node:test";
import {
  contourFigure,
  createFigureDocument,
  heatmapFigure,
  sliceFigure,
  trainingCurvesFigure,
} from "../lib/render/mod.ts";
import {
  sampleBowlLandscape,
  sampleHistory,
  samplePath,
  sampleSliceLandscape,
} from "../lib/render/sample_data.ts";
import { assertSnapshot } from "./snapshot.ts";

describe("chart snapshots", () => {
  // A fresh document per chart keeps Plot's generated ids independent of test order.
  const document = () => createFigureDocument();

  it("training curves", () => {
    assertSnapshot(
      "render_training_curves.html",
      trainingCurvesFigure(sampleHistory(6, 1), { document: document() }),
    );
  });

  it("1D slice", () => {
    const slice = sampleSliceLandscape({ nx: 15, seed: 2 });
    assertSnapshot("render_slice.html", sliceFigure(slice, { document: document() }));
  });

  it("contour of a non-square plane with a training path", () => {
    const plane = sampleBowlLandscape({ nx: 13, ny: 9, seed: 3, plane: "pca" });
    plane.xlabel = "PC1 (91.2%)";
    plane.ylabel = "PC2 (5.4%)";
    const figure = contourFigure(plane, {
      path: samplePath(6, 4),
      levels: 6,
      document: document(),
    });
    assertSnapshot("render_contour_path.html", figure);
  });

  it("heat map with non-finite cells", () => {
    const plane = sampleBowlLandscape({ nx: 11, ny: 7, seed: 5, nanAbove: 3 });
    assertSnapshot("render_heatmap.html", heatmapFigure(plane, { document: document() }));
  });
});
