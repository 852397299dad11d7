// The run's inputs: the dataset setting to a split (synthetic sets, IDX train/test pairs, CSV)
// and the model setting to a spec that fits the data, with one-line errors when it does not.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { loadRunData } from "../lib/run/load_data.ts";
import { loadRunModel } from "../lib/run/load_model.ts";
import { runScan } from "../lib/run/run_scan.ts";
import { isScanOnly, resolveSettings, SETTINGS } from "../lib/run/settings.ts";
import { LosscapeError } from "../lib/errors.ts";

const dir = ".tmp/run_inputs_test";

/** An IDX file: magic 00 00 08 ndim, big-endian sizes, uint8 data. */
function idx(shape: number[], values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * shape.length + values.length);
  bytes.set([0, 0, 0x08, shape.length]);
  const view = new DataView(bytes.buffer);
  shape.forEach((dim, i) => view.setUint32(4 + 4 * i, dim));
  bytes.set(values, 4 + 4 * shape.length);
  return bytes;
}

const settingsWith = (flags: Record<string, unknown>) => resolveSettings(null, flags);

describe("run inputs", () => {
  it("splits a synthetic set with the test fraction and keeps the seed's split", async () => {
    const settings = settingsWith({ dataset: "moons", syntheticSize: "200", testFraction: "0.25" });
    const split = await loadRunData(settings);
    assert.equal(split.train.count, 150);
    assert.equal(split.test.count, 50);
    assert.deepEqual((await loadRunData(settings)).train.x, split.train.x);
  });

  it("takes IDX train and test pairs as they are, without splitting", async () => {
    await Deno.mkdir(dir, { recursive: true });
    const pixels = (n: number) => Uint8Array.from({ length: n * 4 * 5 }, (_, i) => (i * 7) % 256);
    await Deno.writeFile(`${dir}/train-images.gz`, gzipSync(idx([6, 4, 5], pixels(6))));
    await Deno.writeFile(`${dir}/train-labels`, idx([6], [0, 1, 2, 0, 1, 2]));
    await Deno.writeFile(`${dir}/test-images`, idx([2, 4, 5], pixels(2)));
    await Deno.writeFile(`${dir}/test-labels`, idx([2], [2, 1]));
    const files = ["train-images.gz", "train-labels", "test-images", "test-labels"].map((f) =>
      `${dir}/${f}`
    );
    const split = await loadRunData(settingsWith({ dataset: `idx:${files.join(",")}` }));
    assert.equal(split.train.count, 6);
    assert.equal(split.test.count, 2);
    assert.deepEqual(split.train.shape, [4, 5, 1]);
    assert.equal(split.train.x[1], Math.fround(7 / 255));
    assert.deepEqual([...split.test.y], [2, 1]);
    await assert.rejects(
      loadRunData(settingsWith({ dataset: `idx:${files[0]},${files[1]},${files[2]}` })),
      /^LosscapeError: --dataset idx: expects idx:IMAGES,LABELS or idx:TRAIN_IMAGES/,
    );
  });

  it("sizes presets to the data and rejects models that do not fit it", async () => {
    const { train } = await loadRunData(settingsWith({ dataset: "blobs", syntheticSize: "90" }));
    const { spec } = await loadRunModel("mlp", "", train);
    assert.deepEqual(spec.inputShape, [2]);
    assert.deepEqual(spec.layers.at(-1), { type: "dense", units: 3 });
    await assert.rejects(loadRunModel("cnn", "", train), (error: unknown) => {
      assert.ok(error instanceof LosscapeError);
      assert.match(error.message, /^--model cnn needs image samples \[height, width, channels\]/);
      return true;
    });
    await Deno.mkdir(dir, { recursive: true });
    const wide = { kind: "sequential", inputShape: [5], layers: [{ type: "dense", units: 3 }] };
    await Deno.writeTextFile(`${dir}/wide.json`, JSON.stringify(wide));
    await assert.rejects(
      loadRunModel(`${dir}/wide.json`, "", train),
      /wide.json: the model takes inputs of shape \[5\] \(5 values\), the dataset's samples have 2$/,
    );
    const narrow = { kind: "sequential", inputShape: [2], layers: [{ type: "dense", units: 2 }] };
    await Deno.writeTextFile(`${dir}/narrow.json`, JSON.stringify(narrow));
    await assert.rejects(
      loadRunModel(`${dir}/narrow.json`, "", train),
      /narrow.json: the model has 2 outputs, the dataset has 3 classes$/,
    );
    const broken = { kind: "sequential", inputShape: [2], layers: [{ type: "lstm", units: 2 }] };
    await Deno.writeTextFile(`${dir}/broken.json`, JSON.stringify(broken));
    await assert.rejects(
      loadRunModel(`${dir}/broken.json`, "", train),
      /broken.json: layers\[0\]: unsupported layer type "lstm": supported are dense, conv2d/,
    );
  });

  it("maps CSV class labels that are words to sorted indices and records the mapping", async () => {
    await Deno.mkdir(dir, { recursive: true });
    const kinds = ["virginica", "setosa", "versicolor"];
    const rows = Array.from({ length: 30 }, (_, i) => `${i % 7},${i},${kinds[i % 3]}`);
    await Deno.writeTextFile(`${dir}/iris.csv`, ["a,b,species", ...rows].join("\n") + "\n");
    const settings = settingsWith({ dataset: `csv:${dir}/iris.csv`, testFraction: "0.2" });
    const split = await loadRunData(settings);
    const names = (split.train as { classNames?: string[] }).classNames;
    assert.deepEqual(names, ["setosa", "versicolor", "virginica"]);
    assert.equal(split.train.classes, 3);
    // Each sample's label is its word's place in the sorted list (feature b is the row number).
    for (let i = 0; i < split.train.count; i++) {
      const row: number = split.train.x[2 * i + 1];
      assert.equal(names![split.train.y[i]], kinds[row % 3], `row ${row}`);
    }
    const out = `${dir}/iris_out`;
    await Deno.remove(out, { recursive: true }).catch(() => {});
    await runScan({ ...settings, epochs: 0, grid: 3, samples: 10, workers: 1, out, quiet: true });
    const run = JSON.parse(await Deno.readTextFile(`${out}/run.json`));
    assert.deepEqual(run.classNames, ["setosa", "versicolor", "virginica"]);
  });

  it("marks exactly the settings that cannot change training as scan-only (resume ignores them)", () => {
    const scanOnly = Object.keys(SETTINGS).filter(isScanOnly).sort();
    assert.deepEqual(scanOnly, [
      "analyses",
      "bias",
      "checkpoint",
      "convexityGrid",
      "diagnosisThresholds",
      "directions",
      "fresh",
      "grid",
      "hessian",
      "hessianCheckpoints",
      "hessianDensityRuns",
      "hessianEigenvectors",
      "hessianIterations",
      "hessianLayers",
      "hessianTolerance",
      "hessianTop",
      "hessianTraceVectors",
      "interpolate",
      "minimaHessian",
      "norm",
      "orthogonalize",
      "out",
      "plane",
      "quiet",
      "range",
      "remote",
      "run",
      "samples",
      "sharpnessEpsilon",
      "splits",
      "surfaceLog",
      "workers",
      "xrange",
      "yrange",
      "zmax",
    ]);
  });
});
