// The report drawn in a Worker section by section, as a run gives its data, against the same
// report built in one go (in a fresh Worker too, so that Plot's clip-path numbers start alike,
// and on this thread up to those numbers): the same HTML. A failing section fails the build.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { buildReport, createFigureDocument } from "../lib/render/mod.ts";
import { startReportDrawer } from "../lib/render/report_drawer.ts";
import {
  sampleBowlLandscape,
  sampleHistory,
  samplePath,
  sampleSliceLandscape,
} from "../lib/render/sample_data.ts";
import type { Landscape } from "../lib/scan/landscape.ts";

const history = sampleHistory(5);
const slice = sampleSliceLandscape({ nx: 21 });
const randomPlane = sampleBowlLandscape({ nx: 15, ny: 15, nanAbove: 2.5 });
const pcaPlane = sampleBowlLandscape({ nx: 15, ny: 11, seed: 2, plane: "pca" });
const path = samplePath(5);
const centre = "the loaded weights";
const landscapes = { randomPlane, pcaPlane, settings: { surfaceLog: true, zmax: 0 } };
const rest = {
  title: "drawn <ahead>",
  notes: ["a note"],
  settings: { model: "mlp", seed: 1 },
  timings: { train: 1.5, report: 0.25 },
};

/** Plot numbers its clip paths per thread: number them by first appearance. */
function renumberClips(html: string): string {
  const seen = new Map<string, number>();
  return html.replace(/plot-clip-\d+/g, (id) => {
    if (!seen.has(id)) seen.set(id, seen.size + 1);
    return `clip-${seen.get(id)}`;
  });
}

describe("startReportDrawer", () => {
  it("draws each section as its data comes, and builds the report buildReport makes", async () => {
    let drawnAhead: string;
    {
      using drawer = startReportDrawer();
      drawer.draw("training", { history });
      drawer.draw("slice", { slice, centre });
      drawer.draw("randomPlane", { randomPlane, centre });
      drawer.draw("pcaPlane", { pcaPlane, path });
      drawer.drawLandscapes(landscapes);
      drawnAhead = await drawer.build(rest);
    }
    let inOneGo: string;
    {
      using drawer = startReportDrawer();
      drawer.drawLandscapes(landscapes);
      inOneGo = await drawer.build({
        ...rest,
        history,
        slice,
        randomPlane,
        pcaPlane,
        path,
        centre,
      });
    }
    assert.equal(drawnAhead, inOneGo);
    for (const id of ["training", "slice", "random-plane", "pca-plane", "surfaces"]) {
      assert.ok(drawnAhead.includes(`<section id="${id}">`), id);
    }
    // The planes' clip paths, numbered from 1 in the order they appear.
    assert.ok(drawnAhead.includes(`<clipPath id="plot-clip-2"`));
    assert.equal(renumberClips(drawnAhead), drawnAhead.replaceAll("plot-clip-", "clip-"));
    const { landscapeSections } = await import("../lib/render/landscape_sections.ts");
    const document = createFigureDocument();
    const here = buildReport({
      ...rest,
      history,
      slice,
      randomPlane,
      pcaPlane,
      path,
      centre,
      document,
      sections: landscapeSections({ ...landscapes, document }),
    });
    assert.equal(renumberClips(drawnAhead), renumberClips(here));
  });

  it("leaves out sections whose data never came", async () => {
    using drawer = startReportDrawer();
    drawer.draw("training", { history: [] });
    drawer.draw("slice", { slice });
    const html = await drawer.build({ title: "slice only" });
    assert.ok(html.includes(`<section id="slice">`));
    for (const id of ["training", "random-plane", "pca-plane", "surfaces"]) {
      assert.ok(!html.includes(`<section id="${id}">`), id);
    }
  });

  it("fails the build when a section could not be drawn, and after dispose", async () => {
    using drawer = startReportDrawer();
    const broken = { ...slice, metrics: null } as unknown as Landscape;
    drawer.draw("slice", { slice: broken });
    await assert.rejects(drawer.build({}), /drawing the report failed/);
    const other = startReportDrawer();
    other.dispose();
    await assert.rejects(other.build({}), /disposed/);
  });
});
