import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { loadCsvDataset, parseCsvDataset } from "../lib/data/csv.ts";

const dir = ".tmp/data_csv_test";
const path = (name: string) => `${dir}/${name}`;

before(() => mkdirSync(dir, { recursive: true }));

describe("CSV files", () => {
  it("reads a header row, numeric cells, the label column by name or index", async () => {
    writeFileSync(path("data.csv"), 'x1,"label",x2\r\n1.5,1,-2\n3,0,4e-1\n\n');
    const byName = await loadCsvDataset({ file: path("data.csv"), label: "label" });
    const byIndex = await loadCsvDataset({ file: path("data.csv"), label: 1, classes: 3 });
    assert.deepEqual([...byName.x], [1.5, -2, 3, Math.fround(0.4)]);
    assert.deepEqual([...byName.y], [1, 0]);
    assert.equal(byName.features, 2);
    assert.equal(byName.classes, 2);
    assert.deepEqual(byIndex.x, byName.x);
    assert.equal(byIndex.classes, 3);
    writeFileSync(path("last.csv.gz"), gzipSync("a,b\n0.25,1\n"));
    const last = await loadCsvDataset({ file: path("last.csv.gz") });
    assert.deepEqual([...last.x, ...last.y], [0.25, 1]);
  });

  it("names row and column of a non-numeric cell, a short row, a bad label or a missing column", async () => {
    const rows = ["x1,x2,x3,y", ...Array.from({ length: 15 }, () => "0,1,2,0"), "0,1,abc,1"];
    writeFileSync(path("data.csv"), rows.join("\n"));
    await assert.rejects(loadCsvDataset({ file: path("data.csv"), label: "y" }), {
      name: "LosscapeError",
      message: `${path("data.csv")}: row 17, column "x3": expected a number, got "abc"`,
    });
    writeFileSync(path("data.csv"), "a,y\n1,0\n2\n");
    await assert.rejects(loadCsvDataset({ file: path("data.csv") }), {
      message: `${path("data.csv")}: row 3: expected 2 cells like the header, got 1`,
    });
    writeFileSync(path("data.csv"), "a,y\n1,0\n2,0.5\n");
    await assert.rejects(loadCsvDataset({ file: path("data.csv") }), {
      message: `${path("data.csv")}: row 3, column "y": expected an integer label >= 0, got 0.5`,
    });
    writeFileSync(path("data.csv"), "a,y\n1,0\n2,4\n");
    await assert.rejects(loadCsvDataset({ file: path("data.csv"), classes: 3 }), {
      message: `${path("data.csv")}: row 3, column "y": expected an integer label in [0, 3), got 4`,
    });
    writeFileSync(path("data.csv"), "a,y\n1,0\nNaN,1\n");
    await assert.rejects(
      loadCsvDataset({ file: path("data.csv") }),
      /row 3, column "a": expected a number, got "NaN"/,
    );
    await assert.rejects(loadCsvDataset({ file: path("data.csv"), label: "class" }), {
      message: `${
        path("data.csv")
      }: expected a label column "class" among 2 columns ("a", "y"), found none`,
    });
    await assert.rejects(
      loadCsvDataset({ file: path("missing.csv") }),
      /missing\.csv: file not found/,
    );
    assert.throws(() => parseCsvDataset("a,y\n", "empty.csv"), {
      message: "empty.csv: expected a header row and at least one data row, got only the header",
    });
  });
});
