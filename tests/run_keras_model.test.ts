// A Keras 3 .keras model through the whole run: trained further, scanned, and run.json saying
// which loss form (Keras's probability form for a sigmoid output) and input scaling were used;
// and the CLI's one-line answer to a weights-only .h5 given as --model.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runScan } from "../lib/run/run_scan.ts";
import { randomizeWeights, ROOT, tf } from "./model_io_fixtures.ts";
import { writeKeras2Model, writeKerasArchive } from "./keras_files.ts";

const folder = `${ROOT}/run_keras`;
await Deno.mkdir(folder, { recursive: true });

describe("a Keras model in a run", () => {
  it("scans a .keras sigmoid model with its own loss and the input scaling stated", async () => {
    const l = tf.layers;
    const model = tf.sequential({
      layers: [
        l.dense({ inputShape: [2], units: 12, activation: "relu" }),
        l.dense({ units: 3, activation: "sigmoid" }),
      ],
    });
    randomizeWeights(model, 61);
    const path = `${folder}/sigmoid.keras`;
    await writeKerasArchive(model, path, { compileConfig: { loss: "categorical_crossentropy" } });
    const out = `${folder}/out`;
    await runScan({
      out,
      model: path,
      dataset: "blobs",
      syntheticSize: 300,
      epochs: 1,
      grid: 3,
      samples: 100,
      inputScale: "1/2,0.1",
      fresh: true,
      quiet: true,
    });
    const run = JSON.parse(await Deno.readTextFile(`${out}/run.json`));
    assert.match(run.model, /sigmoid\.keras \(Keras 3\.3\.3 \.keras\)/);
    assert.match(run.loss, /^probabilities: /);
    assert.equal(run.inputScale, "x * 1/2 + 0.1");
    assert.ok(run.history.every((h: { trainLoss: number }) => Number.isFinite(h.trainLoss)));
  });

  it("answers a weights-only .h5 as --model with one line and exit code 2", async () => {
    const l = tf.layers;
    const model = tf.sequential({ layers: [l.dense({ inputShape: [784], units: 10 })] });
    const path = `${folder}/weights_only.h5`;
    await writeKeras2Model(model, path, { weightsOnly: true });
    const output = await new Deno.Command("deno", {
      args: [
        "run",
        "--no-prompt",
        "--allow-read=.",
        "--allow-write=out",
        "cli/main.ts",
        "scan",
        "--model",
        path,
        "--quiet",
      ],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr).trim();
    assert.equal(output.code, 2, stderr);
    assert.equal(stderr.split("\n").length, 1, stderr);
    assert.match(
      stderr,
      /weights_only\.h5: a Keras weights file without an architecture.*--model arch\.json --weights/,
    );
  });
});
