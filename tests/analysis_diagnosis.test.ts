// The diagnosis on runs built to show a problem: over-fitting (a tiny noisy train set, many
// epochs), under-fitting (one epoch at a tiny learning rate), and on hand-made curves and
// health tables for each remaining check; the analysis folder's files and a bad focus.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { makeSynthetic } from "../lib/data/synthetic.ts";
import { splitDataset } from "../lib/data/split.ts";
import { trainModel } from "../lib/train/train_model.ts";
import type { ModelSpec } from "../lib/model/spec.ts";
import type { EpochRecord } from "../lib/train/history.ts";
import { analyzeTrajectory } from "../lib/analysis/analyze_trajectory.ts";
import { writeAnalysisFolder } from "../lib/analysis/analysis_files.ts";
import { diagnose } from "../lib/analysis/diagnosis/diagnose.ts";
import { minimumWidth } from "../lib/analysis/diagnosis/minimum_checks.ts";
import { DEFAULT_THRESHOLDS, parseThresholds } from "../lib/analysis/diagnosis/thresholds.ts";
import { decodeNpy } from "../lib/io/npy.ts";
import { LosscapeError } from "../lib/errors.ts";

const mlp: ModelSpec = {
  kind: "sequential",
  inputShape: [2],
  layers: [
    { type: "dense", units: 64, activation: "relu" },
    { type: "dense", units: 64, activation: "relu" },
    { type: "dense", units: 2 },
  ],
};

const found = (statements: { check: string; found: boolean }[]) =>
  statements.filter((s) => s.found).map((s) => s.check);

describe("diagnosis of constructed runs", () => {
  it("a tiny noisy train set trained for long over-fits", async () => {
    const all = makeSynthetic("moons", { count: 424, noise: 0.35, seed: 1 });
    const data = splitDataset(all, { testFraction: 400 / 424, seed: 2 });
    const trained = await trainModel({
      spec: mlp,
      data,
      epochs: 300,
      batchSize: 24,
      optimizer: { kind: "adam", learningRate: 0.01 },
      checkpointEvery: 30,
    });
    const result = await analyzeTrajectory({
      spec: mlp,
      checkpoints: trained.checkpoints,
      history: trained.history,
      data: data.train,
    });
    const checks = found(result.diagnosis!.statements);
    assert.ok(checks.includes("over-fitting"), result.diagnosis!.verdict);
    assert.ok(checks.includes("generalisation-gap"), result.diagnosis!.verdict);
    assert.ok(!checks.includes("under-fitting"));
    const over = result.diagnosis!.statements.find((s) => s.check === "over-fitting")!;
    assert.ok((over.evidence.testLossRise as number) > DEFAULT_THRESHOLDS.overfitRise);
    assert.equal(over.thresholds.overfitRise, DEFAULT_THRESHOLDS.overfitRise);
  });

  it("one epoch at a tiny learning rate under-fits", async () => {
    const all = makeSynthetic("spirals", { count: 600, seed: 3 });
    const data = splitDataset(all, { testFraction: 0.2, seed: 4 });
    const trained = await trainModel({
      spec: mlp,
      data,
      epochs: 1,
      optimizer: { kind: "momentum", learningRate: 0.002, momentum: 0.9 },
      checkpointEvery: 2,
    });
    const result = await analyzeTrajectory({
      spec: mlp,
      checkpoints: trained.checkpoints,
      history: trained.history,
      data: data.train,
    });
    const checks = found(result.diagnosis!.statements);
    assert.ok(checks.includes("under-fitting"), result.diagnosis!.verdict);
    assert.ok(!checks.includes("over-fitting"));
    assert.match(result.diagnosis!.verdict, /under-fitting/);
  });
});

