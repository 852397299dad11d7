// lib/engine/core.ts and the `kernel` / `workerUrl` options: a precompiled kernel module runs
// on one thread and in the Worker pool with the same numbers as the embedded kernel, the core
// entry asks for a module instead of compiling one, and a worker that dies while loading is
// reported with its own message.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as core from "../lib/engine/core.ts";
import { createPlaneEvaluator, kernelVariantBytes } from "../lib/engine/mod.ts";

const SPEC = {
  kind: "sequential" as const,
  inputShape: [3],
  layers: [
    { type: "dense" as const, units: 5, activation: "relu" as const },
    { type: "dense" as const, units: 3 },
  ],
};
const PARAMETERS = 3 * 5 + 5 + 5 * 3 + 3;

function plane() {
  const vector = (seed: number) =>
    Float32Array.from({ length: PARAMETERS }, (_, i) => Math.sin(seed * 31 + i * 1.7) * 0.8);
  const count = 10;
  const x = Float32Array.from({ length: count * 3 }, (_, i) => Math.cos(i * 0.9));
  const y = Int32Array.from({ length: count }, (_, i) => i % 3);
  return {
    spec: SPEC,
    center: vector(1),
    d1: vector(2),
    d2: vector(3),
    data: { x, y, count, features: 3, classes: 3 },
  };
}
const ALPHAS = [0, 0.5, -1, 2, 0.25, -0.75], BETAS = [0, -0.5, 1, 0.3, -2, 0.6];

async function lossesOf(evaluator: core.PlaneEvaluator): Promise<Float32Array> {
  const loss = new Float32Array(ALPHAS.length), accuracy = new Float32Array(ALPHAS.length);
  await evaluator.evaluate(ALPHAS, BETAS, loss, accuracy);
  evaluator.dispose();
  return loss;
}

describe("a precompiled kernel module (`kernel: WebAssembly.Module`)", () => {
  it("gives the embedded simd build's numbers bit for bit, on one thread and on Workers", async () => {
    const module = await WebAssembly.compile(kernelVariantBytes("simd"));
    const want = await lossesOf(await createPlaneEvaluator({ ...plane(), kernel: "simd" }));
    const single = await core.createPlaneEvaluator({ ...plane(), kernel: module });
    assert.equal(single.kernel, module);
    assert.deepEqual(await lossesOf(single), want);
    const parallel = await core.createParallelPlaneEvaluator({
      ...plane(),
      kernel: module,
      workers: 2,
    });
    assert.equal(parallel.workers, 2);
    assert.equal(parallel.kernel, module);
    assert.deepEqual(await lossesOf(parallel), want);
    assert.ok(want.every(Number.isFinite));
  });

  it("is what the core entry needs: without one it says so instead of compiling", async () => {
    const script = `import { createPlaneEvaluator } from "./lib/engine/core.ts";
      const data = { x: new Float32Array(2), y: new Int32Array([0]), count: 1, features: 2, classes: 2 };
      const spec = { kind: "sequential", inputShape: [2], layers: [{ type: "dense", units: 2 }] };
      try { await createPlaneEvaluator({ spec, center: new Float32Array(6), d1: new Float32Array(6), data }); }
      catch (error) { console.log(error.name + ": " + error.message); }`;
    const output = await new Deno.Command("deno", {
      args: ["eval", "--no-check", script],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(output.stdout);
    assert.match(
      text,
      /^TypeError: kernel must be a compiled WebAssembly.Module here: got none/,
    );
  });

  it("rejects a module that is not the kernel, naming what it lacks", async () => {
    const empty = await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    await assert.rejects(core.instantiateKernel(empty), /must export a memory/);
  });
});

describe("workerUrl", () => {
  it("runs a caller's own worker script that loads the engine's worker", async () => {
    const want = await lossesOf(await createPlaneEvaluator({ ...plane(), kernel: "simd" }));
    const workerUrl = new URL("./fixtures/engine_custom_worker.ts", import.meta.url);
    const pool = core.createWorkerPool({ workers: 2, kernel: "simd", workerUrl });
    try {
      const evaluator = await core.createParallelPlaneEvaluator({ ...plane(), pool });
      assert.deepEqual(await lossesOf(evaluator), want);
    } finally {
      pool.dispose();
    }
  });

  it("reports a worker that throws while loading with the worker's own message", async () => {
    const workerUrl = new URL("./fixtures/engine_worker_fails_at_load.ts", import.meta.url);
    await assert.rejects(
      core.createParallelPlaneEvaluator({ ...plane(), workers: 2, workerUrl }),
      (error: Error) => {
        assert.match(
          error.message,
          /^Worker 1 of 2 failed while loading the plane: Error: this worker cannot start: its import failed/,
        );
        return true;
      },
    );
  });

  it("rejects, never hangs, when one worker dies while the other waits for its products", async () => {
    const workerUrl = new URL("./fixtures/engine_second_worker_fails_at_load.ts", import.meta.url);
    const pool = core.createWorkerPool({ workers: 2, kernel: "simd", workerUrl });
    try {
      await assert.rejects(
        core.createParallelPlaneEvaluator({ ...plane(), pool }),
        (error: Error) => {
          assert.match(
            error.message,
            /^Worker 2 of 2 failed while loading the plane: .*the second worker fails while loading/,
          );
          return true;
        },
      );
    } finally {
      pool.dispose();
    }
  });
});
