// The report: every section present, missing data skipped, text escaped, nothing fetched.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { buildReport, createFigureDocument } from "../lib/render/mod.ts";
import { escapeHtml, formatSeconds, formatValue } from "../lib/render/html.ts";
import {
  sampleBowlLandscape,
  sampleHistory,
  samplePath,
  sampleSliceLandscape,
} from "../lib/render/sample_data.ts";

const SECTIONS = ["run", "training", "slice", "random-plane", "pca-plane"];

function fullReport(): string {
  const pcaPlane = sampleBowlLandscape({ nx: 15, ny: 11, seed: 2, plane: "pca" });
  pcaPlane.xlabel = `PC1 (91.2%) <img src="http://example.com/x.png">`;
  pcaPlane.ylabel = "PC2 (5.4%)";
  return buildReport({
    title: `Run <script>alert("x")</script> & co`,
    history: sampleHistory(5),
    slice: sampleSliceLandscape({ nx: 21 }),
    randomPlane: sampleBowlLandscape({ nx: 15, ny: 15, nanAbove: 2.5 }),
    pcaPlane,
    path: samplePath(5),
    settings: { model: "<mlp>", layers: [784, 128, 10], lr: 0.001, extra: { a: 1 }, none: null },
    timings: { "scan <grid>": 0.25, train: 38.21 },
    document: createFigureDocument(),
  });
}

describe("report", () => {
  const html = fullReport();

  it("holds every section with its figure", () => {
    assert.ok(html.startsWith("<!DOCTYPE html>"));
    for (const id of SECTIONS) assert.match(html, new RegExp(`<section id="${id}">`));
    for (const heading of ["Training curves", "1D slice", "Random plane", "PCA plane"]) {
      assert.ok(html.includes(heading), heading);
    }
    // Every grid is drawn: train and test loss on both planes, accuracies as heat maps.
    assert.equal(html.match(/aria-label="contour"/g)?.length, 4);
    assert.equal(html.match(/aria-label="raster"/g)?.length, 6);
    assert.match(html, /91\.2% and 5\.4% of its variance/);
    assert.ok(html.includes(`xmlns="http://www.w3.org/2000/svg"`));
  });

  it("is self-contained: no scripts, stylesheets, fonts or links to fetch", () => {
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<link/i);
    assert.doesNotMatch(html, /@import|@font-face|url\(\s*["']?(https?:)?\/\//i);
    // Check the attributes of real tags only: escaped text has no "<" to start one.
    for (const [tag] of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
      assert.doesNotMatch(tag, /^<(img|iframe|object|embed|script|link)\b/i);
      for (const [, value] of tag.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/gi)) {
        assert.ok(value.startsWith("data:") || value.startsWith("#"), value.slice(0, 40));
      }
      assert.doesNotMatch(tag, /\b(?:src|href)\s*=\s*'?(?:https?:)?\/\//i);
    }
  });

  it("escapes every text it places", () => {
    assert.ok(
      html.includes(
        "<title>Run &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</title>",
      ),
    );
    assert.ok(html.includes("<td>&lt;mlp&gt;</td>"));
    assert.ok(html.includes(`PC1 (91.2%) &lt;img src="http://example.com/x.png"&gt;`));
    assert.ok(html.includes("<td>784, 128, 10</td>"));
    assert.ok(html.includes("<td>scan &lt;grid&gt;</td><td>250 ms</td>"));
    assert.ok(html.includes("<td>train</td><td>38.2 s</td>"));
    assert.ok(html.includes("<td>{&quot;a&quot;:1}</td>"));
  });

  it("says how the directions were made, from their axis labels (--norm, a file)", () => {
    const slice = sampleSliceLandscape({ nx: 11 });
    slice.xlabel = "step along random direction 1 (layer-normalised)";
    const randomPlane = sampleBowlLandscape({ nx: 7, ny: 7 });
    randomPlane.xlabel = "direction 1 (from file)";
    randomPlane.ylabel = "direction 2 (random)";
    const html = buildReport({ slice, randomPlane, document: createFigureDocument() });
    assert.match(html, /along random direction 1 \(layer-normalised\) through the minimum\./);
    assert.match(html, /The plane of direction 1 \(from file\) and direction 2 \(random\) through/);
    assert.doesNotMatch(html, /filter-normalised direction/);
  });

  it("skips the sections whose data is missing", () => {
    const only = buildReport({ title: "t", history: sampleHistory(3) });
    assert.match(only, /<section id="training">/);
    for (const id of ["run", "slice", "random-plane", "pca-plane"]) {
      assert.ok(!only.includes(`<section id="${id}">`), id);
    }
    const empty = buildReport({});
    assert.ok(!empty.includes("<section"));
    assert.match(empty, /<h1>losscape report<\/h1>/);
    const pcaOnly = buildReport({ pcaPlane: sampleBowlLandscape({ nx: 9, ny: 9 }) });
    assert.match(pcaOnly, /no path given/);
  });
});

describe("report text helpers", () => {
  it("escapes, formats values and durations", () => {
    assert.equal(escapeHtml(`a<b>&"c"'`), "a&lt;b&gt;&amp;&quot;c&quot;&#39;");
    assert.equal(formatValue(0.1 + 0.2), "0.3");
    assert.equal(formatValue(undefined), "—");
    assert.equal(formatValue(true), "true");
    assert.equal(formatSeconds(0.0123), "12.3 ms");
    assert.equal(formatSeconds(3.4167), "3.42 s");
    assert.equal(formatSeconds(245.2), "4 min 05 s");
    assert.equal(formatSeconds(179.6), "3 min 00 s");
    assert.equal(formatSeconds(NaN), "—");
  });
});
