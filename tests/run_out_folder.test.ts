// One folder, one run: a run that diverges or is interrupted never leaves a folder that mixes
// two runs; a finished training is reused and an interrupted scan resumes, saying so; --run
// refuses flags that cannot apply and points from a scan's folder to its run/.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runScan, type RunScanOptions } from "../lib/run/run_scan.ts";
import { scanWorkers } from "../lib/run/scan_workers.ts";
import { EARLIER_FOLDER } from "../lib/run/out_folder.ts";
import { LosscapeError } from "../lib/errors.ts";

const dir = ".tmp/run_folder_test";
const base: RunScanOptions = {
  dataset: "moons",
  syntheticSize: 200,
  epochs: 3,
  grid: 5,
  samples: 100,
  workers: 1,
};

const exists = (path: string) => Deno.stat(path).then(() => true, () => false);
const readJson = async (path: string) => JSON.parse(await Deno.readTextFile(path));

/** The one folder of results moved aside in `out`. */
async function earlier(out: string): Promise<string> {
  const moved = await Array.fromAsync(Deno.readDir(`${out}/${EARLIER_FOLDER}`));
  assert.equal(moved.length, 1, moved.map((entry) => entry.name).join(", "));
  return `${out}/${EARLIER_FOLDER}/${moved[0].name}`;
}

describe("one run per folder", () => {
  it("a diverged run moves the earlier run aside whole; the folder holds only the failed run", async () => {
    const out = `${dir}/diverged`;
    await Deno.remove(out, { recursive: true }).catch(() => {});
    await runScan({ ...base, out });
    const notes: string[] = [];
    await assert.rejects(
      runScan({ ...base, lr: 1e30, out, onNote: (line) => notes.push(line) }),
      (error: unknown) => error instanceof LosscapeError && /diverged/.test(error.message),
    );
    const aside = await earlier(out);
    assert.ok(notes.some((line) => line.includes(aside)), notes.join("\n"));
    for (
      const name of ["report.html", "run.json", "run/model/model.json", "random", "slice", "pca"]
    ) {
      assert.ok(await exists(`${aside}/${name}`), `${name} moved aside`);
    }
    assert.equal((await readJson(`${aside}/run/settings.json`)).lr, 0.05);
    assert.match(await Deno.readTextFile(`${aside}/NOTE.txt`), /lr/);
    // What stays is the failed run alone: its settings and the checkpoints it made.
    assert.equal((await readJson(`${out}/run/settings.json`)).lr, 1e30);
    for (const name of ["report.html", "run/model", "random", "slice", "pca"]) {
      assert.ok(!(await exists(`${out}/${name}`)), `${name} of the earlier run left in place`);
    }
  });

  it("an interrupted run leaves no report of the earlier one; the rerun reuses training and resumes", async () => {
    const out = `${dir}/interrupted`;
    await Deno.remove(out, { recursive: true }).catch(() => {});
    const first = { ...base, grid: 11 };
    await runScan({ ...first, out });
    const stop = new Error("interrupted");
    const changed = { ...first, epochs: 2 };
    await assert.rejects(
      runScan({
        ...changed,
        out,
        onProgress: (stage) => {
          if (stage === "random plane") throw stop;
        },
      }),
      (error) => error === stop,
    );
    const aside = await earlier(out);
    assert.ok(await exists(`${aside}/report.html`));
    assert.ok(!(await exists(`${out}/report.html`)), "the earlier run's report stayed");
    const record = await readJson(`${out}/run.json`);
    assert.equal(record.complete, false);
    assert.equal(record.settings.epochs, 2);

    const notes: string[] = [];
    const checkpoints = await Deno.stat(`${out}/run/checkpoints.f32`);
    const rerun = await runScan({ ...changed, out, onNote: (line) => notes.push(line) });
    assert.ok(
      notes.some((line) => line.startsWith("reusing the finished training")),
      notes.join("\n"),
    );
    assert.ok(
      notes.some((line) => /^resuming scan: \d+ of 121 points done \(random plane\)$/.test(line)),
      notes.join("\n"),
    );
    assert.deepEqual((await Deno.stat(`${out}/run/checkpoints.f32`)).mtime, checkpoints.mtime);
    assert.equal(rerun.history.length, 3);
    assert.equal((await readJson(`${out}/run.json`)).complete, true);
    assert.ok(await exists(`${out}/report.html`));
    // The same command again changes nothing and moves nothing.
    await runScan({ ...changed, out });
    assert.equal((await Array.fromAsync(Deno.readDir(`${out}/${EARLIER_FOLDER}`))).length, 1);
  });

  it("--run refuses training and data flags, and points from a scan's folder to its run/", async () => {
    const trained = `${dir}/diverged/${EARLIER_FOLDER}`;
    const [entry] = await Array.fromAsync(Deno.readDir(trained));
    const scanFolder = `${trained}/${entry.name}`;
    const out = `${dir}/rescan`;
    await Deno.remove(out, { recursive: true }).catch(() => {});
    await assert.rejects(
      runScan({ run: `${scanFolder}/run`, dataset: "spirals", epochs: 3, lr: 0.1, out }),
      /^LosscapeError: --run .* scans a trained run, so --dataset, --epochs, --lr cannot apply/,
    );
    await assert.rejects(
      runScan({ run: scanFolder, out }),
      new RegExp(`did you mean ${scanFolder}/run \\(the run/ folder a scan writes\\)\\?$`),
    );
    const notes: string[] = [];
    await runScan({
      run: `${scanFolder}/run`,
      grid: 5,
      samples: 100,
      workers: 1,
      out,
      onNote: (line) => notes.push(line),
    });
    const run = await readJson(`${out}/run.json`);
    // What was used: the run's own data and training, this command's scan settings.
    assert.equal(run.settings.dataset, "moons");
    assert.equal(run.settings.syntheticSize, 200);
    assert.equal(run.settings.epochs, 3);
    assert.equal(run.settings.grid, 5);
    const html = await Deno.readTextFile(`${out}/report.html`);
    assert.match(html, /momentum, lr 0\.05 \(constant\), batch 64, 3 epochs, .*augmentation none/);
    // Nothing trained: the analyses' Worker took the run's checkpoints beside the scans.
    assert.deepEqual(notes.filter((line) => !line.startsWith("directions: cosine")), [
      "analyses: the 4 checkpoints' gradients, influence and health ran beside the scans (in a Worker)",
    ]);
  });

  it("caps workers at the number of cores", () => {
    const notes: string[] = [];
    assert.equal(scanWorkers(99, 2, (line) => notes.push(line)), 2);
    assert.equal(scanWorkers(2, 2, (line) => notes.push(line)), 2);
    assert.equal(scanWorkers(1, 8), 1);
    assert.ok(scanWorkers(0, 2) <= 2);
    assert.deepEqual(notes, [
      "--workers 99: this machine has 2 cores; using 2 (more Workers than cores only slow the scan and take memory)",
    ]);
  });
});
