// Files: the content fingerprint (FNV-1a 64), atomic writes, and the trajectory files.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fingerprint } from "../lib/io/fingerprint.ts";
import { writeFileAtomic } from "../lib/io/atomic_write.ts";
import { createTrajectoryWriter, readTrajectory } from "../lib/train/checkpoint_files.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { LosscapeError } from "../lib/errors.ts";
import type { ModelSpec } from "../lib/model/spec.ts";

const dir = ".tmp/io_test";

describe("files", () => {
  it("fingerprint is FNV-1a 64 (published test vectors) over bytes in order", () => {
    assert.equal(fingerprint([""]), "cbf29ce484222325");
    assert.equal(fingerprint(["a"]), "af63dc4c8601ec8c");
    assert.equal(fingerprint(["foobar"]), "85944171f73967e8");
    assert.equal(fingerprint(["foo", "bar"]), fingerprint(["foobar"]));
    const values = new Float32Array([1, -2.5, NaN]);
    assert.equal(fingerprint([values]), fingerprint([new Uint8Array(values.buffer)]));
    assert.notEqual(fingerprint([values]), fingerprint([new Float32Array([1, -2.5, 0])]));
  });

  it("fingerprint equals FNV-1a 64 by its definition in BigInt over every byte value", () => {
    const bytes = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919 + (i >> 8)) & 0xff);
    let hash = 0xcbf29ce484222325n;
    for (const byte of bytes) {
      hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    assert.equal(fingerprint([bytes]), hash.toString(16).padStart(16, "0"));
  });

  it("writeFileAtomic replaces a file whole and leaves no temporary file", async () => {
    await Deno.mkdir(dir, { recursive: true });
    await writeFileAtomic(`${dir}/a.txt`, "first");
    await writeFileAtomic(`${dir}/a.txt`, new TextEncoder().encode("second"));
    assert.equal(await Deno.readTextFile(`${dir}/a.txt`), "second");
    const names = [];
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
    assert.ok(!names.some((name) => name.endsWith(".tmp")), names.join(", "));
    await assert.rejects(writeFileAtomic(`${dir}/missing/b.txt`, "x"));
  });

  it("a trajectory reads back as written; a short data file is named in the error", async () => {
    const spec: ModelSpec = {
      kind: "sequential",
      inputShape: [3],
      layers: [{ type: "dense", units: 2 }],
    };
    const layout = modelLayout(spec);
    const run = `${dir}/run`;
    const writer = await createTrajectoryWriter(run, {
      model: spec,
      layout,
      settings: { seed: 4 },
    });
    const record = (step: number) => ({
      epoch: step / 2,
      step,
      trainLoss: 1 / (step + 1),
      trainAcc: 0.5,
      testLoss: 1,
      testAcc: 0.5,
    });
    for (let index = 0; index < 3; index++) {
      const values = Float32Array.from({ length: layout.size }, (_, i) => index * 10 + i);
      await writer.add({ index, step: 2 * index, epoch: index, values }, record(2 * index));
    }
    const unfinished = await readTrajectory(run);
    assert.equal(unfinished.complete, false);
    await writer.finish();
    const saved = await readTrajectory(run);
    assert.equal(saved.complete, true);
    assert.deepEqual(saved.model, spec);
    assert.deepEqual(saved.settings, { seed: 4 });
    assert.equal(saved.checkpoints.length, 3);
    assert.deepEqual(
      [...saved.checkpoints[2].values],
      Array.from({ length: layout.size }, (_, i) => 20 + i),
    );
    assert.deepEqual(saved.history.map((entry) => entry.step), [0, 2, 4]);
    const bytes = await Deno.readFile(`${run}/checkpoints.f32`);
    await Deno.writeFile(`${run}/checkpoints.f32`, bytes.subarray(0, bytes.length - 4));
    await assert.rejects(readTrajectory(run), (error: unknown) => {
      assert.ok(error instanceof LosscapeError);
      assert.match(
        error.message,
        /checkpoints\.f32: checkpoint 2 needs bytes up to 96, the file has 92$/,
      );
      return true;
    });
    await assert.rejects(
      readTrajectory(`${dir}/nowhere`),
      /nowhere\/checkpoints.json: cannot read the trajectory index: no such file/,
    );
  });
});
