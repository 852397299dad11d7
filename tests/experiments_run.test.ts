// Every experiment end to end in its quick configuration: results.json with the expected
// fields, a standalone SVG figure, no leaked tensors; and the command line.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { EXPERIMENT_FORMAT, EXPERIMENTS, runExperiment } from "../lib/experiments/mod.ts";
import { loadTfjs } from "../lib/train/mod.ts";

/** The fields each experiment's results must carry (beyond its slices and curves). */
const EXPECTED: Record<string, string[]> = {
  "batch-size": ["runs", "withWeightDecay"],
  "skip-connections": ["residual", "plain"],
  "interpolation": ["train", "test", "distance", "alpha", "trainLoss", "testLoss"],
  "edge-of-stability": ["runs"],
  "pca-random-walk": [
    "trajectoryShares",
    "randomWalkMeanShares",
    "closedFormShares",
    "dimension",
  ],
};

async function readResults(dir: string) {
  return JSON.parse(await Deno.readTextFile(`${dir}/results.json`));
}

describe("experiments, quick configuration", () => {
  it("has one entry per registered experiment", () => {
    assert.deepEqual(EXPERIMENTS.map((e) => e.name).sort(), Object.keys(EXPECTED).sort());
  });

  for (const experiment of EXPERIMENTS) {
    it(`${experiment.name}: writes results.json and figure.svg`, async () => {
      const tf = await loadTfjs();
      const dir = `.tmp/experiments/${experiment.name}`;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      const before = tf.memory().numTensors;
      const run = await runExperiment(experiment.name, { quick: true, outDir: dir });
      assert.equal(tf.memory().numTensors, before);
      assert.deepEqual(run.files, [`${dir}/results.json`, `${dir}/figure.svg`]);
      const results = await readResults(dir);
      assert.equal(results.format, EXPERIMENT_FORMAT.format);
      assert.equal(results.name, experiment.name);
      assert.equal(results.quick, true);
      assert.equal(results.command, `deno task experiment ${experiment.name} --quick`);
      assert.equal(typeof results.held, "boolean");
      assert.equal(results.held, run.held);
      assert.ok(results.criterion.length > 20);
      assert.ok(Object.keys(results.settings).length > 0);
      for (const field of EXPECTED[experiment.name]) {
        assert.ok(field in results.results, `${experiment.name}: results.${field} is missing`);
      }
      const svg = await Deno.readTextFile(`${dir}/figure.svg`);
      assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* width="\d+"/);
    });
  }

  it("edge-of-stability: sharpness per checkpoint, with 2 / learning rate", async () => {
    const { results } = await readResults(".tmp/experiments/edge-of-stability");
    for (const run of results.runs) {
      assert.equal(run.twoOverLearningRate, 2 / run.learningRate);
      assert.equal(run.sharpness.length, run.steps.length);
      assert.ok(run.sharpness.every((s: number) => s > 0));
    }
  });

  it("gives the same numbers twice (deterministic seeds)", async () => {
    const dir = ".tmp/experiments/interpolation-again";
    await runExperiment("interpolation", { quick: true, outDir: dir });
    const first = await readResults(".tmp/experiments/interpolation");
    const second = await readResults(dir);
    assert.deepEqual(second.results, first.results);
  });
});

/** Runs the experiment command with the task's permissions (writing under .tmp for the test). */
async function runCli(args: string[]) {
  const output = await new Deno.Command("deno", {
    args: [
      "run",
      "--no-prompt",
      "--allow-read=.",
      "--allow-write=.tmp",
      "cli/experiment.ts",
      ...args,
    ],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: text(output.stdout), stderr: text(output.stderr) };
}

describe("deno task experiment", () => {
  it("lists the experiments without a name", async () => {
    const { code, stdout } = await runCli([]);
    assert.equal(code, 0);
    for (const experiment of EXPERIMENTS) assert.match(stdout, new RegExp(experiment.name));
  });

  it("rejects an unknown name and a bad flag with one line and exit code 2", async () => {
    const unknown = await runCli(["sharpness"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^error: unknown experiment "sharpness": known are batch-size/);
    assert.equal(unknown.stderr.trim().split("\n").length, 1);
    const flag = await runCli(["interpolation", "--fast"]);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /^error: .*--fast.*Usage: deno task experiment/);
  });

  it("runs one experiment into --out, SVG only with --no-png", async () => {
    const dir = ".tmp/experiments/cli-interpolation";
    const { code, stdout } = await runCli(["interpolation", "--quick", "--no-png", "--out", dir]);
    assert.equal(code, 0);
    assert.match(stdout, new RegExp(`wrote ${dir}/results.json ${dir}/figure.svg`));
  });
});