describe("diagnosis checks on hand-made evidence", () => {
  const record = (epoch: number, trainLoss: number, testLoss = trainLoss): EpochRecord => ({
    epoch,
    step: epoch,
    trainLoss,
    trainAcc: 0.95,
    testLoss,
    testAcc: 0.94,
  });

  it("a loss spike says the learning rate is too high; a settable threshold silences it", () => {
    const history = [record(0, 2), record(1, 0.5), record(2, 1.2), record(3, 0.4)];
    assert.ok(found(diagnose({ history }).statements).includes("learning-rate"));
    const relaxed = parseThresholds("spikeRatio=3", "--diagnosis-thresholds");
    assert.ok(
      !found(diagnose({ history, thresholds: relaxed }).statements).includes("learning-rate"),
    );
    assert.throws(() => parseThresholds("spike=3", "--diagnosis-thresholds"), LosscapeError);
  });

  it("minimum width from a slice: sharp, flat, and cut at the ends", () => {
    const xs = Array.from({ length: 21 }, (_, i) => -1 + i / 10);
    // 10 x^2 <= 0.1 for |x| <= 0.1: width 0.2, found between grid points by interpolation.
    const basin = minimumWidth(xs, xs.map((x) => 10 * x * x), 0.1);
    assert.ok(Math.abs(basin.width - 0.2) < 1e-9 && !basin.clipped, JSON.stringify(basin));
    assert.equal(minimumWidth(xs, xs.map(() => 1), 0.1).clipped, true);
    const sharp = diagnose({
      history: [record(0, 1), record(1, 0.5)],
      slice: { xs, losses: xs.map((x) => 100 * x * x) },
    });
    assert.match(sharp.verdict, /sharp minimum/);
    const flat = diagnose({
      history: [record(0, 1), record(1, 0.5)],
      slice: { xs, losses: xs.map((x) => 0.01 * x * x) },
    });
    assert.match(flat.verdict, /flat minimum/);
  });

  it("dead layers, vanishing and exploding gradients from the health table", () => {
    const entry = (layer: string, gradientNorm: number, deadFraction: number | null = null) => ({
      layer,
      saturation: 0.5,
      components: 1,
      width: 2,
      deadFraction,
      boundShare: null,
      weightNorm: 1,
      gradientNorm,
      updateRatio: null,
    });
    const health = [
      [entry("a", 1, 0.9), entry("b", 1)],
      [entry("a", 1e-5, 0.9), entry("b", 500)],
    ];
    const result = diagnose({
      history: [record(0, 1), record(1, 0.5)],
      health,
      layerSizes: { a: 4, b: 4 },
    });
    const checks = found(result.statements);
    for (const check of ["dead-units", "vanishing-gradients", "exploding-gradients"]) {
      assert.ok(checks.includes(check), check);
    }
    const quiet = diagnose({
      history: [record(0, 1), record(1, 0.5)],
      health: [[entry("a", 1, 0), entry("b", 1)]],
    });
    assert.deepEqual(found(quiet.statements), []);
    assert.match(quiet.verdict, /^No problem found/);
  });
});

describe("analysis files", () => {
  it("writes analysis.json and .npy arrays that decode to their stated shapes", async () => {
    const all = makeSynthetic("moons", { count: 200, seed: 5 });
    const data = splitDataset(all, { testFraction: 0.25, seed: 6 });
    const trained = await trainModel({ spec: mlp, data, epochs: 2 });
    const options = {
      spec: mlp,
      checkpoints: trained.checkpoints,
      history: trained.history,
      data: data.train,
      analyses: ["influence", "health", "diagnosis", "feature-saliency"] as const,
    };
    await assert.rejects(
      analyzeTrajectory({ ...options, focus: 3 }),
      /Checkpoint 3 does not exist/,
    );
    await assert.rejects(
      analyzeTrajectory({ ...options, analyses: ["saliency"] }),
      /feature-saliency/,
    );
    const result = await analyzeTrajectory(options);
    const dir = ".tmp/analysis_files_test";
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    await writeAnalysisFolder(dir, result);
    const json = JSON.parse(readFileSync(`${dir}/analysis.json`, "utf8"));
    assert.equal(json.format, "losscape-analysis");
    for (const [file, shape] of Object.entries(json.files as Record<string, number[]>)) {
      assert.ok(existsSync(`${dir}/${file}`), file);
      assert.deepEqual(decodeNpy(readFileSync(`${dir}/${file}`)).shape, shape, file);
    }
    const counts = decodeNpy(readFileSync(`${dir}/weight_hist.npy`));
    const [layers, checkpoints, bins] = counts.shape;
    assert.deepEqual([layers, checkpoints], [3, 3]);
    let first = 0;
    for (let b = 0; b < bins; b++) first += counts.values[b];
    assert.equal(first, 2 * 64 + 64, "layer 0's weight histogram counts every weight");
    assert.equal(json.influence.top.length, 20);
    assert.deepEqual(decodeNpy(readFileSync(`${dir}/feature_saliency.npy`)).shape, [2]);
  });
});
