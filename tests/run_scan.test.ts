// The default job end to end on a small grid: files, shapes, determinism and resume.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runScan } from "../lib/run/run_scan.ts";
import { decodeNpy } from "../lib/io/npy.ts";
import { readLandscapeFolder, writeLandscapeFolder } from "../lib/scan/landscape_files.ts";

const out = ".tmp/run_scan_test";
const settings = { out, grid: 5, epochs: 2, samples: 300, seed: 3 };

describe("runScan", () => {
  it("writes every landscape folder, run.json and report.html; a rerun resumes", async () => {
    await Deno.remove(out, { recursive: true }).catch(() => {});
    const first = await runScan({ ...settings, fresh: true });
    assert.equal(first.history.length, 3);
    for (const [plane, shape] of [["slice", [17]], ["random", [5, 5]], ["pca", [5, 5]]] as const) {
      const json = JSON.parse(await Deno.readTextFile(`${out}/${plane}/landscape.json`));
      assert.equal(json.format, "losscape-landscape");
      assert.equal(json.complete, true);
      assert.deepEqual(json.shape, shape);
      for (const metric of ["train_loss", "train_acc"]) {
        const npy = decodeNpy(await Deno.readFile(`${out}/${plane}/${metric}.npy`));
        assert.deepEqual(npy.shape, shape);
        assert.ok(npy.values.every(Number.isFinite), `${plane} ${metric} has non-finite values`);
      }
    }
    // The trained minimum is the centre of the random plane: its loss is the lowest there.
    const random = first.randomPlane.metrics.train_loss;
    assert.equal(random[12], Math.min(...random));
    // The projected path ends at the origin of the PCA plane.
    assert.deepEqual(first.path?.points.at(-1), { epoch: 2, x: 0, y: 0 });
    // The trajectory went to disk as it was made: checkpoints, curves and the trained model.
    const index = JSON.parse(await Deno.readTextFile(`${out}/run/checkpoints.json`));
    assert.equal(index.complete, true);
    assert.equal(index.checkpoints.length, 3);
    assert.equal((await Deno.stat(`${out}/run/checkpoints.f32`)).size, 3 * 4 * index.parameters);
    assert.ok((await Deno.stat(`${out}/run/model/model.json`)).isFile);
    const html = await Deno.readTextFile(`${out}/report.html`);
    assert.match(html, /<svg/);
    assert.match(html, /PC1 \(\d+\.\d% of variance\)/);

    // Interrupt the random plane: forget 10 points, then run again with the same settings.
    const saved = await readLandscapeFolder(`${out}/random`);
    assert.ok(saved);
    const done = saved.done.map((flag, i) => (i % 5 === 1 || i > 20 ? 0 : flag));
    const cleared = Object.fromEntries(
      Object.entries(saved.landscape.metrics).map(([key, values]) => [
        key,
        values.map((value, i) => (done[i] ? value : NaN)),
      ]),
    );
    const { format: _f, version: _v, ...metadata } = saved.json;
    await writeLandscapeFolder(`${out}/random`, {
      landscape: { ...saved.landscape, metrics: cleared },
      done,
    }, metadata);
    const second = await runScan(settings);
    const json = JSON.parse(await Deno.readTextFile(`${out}/random/landscape.json`));
    assert.equal(json.timings.resumedPoints, done.reduce((sum, flag) => sum + flag, 0));
    // Same seed, same numbers: the recomputed points equal the first run's bit for bit.
    assert.deepEqual(second.randomPlane.metrics.train_loss, first.randomPlane.metrics.train_loss);
    assert.deepEqual(second.history, first.history);
  });
});
