// The worker script is an option of the parallel evaluator and the pool: the browser bundle's
// worker script (one JavaScript file, bundled here) gives the same numbers bit for bit, and a
// script that cannot load makes the evaluator reject, naming the worker, instead of waiting.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  createParallelPlaneEvaluator,
  createPlaneEvaluator,
  createWorkerPool,
} from "../lib/engine/mod.ts";
import { loadDemoModel } from "../web/demo/demo_model.ts";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const DIR = ".tmp/engine_worker_url_test";
const BUNDLE_WORKER = pathToFileURL(resolve(DIR, "losscape-worker.js"));
const alphas = [-1, -0.25, 0, 0.5, 1, 2], betas = [0.5, -1, 0, 0.25, 1, -2];

async function reference(model: Awaited<ReturnType<typeof loadDemoModel>>, kernel: "simd") {
  const evaluator = await createPlaneEvaluator({ ...model, kernel });
  const loss = new Float32Array(alphas.length), accuracy = new Float32Array(alphas.length);
  evaluator.evaluate(alphas, betas, loss, accuracy);
  evaluator.dispose();
  return { loss, accuracy };
}

describe("workerUrl", () => {
  it("runs the Workers from the given script, with the single thread's numbers", async () => {
    await Deno.mkdir(DIR, { recursive: true });
    const bundled = await new Deno.Command("deno", {
      args: [
        "bundle",
        "--quiet",
        "--platform",
        "browser",
        "-o",
        BUNDLE_WORKER.pathname,
        "web/worker.ts",
      ],
    }).output();
    assert.ok(bundled.success, new TextDecoder().decode(bundled.stderr));
    const model = await loadDemoModel(pathToFileURL(resolve("web/demo/model")).href + "/");
    const expected = await reference(model, "simd");
    const plane = await createParallelPlaneEvaluator({
      ...model,
      kernel: "simd",
      workers: 2,
      workerUrl: BUNDLE_WORKER,
    });
    const loss = new Float32Array(alphas.length), accuracy = new Float32Array(alphas.length);
    await plane.evaluate(alphas, betas, loss, accuracy);
    plane.dispose();
    assert.deepEqual(loss, expected.loss);
    assert.deepEqual(accuracy, expected.accuracy);

    const pool = createWorkerPool({ workers: 2, kernel: "simd", workerUrl: BUNDLE_WORKER.href });
    const pooled = await createParallelPlaneEvaluator({ ...model, pool });
    const again = new Float32Array(alphas.length), hits = new Float32Array(alphas.length);
    await pooled.evaluate(alphas, betas, again, hits);
    pooled.dispose();
    pool.dispose();
    assert.deepEqual(again, expected.loss);
  });

  it("rejects, naming the worker and its error, when the script fails to start", async () => {
    const model = await loadDemoModel(pathToFileURL(resolve("web/demo/model")).href + "/");
    const broken = resolve(DIR, "broken_worker.js");
    await Deno.mkdir(DIR, { recursive: true });
    await Deno.writeTextFile(broken, 'throw new Error("this worker cannot start");\n');
    await assert.rejects(
      createParallelPlaneEvaluator({ ...model, workers: 2, workerUrl: pathToFileURL(broken) }),
      /Worker [12] of 2 failed while loading the plane: .*this worker cannot start/,
    );
  });
});
