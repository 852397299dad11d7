// `deno task scan --hessian` end to end on a small synthetic run (files, shapes, determinism,
// --run DIR), and bad curvature settings: one line naming the flag, exit code 2.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runScan } from "../lib/run/run_scan.ts";
import { decodeNpy } from "../lib/io/npy.ts";
import { parseCommand } from "../cli/args.ts";
import { loadTfjs } from "../lib/train/tfjs.ts";

const out = ".tmp/curvature_run_test";
// Scan settings (a saved run takes only these) and the run's own data and training.
const scanSettings = {
  grid: 5,
  samples: 100,
  workers: 1,
  hessianIterations: 30,
  hessianTraceVectors: 12,
  hessianDensityRuns: 2,
};
const small = { ...scanSettings, dataset: "moons", syntheticSize: 200, epochs: 2, seed: 2 };

async function runCli(args: string[]) {
  const output = await new Deno.Command("deno", {
    args: ["run", "--no-prompt", "--allow-read=.", "--allow-write=out", "cli/main.ts", ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: output.code, stderr: new TextDecoder().decode(output.stderr) };
}

describe("scan --hessian", () => {
  it("writes spectrum.json, density.npy, eigenvectors, eigen-direction scans, the convexity map", async () => {
    const tf = await loadTfjs();
    await Deno.remove(out, { recursive: true }).catch(() => {});
    // A plain run first: the curvature stage must add no tensors to what a run leaves behind.
    let before = tf.memory().numTensors;
    await runScan({ ...small, out: `${out}_plain`, fresh: true });
    const plainRun = tf.memory().numTensors - before;
    before = tf.memory().numTensors;
    const result = await runScan({
      ...small,
      out,
      fresh: true,
      hessian: true,
      directions: "hessian",
      convexityGrid: 3,
      hessianCheckpoints: true,
      minimaHessian: true,
      hessianEigenvectors: true,
    });
    assert.equal(tf.memory().numTensors - before, plainRun, "no tensor leaked");
    assert.ok(result.files.includes(`${out}/hessian/`));
    const spectrum = JSON.parse(await Deno.readTextFile(`${out}/hessian/spectrum.json`));
    const names = spectrum.blocks.map((b: { name: string }) => b.name);
    assert.deepEqual(names, ["all", "dense0", "dense1"]);
    const all = spectrum.blocks[0];
    assert.equal(all.top.eigenvalues.length, 5);
    assert.ok(
      all.top.eigenvalues.every((v: number, i: number, a: number[]) => i === 0 || v <= a[i - 1]),
    );
    assert.ok(all.smallest.eigenvalues[0] <= all.top.eigenvalues[4] + 1e-6);
    assert.ok(all.trace.standardError > 0 && all.trace.iterations <= 12);
    assert.equal(typeof all.top.converged, "boolean");
    // Blocks: the sum of the layer traces estimates the total trace.
    const density = decodeNpy(await Deno.readFile(`${out}/hessian/density.npy`));
    assert.deepEqual(density.shape, [3, 2, 500]);
    const eigenvectors = decodeNpy(await Deno.readFile(`${out}/hessian/eigenvectors.npy`));
    assert.equal(eigenvectors.shape[0], 3);
    assert.equal(eigenvectors.shape[1], 5);
    for (const name of ["convexity_ratio", "lambda_min", "lambda_max"]) {
      assert.deepEqual(decodeNpy(await Deno.readFile(`${out}/hessian/${name}.npy`)).shape, [3, 3]);
    }
    const plane = JSON.parse(await Deno.readTextFile(`${out}/hessian/plane/landscape.json`));
    assert.deepEqual(plane.shape, [5, 5]);
    assert.equal(plane.directions.kind, "hessian");
    assert.equal(spectrum.checkpoints.rows.length, 3);
    assert.equal(spectrum.checkpoints.threshold, 2 / 0.05);
    assert.ok(Array.isArray(spectrum.minima.random) && spectrum.minima.random.length >= 1);
    assert.equal(typeof spectrum.minima.random[0].lambdaMin, "number");
    assert.ok(spectrum.sharpness.sharpness >= 0);
    const html = await Deno.readTextFile(`${out}/report.html`);
    for (const text of ["Curvature (Hessian)", "Convexity map", "Local minima", "2 / lr"]) {
      assert.ok(html.includes(text), text);
    }
  });

  it("writes the convexity map alone into a fresh folder (no other curvature flag)", async () => {
    const alone = `${out}_convexity`;
    await runScan({ ...small, out: alone, fresh: true, convexityGrid: 3 });
    const npy = await Deno.readFile(`${alone}/hessian/convexity_ratio.npy`);
    assert.ok(npy.length > 0);
  });

  it("gives the same spectrum again from the saved run (--run DIR), bit for bit", async () => {
    const again = `${out}_again`;
    await runScan({ ...scanSettings, run: `${out}/run`, out: again, fresh: true, hessian: true });
    const first = JSON.parse(await Deno.readTextFile(`${out}/hessian/spectrum.json`));
    const second = JSON.parse(await Deno.readTextFile(`${again}/hessian/spectrum.json`));
    assert.deepEqual(second.blocks[0].top.eigenvalues, first.blocks[0].top.eigenvalues);
    assert.deepEqual(second.blocks[1].trace, first.blocks[1].trace);
  });
});

describe("bad curvature settings", () => {
  const parse = (argv: string[]) => parseCommand(argv, () => Promise.reject(new Error("none")));
  it("zero iterations, a tolerance <= 0 or a convexity grid of 1: one line naming the flag", async () => {
    await assert.rejects(
      parse(["--hessian-iterations", "0"]),
      /^LosscapeError: --hessian-iterations must be an integer >= 1: got "0"$/,
    );
    await assert.rejects(
      parse(["--hessian-tolerance", "0"]),
      /--hessian-tolerance must be a number > 0/,
    );
    await assert.rejects(
      parse(["--hessian-tolerance=-1e-3"]),
      /--hessian-tolerance must be a number > 0/,
    );
  });

  it("more eigenvalues than weights, or an unknown layer: exit code 2 and one line", async () => {
    const base = [
      "--dataset",
      "xor",
      "--synthetic-size",
      "40",
      "--epochs",
      "1",
      "--grid",
      "2",
      "--samples",
      "20",
      "--out",
      "out/.curvature-test",
      "--quiet",
      "--hessian",
    ];
    const tooMany = await runCli([...base, "--hessian-top", "100000"]);
    assert.equal(tooMany.code, 2);
    assert.match(
      tooMany.stderr.trim(),
      /^error: --hessian-top must be at most the number of weights \(\d+\): got 100000$/,
    );
    const layer = await runCli([...base, "--hessian-layers", "dense9"]);
    assert.equal(layer.code, 2);
    assert.match(
      layer.stderr.trim(),
      /^error: --hessian-layers: no layer "dense9" with weights: expected all, none or some of dense0, dense1/,
    );
    const grid = await runCli([...base, "--convexity-grid", "1"]);
    assert.equal(grid.code, 2);
    assert.match(
      grid.stderr.trim(),
      /^error: --convexity-grid must be 0 \(off\) or at least 2: got 1$/,
    );
  });
});
