// Normalised SVG snapshots of every chart, drawn from seeded synthetic data.
// A changed chart fails here; to accept the change, rewrite the snapshots with
//   UPDATE_SNAPSHOTS=1 deno test --allow-read=. --allow-write=tests/snapshots \
//     --allow-env=UPDATE_SNAPSHOTS tests/render_snapshot.test.ts
// and review the diff. The normal test run only reads them.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  contourFigure,
  createFigureDocument,
  type FigureElement,
  heatmapFigure,
  renderSvg,
  sampleBowlLandscape,
  sampleHistory,
  samplePath,
  sampleSliceLandscape,
  sliceFigure,
  trainingCurvesFigure,
} from "../lib/render/mod.ts";

const SNAPSHOTS = new URL("./snapshots/", import.meta.url);

function updating(): boolean {
  const permission = { name: "env", variable: "UPDATE_SNAPSHOTS" } as const;
  if (Deno.permissions.querySync(permission).state !== "granted") return false;
  return Deno.env.get("UPDATE_SNAPSHOTS") === "1";
}

/** Rounds numbers, renumbers ids and drops PNG payloads so that only real changes show. */
function normalise(markup: string): string {
  const ids = new Map<string, string>();
  const stable = (id: string) => {
    if (!ids.has(id)) ids.set(id, `id-${ids.size}`);
    return ids.get(id)!;
  };
  return markup
    .replace(/data:image\/png;base64,[A-Za-z0-9+/=]+/g, "data:image/png;base64,(pixels)")
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${stable(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${stable(id)})`)
    .replace(/\d+\.\d+(?:e[+-]?\d+)?/g, (n) => String(Number(Number(n).toFixed(2))))
    .replace(/></g, ">\n<") + "\n";
}

function assertSnapshot(name: string, figure: FigureElement): void {
  const actual = normalise(renderSvg(figure));
  const url = new URL(name, SNAPSHOTS);
  if (updating()) {
    writeFileSync(url, actual);
    return;
  }
  assert.ok(
    existsSync(url),
    `No snapshot ${fileURLToPath(url)}: run with UPDATE_SNAPSHOTS=1 (see this file's header)`,
  );
  const expected = readFileSync(url, "utf8");
  if (actual === expected) return;
  const a = actual.split("\n"), e = expected.split("\n");
  const line = a.findIndex((text, i) => text !== e[i]);
  assert.fail(
    `${name} changed at line ${line + 1}:\n  expected: ${e[line]?.slice(0, 200)}\n` +
      `  actual:   ${a[line]?.slice(0, 200)}\nRewrite with UPDATE_SNAPSHOTS=1 if intended.`,
  );
}

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
