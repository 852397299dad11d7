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

  it("stopping atomic writes lets those in flight finish whole, leaves no temporary file, starts no new one", async () => {
    // A temporary file whose write is still in flight cannot be removed safely (the write may
    // create it after the removal), so the stop waits for writes in progress. In a child process:
    // the stop is for good.
    const stopDir = `${dir}/stop`;
    await Deno.remove(stopDir, { recursive: true }).catch(() => {});
    await Deno.mkdir(stopDir, { recursive: true });
    const child = await new Deno.Command("deno", {
      args: [
        "run",
        "--no-prompt",
        `--allow-read=${stopDir}`,
        `--allow-write=${stopDir}`,
        "tests/fixtures/stop_atomic_writes.ts",
        stopDir,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(child.code, 0, new TextDecoder().decode(child.stderr));
    const { removed, size } = JSON.parse(new TextDecoder().decode(child.stdout));
    const names = [...Deno.readDirSync(stopDir)].map((entry) => entry.name).sort();
    assert.deepEqual(names.filter((name) => name.endsWith(".tmp")), []);
    assert.ok(!names.includes("late.bin"), names.join(", "));
    // Every file in place is whole; only writes cut off by the wait's end are missing.
    assert.equal(names.length + removed, 8, names.join(", "));
    for (const name of names) {
      const bytes = await Deno.readFile(`${stopDir}/${name}`);
      const fill = Number(name.match(/file-(\d)/)![1]) + 1;
      assert.equal(bytes.length, size, name);
      assert.ok(bytes.every((byte) => byte === fill), name);
    }
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

  it("a stop between a checkpoint's state files and its index resumes from matching state", async () => {
    // Training writes a checkpoint's data, then its state files, then the index. A stop after the
    // state files leaves them one checkpoint ahead of the index; the state read back must still
    // be the one of the index's last checkpoint (and of the one before when that is cut short).
    const spec: ModelSpec = {
      kind: "sequential",
      inputShape: [2],
      layers: [{ type: "dense", units: 1 }],
    };
    const layout = modelLayout(spec);
    const record = (step: number) => ({
      epoch: step,
      step,
      trainLoss: 1,
      trainAcc: 0.5,
      testLoss: 1,
      testAcc: 0.5,
    });
    const state = (step: number) => ({
      optimizer: {
        steps: step,
        slots: { velocity: new Float32Array(layout.size).fill(step + 0.5) },
      },
      rng: { epochStart: [step, 1, 2, 3, Number.NaN], current: [step, 4, 5, 6, Number.NaN] },
    });
    const write = async (run: string, count: number) => {
      await Deno.remove(run, { recursive: true }).catch(() => {});
      const writer = await createTrajectoryWriter(run, { model: spec, layout });
      for (let index = 0; index < count; index++) {
        const values = new Float32Array(layout.size).fill(index);
        await writer.add({ index, step: index, epoch: index, values }, record(index), state(index));
      }
    };
    const stopped = `${dir}/stopped`;
    await write(stopped, 4);
    await write(`${dir}/whole`, 5);
    // The fifth checkpoint's state files beside the index of four: a stop before its index.
    for (const file of ["resume.4.f32", "resume.4.json"]) {
      await Deno.copyFile(`${dir}/whole/${file}`, `${stopped}/${file}`);
    }
    const stateFiles = [...Deno.readDirSync(stopped)].map((entry) => entry.name)
      .filter((name) => name.startsWith("resume.")).sort();
    assert.deepEqual(stateFiles, [
      "resume.2.f32",
      "resume.2.json",
      "resume.3.f32",
      "resume.3.json",
      "resume.4.f32",
      "resume.4.json",
    ]);
    const saved = await readTrajectory(stopped);
    assert.equal(saved.checkpoints.length, 4);
    assert.equal(saved.resumeState?.optimizer.steps, 3);
    assert.equal(saved.resumeState?.optimizer.slots.velocity[0], 3.5);
    assert.deepEqual(saved.resumeState?.rng.current.slice(0, 4), [3, 4, 5, 6]);
    // The last indexed checkpoint cut short by a crash: the state of the one before is there.
    const end = 4 * layout.size * 4;
    await Deno.truncate(`${stopped}/checkpoints.f32`, end - 2);
    const dropped = await readTrajectory(stopped, { dropDamaged: true });
    assert.equal(dropped.dropped, 1);
    assert.equal(dropped.resumeState?.optimizer.steps, 2);
    assert.equal(dropped.resumeState?.optimizer.slots.velocity[0], 2.5);
    // A finished run keeps no state files.
    const finished = await createTrajectoryWriter(
      `${dir}/whole`,
      { model: spec, layout },
      await readTrajectory(`${dir}/whole`),
    );
    await finished.finish();
    assert.deepEqual(
      [...Deno.readDirSync(`${dir}/whole`)].filter((e) => e.name.startsWith("resume.")),
      [],
    );
  });
});
