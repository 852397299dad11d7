// Faults under a running command: SIGTERM and SIGINT, a checkpoint cut short by a crash, a disk
// that fills up during training and during a scan, an output folder turned read-only mid-run.
// Each must stop with one line, keep what was written, and resume to the bytes of a run that
// was never disturbed. The disk faults mount a small tmpfs, so they run only as root.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readTrajectory } from "../lib/train/checkpoint_files.ts";
import {
  checkpointCount,
  fillDisk,
  listFiles,
  mountCommand,
  mountTmpfs,
  runCli,
  sameBytes,
} from "./faults_helpers.ts";

const root = ".tmp/faults";
const train = (out: string) => ["train", "--dataset", "moons", "--epochs", "10", "--out", out];
const reference = `${root}/reference`;
const atCheckpoint = (out: string, count: number) => async () =>
  (await checkpointCount(`${out}/run`)) >= count;

/** The training run's files match the undisturbed run's byte for byte (the index but `out`). */
async function assertSameRun(out: string) {
  for (const file of ["checkpoints.f32", "model/group1-shard1of1.bin", "model/model.json"]) {
    assert.ok(await sameBytes(`${reference}/run/${file}`, `${out}/run/${file}`), file);
  }
  const index = async (dir: string) => {
    const json = JSON.parse(await Deno.readTextFile(`${dir}/run/checkpoints.json`));
    delete json.settings.out;
    return json;
  };
  assert.deepEqual(await index(out), await index(reference));
}

/** Runs `body` with a tmpfs at `dir`, or says in one line why the test is skipped. */
async function withTmpfs(dir: string, size: string, body: () => Promise<void>) {
  const problem = await mountTmpfs(dir, size);
  if (problem !== null) {
    console.log(`skipped: mounting a tmpfs needs root (${problem.split("\n")[0]})`);
    return;
  }
  try {
    await body();
  } finally {
    await mountCommand("umount", [dir]);
  }
}

describe("faults", () => {
  it("an undisturbed reference run", async () => {
    await Deno.remove(root, { recursive: true }).catch(() => {});
    const { code, stderr } = await runCli(train(reference));
    assert.equal(code, 0, stderr);
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal} stops cleanly (no temporary files) and the same command resumes`, async () => {
      const out = `${root}/${signal}`;
      const stopped = await runCli(train(out), { signal, when: atCheckpoint(out, 3) });
      assert.equal(stopped.code, signal === "SIGTERM" ? 143 : 130, stopped.stderr);
      assert.match(stopped.stderr, new RegExp(`stopped by ${signal}: .* run the same command`));
      const files = await listFiles(out);
      assert.deepEqual(files.filter((name) => name.endsWith(".tmp")), []);
      if (signal === "SIGINT") {
        // A crash that loses the end of the data file: the index names a checkpoint past it.
        const index = JSON.parse(await Deno.readTextFile(`${out}/run/checkpoints.json`));
        const kept = index.checkpoints.length;
        const end = index.checkpoints.at(-1).byteOffset + 4 * index.parameters;
        await Deno.truncate(`${out}/run/checkpoints.f32`, end - 10);
        const saved = await readTrajectory(`${out}/run`, { dropDamaged: true });
        assert.equal(saved.dropped, 1);
        assert.equal(saved.checkpoints.length, kept - 1);
        assert.ok(saved.resumeState, "the state of the checkpoint before is kept");
      }
      const resumed = await runCli(train(out));
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stderr, /resuming training from step/);
      if (signal === "SIGINT") assert.match(resumed.stderr, /cut it short\): dropped them/);
      await assertSameRun(out);
    });
  }

  it("a full disk during training: one line naming the folder; resumes once space is freed", async () => {
    const disk = `${root}/full-train`;
    await withTmpfs(disk, "1m", async () => {
      const out = `${disk}/out`;
      const filler = await fillDisk(disk, 40 * 1024);
      const failed = await runCli(train(out));
      assert.equal(failed.code, 2, failed.stderr);
      assert.match(failed.stderr, new RegExp(`^error: --out ${out}: the disk is full`, "m"));
      assert.equal(failed.stderr.trim().split("\n").filter((l) => l.startsWith("error")).length, 1);
      // What was written before is intact: every checkpoint the index names is the reference's.
      const saved = await readTrajectory(`${out}/run`);
      const whole = await readTrajectory(`${reference}/run`);
      assert.ok(saved.checkpoints.length >= 1 && saved.checkpoints.length < 11);
      saved.checkpoints.forEach((checkpoint, i) => {
        assert.deepEqual(checkpoint.values, whole.checkpoints[i].values);
      });
      await Deno.remove(filler);
      const resumed = await runCli(train(out));
      assert.equal(resumed.code, 0, resumed.stderr);
      await assertSameRun(out);
    });
  });

  it("a full disk during a scan: one line; resumes to the same grids once space is freed", async () => {
    const scan = (out: string) => [
      "scan",
      "--run",
      `${reference}/run`,
      "--grid",
      "9",
      "--samples",
      "200",
      "--workers",
      "1",
      "--out",
      out,
    ];
    const scanned = `${root}/scan-reference`;
    assert.equal((await runCli(scan(scanned))).code, 0);
    const disk = `${root}/full-scan`;
    await withTmpfs(disk, "1m", async () => {
      const out = `${disk}/out`;
      const filler = await fillDisk(disk, 40 * 1024);
      const failed = await runCli(scan(out));
      assert.equal(failed.code, 2, failed.stderr);
      assert.match(failed.stderr, new RegExp(`^error: --out ${out}: the disk is full`, "m"));
      await Deno.remove(filler);
      const resumed = await runCli(scan(out));
      assert.equal(resumed.code, 0, resumed.stderr);
      for (const plane of ["slice", "random", "pca"]) {
        for (const grid of ["train_loss.npy", "train_acc.npy"]) {
          const file = `${plane}/${grid}`;
          assert.ok(await sameBytes(`${scanned}/${file}`, `${out}/${file}`), file);
        }
      }
      assert.deepEqual((await listFiles(out)).filter((name) => name.endsWith(".tmp")), []);
    });
  });

  it("an output folder made read-only mid-run: one line; resumes once writable", async () => {
    const disk = `${root}/read-only`;
    await withTmpfs(disk, "8m", async () => {
      const out = `${disk}/out`;
      const failed = await runCli(train(out), {
        signal: "SIGCONT", // harmless: the cue's real work is the remount below
        when: async () => {
          if (!(await atCheckpoint(out, 3)())) return false;
          await mountCommand("mount", ["-o", "remount,ro", disk]);
          return true;
        },
      });
      assert.equal(failed.code, 2, failed.stderr);
      assert.match(
        failed.stderr,
        new RegExp(`^error: --out ${out}: the folder is on a read-only`, "m"),
      );
      await mountCommand("mount", ["-o", "remount,rw", disk]);
      const resumed = await runCli(train(out));
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stderr, /resuming training from step/);
      await assertSameRun(out);
    });
  });
});
