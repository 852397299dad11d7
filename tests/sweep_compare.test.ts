// A sweep of two tiny variants on a synthetic set, end to end: both run into their folders with
// sweep.json; a sweep stopped after its first variant continues with the second only; compare
// reads the sweep and writes its report; runs of different models are refused in one line.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseVary, readSweepIndex, runSweep } from "../lib/sweep/mod.ts";
import { runCompare } from "../lib/compare/mod.ts";
import { resolveSettings, runScan } from "../lib/run/mod.ts";
import { LosscapeError } from "../lib/errors.ts";

const root = ".tmp/sweep_compare_test";
const tiny = { dataset: "moons", syntheticSize: "200", epochs: "3", grid: "7", samples: "100" };

describe("deno task sweep and compare", () => {
  it("runs each variant once, resumes after a stop, and compares the variants", async () => {
    await Deno.remove(root, { recursive: true }).catch(() => {});
    const base = { ...resolveSettings(null, tiny), out: `${root}/sweep`, workers: 1, quiet: true };
    const axes = [parseVary("batch-size=16,64")];
    // Stop the sweep as the second variant starts: the first is finished, the second not begun.
    await assert.rejects(
      runSweep({
        base,
        axes,
        onVariant: (i) => {
          if (i === 1) throw new Error("stopped");
        },
      }),
      /stopped/,
    );
    const stopped = await readSweepIndex(`${root}/sweep`);
    assert.deepEqual(stopped?.variants.map((v) => [v.name, v.complete]), [
      ["batch-size=16", true],
      ["batch-size=64", false],
    ]);
    const firstReport = await Deno.stat(`${root}/sweep/batch-size=16/report.html`);
    const { ran, index } = await runSweep({ base, axes });
    assert.deepEqual(ran, ["batch-size=64"]);
    assert.deepEqual(index.variants.map((v) => v.complete), [true, true]);
    const again = await Deno.stat(`${root}/sweep/batch-size=16/report.html`);
    assert.equal(again.mtime?.getTime(), firstReport.mtime?.getTime());
    // Each variant ran with its own batch size and the shared seed and grid.
    for (const [name, batch] of [["batch-size=16", 16], ["batch-size=64", 64]] as const) {
      const run = JSON.parse(await Deno.readTextFile(`${root}/sweep/${name}/run.json`));
      assert.equal(run.complete, true);
      assert.deepEqual([run.settings.batchSize, run.settings.seed, run.settings.grid], [
        batch,
        0,
        7,
      ]);
    }
    assert.equal(index.base.batchSize, undefined);
    assert.equal(index.base.grid, 7);
    // A third pass runs nothing.
    assert.deepEqual((await runSweep({ base, axes })).ran, []);

    const { data, files } = await runCompare({
      dirs: [`${root}/sweep`],
      out: `${root}/compare`,
      grid: 9,
    });
    assert.deepEqual(data.variants.map((v) => v.label), ["batch-size=16", "batch-size=64"]);
    assert.deepEqual(data.variants.map((v) => v.differs), [{ batchSize: 16 }, { batchSize: 64 }]);
    assert.equal(data.interpolations.length, 1);
    assert.ok(data.interpolations[0].barrier.height >= 0);
    assert.equal(data.commonPlane?.paths.length, 2);
    assert.ok(files.includes(`${root}/compare/compare.html`));
    const html = await Deno.readTextFile(`${root}/compare/compare.html`);
    for (
      const id of [
        "summary",
        "training",
        "slices",
        "contours",
        "surfaces",
        "sharpness",
        "interpolation",
        "common-plane",
        "intensity",
        "health",
        "diagnosis",
      ]
    ) {
      assert.match(html, new RegExp(`<section id="${id}">`));
    }
  });

  it("refuses runs of different models in one line naming both folders, exit code 2", async () => {
    const spec = {
      kind: "sequential",
      inputShape: [2],
      layers: [{ type: "dense", units: 8, activation: "relu" }, { type: "dense", units: 2 }],
    };
    await Deno.mkdir(root, { recursive: true });
    await Deno.writeTextFile(`${root}/narrow.json`, JSON.stringify(spec));
    const other = `${root}/narrow`;
    await runScan({
      ...resolveSettings(null, tiny),
      model: `${root}/narrow.json`,
      out: other,
      workers: 1,
    });
    const first = `${root}/sweep/batch-size=16`;
    await assert.rejects(
      runCompare({ dirs: [first, other], out: `${root}/compare_bad` }),
      (error: Error) =>
        error instanceof LosscapeError && error.message.includes(first) &&
        error.message.includes(other) && /different models/.test(error.message),
    );
    const { code, stderr } = await new Deno.Command("deno", {
      args: [
        "run",
        "-q",
        "--no-prompt",
        "--allow-read=.",
        `--allow-write=${root}`,
        "cli/compare.ts",
        first,
        other,
        "--out",
        `${root}/compare_bad`,
      ],
      env: { NO_COLOR: "1" },
    }).output();
    const lines = new TextDecoder().decode(stderr).trim().split("\n");
    assert.equal(code, 2);
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.match(lines[0], /different models/);
    const missing = await new Deno.Command("deno", {
      args: [
        "run",
        "-q",
        "--no-prompt",
        "--allow-read=.",
        `--allow-write=${root}`,
        "cli/compare.ts",
        `${root}/nothing`,
        "--out",
        `${root}/compare_bad`,
      ],
      env: { NO_COLOR: "1" },
    }).output();
    assert.equal(missing.code, 2);
    assert.equal(
      new TextDecoder().decode(missing.stderr).trim(),
      `error: ${root}/nothing: no such folder`,
    );
  });
});
