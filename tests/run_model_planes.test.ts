// The new planes end to end: saved directions give identical grids, a non-square off-centre
// grid keeps its orientation, interpolation endpoints and the three-model plane go through the
// models (checked against TF.js evaluating the models directly).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runScan } from "../lib/run/run_scan.ts";
import { resolveSettings } from "../lib/run/settings.ts";
import { loadRunData } from "../lib/run/load_data.ts";
import { takeSamples } from "../lib/data/dataset.ts";
import { readTrajectory } from "../lib/train/checkpoint_files.ts";
import { createReferenceEvaluator } from "../lib/engine/reference.ts";
import { createPlaneEvaluator } from "../lib/engine/mod.ts";
import { threeModelPlane } from "../lib/directions/model_plane.ts";
import { decodeDirections } from "../lib/directions/direction_file.ts";
import { decodeNpy } from "../lib/io/npy.ts";

const root = ".tmp/directions_scan";
const scanOnly = { samples: 300, workers: 1, quiet: true };
const common = { ...scanOnly, dataset: "moons", epochs: 3, seed: 1 };
const first = {
  ...common,
  out: `${root}/a`,
  fresh: true,
  xrange: "0.2:1.4:7",
  yrange: "-1:-0.4:4",
  interpolate: "init,final",
  plane: "init,1,final",
  orthogonalize: true,
};
let scanned: Promise<Awaited<ReturnType<typeof runScan>>> | undefined;
const firstRun =
  () => (scanned ??= Deno.remove(root, { recursive: true }).catch(() => {}).then(() =>
    runScan(first)
  ));

/** The run's model, its checkpoints, and TF.js evaluating weights on the scan's samples. */
async function reference() {
  const saved = await readTrajectory(`${root}/a/run`);
  const data = await loadRunData(resolveSettings(null, { dataset: "moons", seed: "1" }));
  const train = takeSamples(data.train, 300), test = takeSamples(data.test, 300);
  const onTrain = await createReferenceEvaluator({ spec: saved.model, data: train });
  const onTest = await createReferenceEvaluator({ spec: saved.model, data: test });
  return { saved, train, onTrain, onTest };
}
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

describe("planes through saved directions and models", () => {
  it("a non-square, off-centre grid is [ny, nx] with row j at y = ycoordinates[j]", async () => {
    const result = await firstRun();
    const json = JSON.parse(await Deno.readTextFile(`${root}/a/random/landscape.json`));
    assert.deepEqual(json.shape, [4, 7]);
    assert.equal(json.directions.orthogonalized, true);
    assert.ok(Math.abs(json.directions.cosine) < 1e-6, `cosine ${json.directions.cosine}`);
    const grid = decodeNpy(await Deno.readFile(`${root}/a/random/train_loss.npy`));
    assert.deepEqual(grid.shape, [4, 7]);
    assert.deepEqual(Array.from(grid.values), Array.from(result.randomPlane.metrics.train_loss));
    const { saved, onTrain, onTest } = await reference();
    const directions = await Deno.readFile(`${root}/a/random/directions.npy`);
    const [d1, d2] = decodeDirections(directions, saved.layout.size, "directions.npy");
    const center = saved.checkpoints.at(-1)!.values;
    try {
      for (const [i, j] of [[0, 0], [6, 0], [0, 3], [6, 3], [3, 1]]) {
        const [x, y] = [json.xcoordinates[i], json.ycoordinates[j]];
        const weights = center.map((w, k) => w + x * d1[k] + y * d2[k]);
        const expected = onTrain.evaluate(weights).loss;
        assert.ok(
          relative(grid.values[j * 7 + i], expected) < 1e-4,
          `(${i}, ${j}): ${grid.values[j * 7 + i]} vs ${expected}`,
        );
      }
      // The corners differ, so a transposed or flipped grid could not pass the loop above.
      assert.ok(relative(grid.values[6], grid.values[3 * 7]) > 1e-3);
    } finally {
      onTrain.dispose();
      onTest.dispose();
    }
  });

  it("directions.npy scanned again with --directions gives identical grids", async () => {
    const result = await firstRun();
    const again = await runScan({
      ...scanOnly,
      out: `${root}/b`,
      fresh: true,
      run: `${root}/a/run`,
      xrange: first.xrange,
      yrange: first.yrange,
      directions: `${root}/a/random/directions.npy`,
    });
    assert.deepEqual(again.randomPlane.metrics, result.randomPlane.metrics);
    assert.deepEqual(again.slice.metrics, result.slice.metrics);
    const json = JSON.parse(await Deno.readTextFile(`${root}/b/random/landscape.json`));
    assert.equal(json.directions.kind, "file");
    assert.deepEqual(
      await Deno.readFile(`${root}/b/random/directions.npy`),
      await Deno.readFile(`${root}/a/random/directions.npy`),
    );
  });

  it("interpolation: alpha 0 and 1 are models A and B evaluated directly, train and test", async () => {
    await firstRun();
    // Without --xrange the line runs over -0.5:1.5:81.
    const result = await runScan({
      ...scanOnly,
      out: `${root}/c`,
      fresh: true,
      run: `${root}/a/run`,
      grid: 3,
      interpolate: "init,final",
    });
    const line = result.modelPlanes!.interpolation!.landscape;
    assert.equal(line.xcoordinates.length, 81);
    const [atA, atB] = [line.xcoordinates.indexOf(0), line.xcoordinates.indexOf(1)];
    assert.deepEqual([atA, atB], [20, 60]);
    const { saved, onTrain, onTest } = await reference();
    try {
      const [a, b] = [saved.checkpoints[0].values, saved.checkpoints.at(-1)!.values];
      for (const [index, weights] of [[atA, a], [atB, b]] as const) {
        for (const [split, evaluator] of [["train", onTrain], ["test", onTest]] as const) {
          const expected = evaluator.evaluate(weights);
          const loss = line.metrics[`${split}_loss`][index];
          assert.ok(
            relative(loss, expected.loss) < 1e-4,
            `${split} at ${index}: ${loss} vs ${expected.loss}`,
          );
          assert.equal(line.metrics[`${split}_acc`][index], Math.fround(expected.accuracy));
        }
      }
    } finally {
      onTrain.dispose();
      onTest.dispose();
    }
  });

  it("the three-model plane passes through all three models", async () => {
    const result = await firstRun();
    const { markers } = result.modelPlanes!.modelPlane!;
    const json = JSON.parse(await Deno.readTextFile(`${root}/a/model-plane/landscape.json`));
    assert.deepEqual(json.markers, markers);
    const { saved, train, onTrain, onTest } = await reference();
    try {
      const models = [0, 1, saved.checkpoints.length - 1].map((k) => saved.checkpoints[k].values);
      for (const orthogonal of [false, true]) {
        const plane = threeModelPlane(models[0], models[1], models[2], { orthogonal });
        const evaluator = await createPlaneEvaluator({
          spec: saved.model,
          center: plane.center,
          d1: plane.d1,
          d2: plane.d2,
          data: train,
        });
        const loss = new Float32Array(3), accuracy = new Float32Array(3);
        evaluator.evaluate(
          plane.markers.map((m) => m.x),
          plane.markers.map((m) => m.y),
          loss,
          accuracy,
        );
        evaluator.dispose();
        plane.markers.forEach((marker, k) => {
          const expected = onTrain.evaluate(models[k]).loss;
          assert.ok(
            relative(loss[k], expected) < 1e-4,
            `${orthogonal} ${marker.label}: ${loss[k]} vs ${expected}`,
          );
        });
      }
    } finally {
      onTrain.dispose();
      onTest.dispose();
    }
  });
});
