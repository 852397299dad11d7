// A scan split into shards run as separate processes (as array jobs run them), merged, must give
// the files of the same scan run whole; a missing shard leaves a partial merge that a later
// merge completes; a foreign shard is refused; a killed shard resumes.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readTrajectory } from "../lib/train/mod.ts";
import { fingerprint } from "../lib/io/mod.ts";
import { assertSamePlanes, runScript } from "./shard_helpers.ts";

const root = ".tmp/shards";
const run = `${root}/trained/run`;
const scan = (out: string, grid = 21) => [
  "--run",
  run,
  "--grid",
  String(grid),
  "--analyses",
  "",
  "--out",
  out,
];
const shardDirs = (out: string, indices: number[], count = 3) =>
  indices.map((index) => `${out}/shard-${index}-of-${count}`);
const planes = ["pca", "random", "slice"];

async function readJson(path: string) {
  return JSON.parse(await Deno.readTextFile(path));
}

describe("shards", () => {
  it("train once, scan whole, scan 3 shards as 3 processes", async () => {
    await Deno.remove(root, { recursive: true }).catch(() => {});
    const trained = await runScript("main", [
      "train",
      "--dataset",
      "moons",
      "--epochs",
      "4",
      "--out",
      `${root}/trained`,
    ]);
    assert.equal(trained.code, 0, trained.stderr);
    // The whole scan on every core; each shard on one: the worker count must not change a bit.
    const whole = await runScript("main", scan(`${root}/whole`));
    assert.equal(whole.code, 0, whole.stderr);
    const shards = await Promise.all(
      [0, 1, 2].map((index) =>
        runScript("main", [...scan(`${root}/parts`), "--workers", "1", "--shard", `${index}/3`])
      ),
    );
    for (const shard of shards) assert.equal(shard.code, 0, shard.stderr);
  });

  it("merged into their --out, the files equal the whole scan's, and the report is written", async () => {
    const out = `${root}/parts`;
    const merged = await runScript("merge", [out, ...shardDirs(out, [0, 1, 2])]);
    assert.equal(merged.code, 0, merged.stderr);
    await assertSamePlanes(`${root}/whole`, out, planes);
    assert.equal((await readJson(`${out}/run.json`)).complete, true);
    assert.equal((await readJson(`${out}/shards.json`)).complete, true);
    assert.ok((await Deno.stat(`${out}/report.html`)).size > 10_000);
  });

  it("shards of one scan split differently (1/2 with 0/4 and 2/4) merge into it too", async () => {
    const out = `${root}/mixed`;
    const runs = await Promise.all(
      ["1/2", "0/4", "2/4"].map((shard) =>
        runScript("main", [...scan(out), "--workers", "1", "--shard", shard])
      ),
    );
    for (const shard of runs) assert.equal(shard.code, 0, shard.stderr);
    const dirs = [`${out}/shard-1-of-2`, `${out}/shard-0-of-4`, `${out}/shard-2-of-4`];
    const merged = await runScript("merge", [out, ...dirs]);
    assert.equal(merged.code, 0, merged.stderr);
    await assertSamePlanes(`${root}/whole`, out, planes);
  });

  it("every shard scans around the whole scan's centre and directions", async () => {
    const whole = await readJson(`${root}/whole/random/landscape.json`);
    const center = (await readTrajectory(run)).checkpoints.at(-1)!.values;
    for (const dir of shardDirs(`${root}/parts`, [0, 1, 2])) {
      const manifest = await readJson(`${dir}/shard.json`);
      const random = manifest.planes.find((plane: { dir: string }) => plane.dir === "random");
      assert.equal(random.fingerprint, whole.fingerprint);
      assert.equal(random.hashes.center, fingerprint([center]));
    }
  });

  it("without a run (--epochs 0): the whole scan's initial weights, merged to its files", async () => {
    const args = ["--dataset", "moons", "--epochs", "0", "--grid", "9", "--analyses", ""];
    const whole = await runScript("main", [...args, "--out", `${root}/untrained`]);
    assert.equal(whole.code, 0, whole.stderr);
    const shard = await runScript("main", [...args, "--out", `${root}/untrained-parts`], {
      env: { SHARD_INDEX: "1", SHARD_COUNT: "2" },
    });
    assert.equal(shard.code, 0, shard.stderr);
    const center = (await readTrajectory(`${root}/untrained/run`)).checkpoints.at(-1)!.values;
    const manifest = await readJson(`${root}/untrained-parts/shard-1-of-2/shard.json`);
    const whole2d = await readJson(`${root}/untrained/random/landscape.json`);
    const random = manifest.planes.find((plane: { dir: string }) => plane.dir === "random");
    assert.equal(random.hashes.center, fingerprint([center]));
    assert.equal(random.fingerprint, whole2d.fingerprint);
    const other = await runScript("main", [
      ...args,
      "--out",
      `${root}/untrained-parts`,
      "--shards",
      "2",
    ], {
      env: { AWS_BATCH_JOB_ARRAY_INDEX: "0" },
    });
    assert.equal(other.code, 0, other.stderr);
    const out = `${root}/untrained-parts`;
    const merged = await runScript("merge", [out, `${out}/shard-0-of-2`, `${out}/shard-1-of-2`]);
    assert.equal(merged.code, 0, merged.stderr);
    await assertSamePlanes(`${root}/untrained`, out, ["random", "slice"]);
  });

  it("a missing shard: exit 1 naming its tiles; merging it later completes the scan", async () => {
    const out = `${root}/partial`;
    const first = await runScript("merge", [out, ...shardDirs(`${root}/parts`, [0, 2])]);
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stderr, /missing tiles/);
    assert.match(first.stderr, /random: tiles 1, 4 of 7 \(shard 1\/3\)/);
    assert.match(first.stderr, /slice: tiles 1 of 2 \(shard 1\/3\)/);
    const partial = await readJson(`${out}/random/landscape.json`);
    assert.equal(partial.complete, false);
    assert.equal(partial.pointsDone, 441 - 128);
    assert.deepEqual((await readJson(`${out}/shards.json`)).planes[1].missingTiles, [1, 4]);
    const second = await runScript("merge", [out, ...shardDirs(`${root}/parts`, [1])]);
    assert.equal(second.code, 0, second.stderr);
    await assertSamePlanes(`${root}/whole`, out, planes);
  });

  it("a shard of another scan, or another scan's merged folder: one line, exit 2", async () => {
    const other = await runScript("main", [...scan(`${root}/other`, 11), "--shard", "0/3"]);
    assert.equal(other.code, 0, other.stderr);
    const foreign = await runScript("merge", [
      `${root}/foreign`,
      ...shardDirs(`${root}/parts`, [0, 1]),
      `${root}/other/shard-0-of-3`,
    ]);
    assert.equal(foreign.code, 2, foreign.stderr);
    assert.match(
      foreign.stderr,
      /^error: \.tmp\/shards\/other\/shard-0-of-3: a shard of another scan/,
    );
    assert.equal(foreign.stderr.trim().split("\n").length, 1);
    const into = await runScript("merge", [`${root}/parts`, `${root}/other/shard-0-of-3`]);
    assert.equal(into.code, 2, into.stderr);
    assert.match(into.stderr, /^error: \.tmp\/shards\/parts: holds the merge of another scan/);
    const missing = await runScript("merge", [`${root}/foreign`, `${root}/nowhere`]);
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /^error: \.tmp\/shards\/nowhere: no such shard folder\n$/);
  });

  it("a merge that would compute other planes than the shards' stops, keeping them", async () => {
    const spec = (activation: string) =>
      JSON.stringify({
        kind: "sequential",
        inputShape: [2],
        layers: [{ type: "dense", units: 8, activation }, { type: "dense", units: 2 }],
      });
    const model = `${root}/model.json`;
    await Deno.writeTextFile(model, spec("relu"));
    const args = ["--dataset", "moons", "--model", model, "--epochs", "0", "--grid", "5"];
    const shard = await runScript("main", [
      ...args,
      "--analyses",
      "",
      "--out",
      `${root}/moved`,
      "--shard",
      "0/1",
    ]);
    assert.equal(shard.code, 0, shard.stderr);
    // The merge machine reads another model under the same name.
    await Deno.writeTextFile(model, spec("tanh"));
    const out = `${root}/moved/merged`;
    const merge = await runScript("merge", [out, `${root}/moved/shard-0-of-1`]);
    assert.equal(merge.code, 2, merge.stderr);
    assert.match(
      merge.stderr,
      /merged\/slice: the merged plane is not the plane this scan computes here/,
    );
    assert.equal(merge.stderr.match(/^error:/gm)?.length, 1, merge.stderr);
    const shardGrid = await Deno.readFile(`${root}/moved/shard-0-of-1/random/train_loss.npy`);
    assert.deepEqual(await Deno.readFile(`${out}/random/train_loss.npy`), shardGrid);
    const whole = await runScript("merge", [`${root}/whole`, `${root}/moved/shard-0-of-1`]);
    assert.equal(whole.code, 2, whole.stderr);
    assert.match(whole.stderr, /whole: holds a scan that was not merged from shards/);
  });

  it("a killed shard resumes: finished planes are kept, the rest is scanned", async () => {
    const out = `${root}/killed`;
    // An 81x81 grid keeps the planes after the slice busy for about a second on one thread,
    // however fast the slice was: the signal (polled every 50 ms) lands within them.
    const args = [...scan(out, 81), "--workers", "1", "--shard", "0/3"];
    const dir = `${out}/shard-0-of-3`;
    // Killed once the slice has started: the signal lands within the planes, before shard.json.
    const killed = await runScript("main", args, {
      signal: {
        signal: "SIGTERM",
        when: async () => (await Deno.stat(`${dir}/slice/directions.npy`)).isFile,
      },
    });
    assert.equal(killed.code, 143, killed.stderr);
    assert.match(killed.stderr, /stopped by SIGTERM/);
    await assert.rejects(Deno.stat(`${dir}/shard.json`));
    const finished = async () => {
      const times: Record<string, number | undefined> = {};
      for (const plane of planes) {
        const info = await Deno.stat(`${dir}/${plane}/landscape.json`).catch(() => null);
        if (info) times[plane] = info.mtime?.getTime();
      }
      return times;
    };
    const kept = await finished();
    const resumed = await runScript("main", args);
    assert.equal(resumed.code, 0, resumed.stderr);
    const after = await finished();
    for (const plane of Object.keys(kept)) assert.equal(after[plane], kept[plane], plane);
    const undisturbed = await runScript("main", [
      ...scan(`${root}/calm`, 81),
      "--workers",
      "1",
      "--shard",
      "0/3",
    ]);
    assert.equal(undisturbed.code, 0, undisturbed.stderr);
    await assertSamePlanes(`${root}/calm/shard-0-of-3`, dir, planes);
  });
});
