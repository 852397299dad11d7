// Which shard a process computes: the flag, the array-job engines' variables, their conflicts;
// and the split of a grid's tiles, which must give every tile to exactly one shard.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { shardFromCommandLine } from "../cli/shard_args.ts";
import {
  missingTiles,
  parseShard,
  pointsOfOtherShards,
  scanPlane,
  SHARD_TILE_POINTS,
  shardTiles,
} from "../lib/scan/mod.ts";
import { LosscapeError } from "../lib/errors.ts";
import { runScript } from "./shard_helpers.ts";

const decide = (argv: string[], env: Record<string, string> = {}) =>
  shardFromCommandLine(argv, env);

describe("shard tiles", () => {
  it("every tile goes to exactly one shard, at awkward sizes", () => {
    for (const points of [0, 1, 63, 64, 65, 128, 441, 1681]) {
      for (const count of [1, 2, 3, 5, 8]) {
        const owners = new Array(Math.ceil(points / SHARD_TILE_POINTS)).fill(0);
        const covered = new Uint8Array(points);
        for (let index = 0; index < count; index++) {
          const shard = { index, count };
          for (const tile of shardTiles(points, shard)) owners[tile]++;
          const skip = pointsOfOtherShards(points, shard);
          skip.forEach((flag, point) => {
            if (flag === 0) covered[point]++;
            // A point is this shard's exactly when its tile is in the shard's list.
            const mine = shardTiles(points, shard).includes(Math.floor(point / SHARD_TILE_POINTS));
            assert.equal(flag === 0, mine);
          });
        }
        assert.ok(owners.every((owned) => owned === 1), `${points} points, ${count} shards`);
        assert.ok(covered.every((times) => times === 1));
      }
    }
  });

  it("parses INDEX/COUNT", () => {
    assert.deepEqual(parseShard("0/1", "--shard"), { index: 0, count: 1 });
    assert.deepEqual(parseShard(" 7/8 ", "--shard"), { index: 7, count: 8 });
  });

  it("scanPlane computes only a shard's points; the shards together give the whole grid", async () => {
    // Closed form f(a, b) = a^2 + 3b, evaluated in whatever tiles the scan makes.
    const evaluator = {
      evaluate(
        a: ArrayLike<number>,
        b: ArrayLike<number> | null,
        loss: Float32Array,
        acc: Float32Array,
      ) {
        for (let i = 0; i < a.length; i++) {
          loss[i] = a[i] ** 2 + 3 * (b ? b[i] : 0);
          acc[i] = 1;
        }
      },
    };
    const xcoordinates = Array.from({ length: 13 }, (_, i) => i / 4 - 1.5);
    const ycoordinates = Array.from({ length: 11 }, (_, j) => j / 5 - 1);
    const joined = new Float32Array(143).fill(NaN);
    for (let index = 0; index < 3; index++) {
      const skip = pointsOfOtherShards(143, { index, count: 3 });
      const { landscape, done } = await scanPlane({
        evaluator,
        plane: "test",
        xcoordinates,
        ycoordinates,
        skip,
        tilePoints: 10,
      });
      done.forEach((flag, point) => {
        assert.equal(flag, 1 - skip[point]);
        const value = landscape.metrics.train_loss[point];
        if (flag) joined[point] = value;
        else assert.ok(Number.isNaN(value));
      });
    }
    joined.forEach((value, point) => {
      const [a, b] = [xcoordinates[point % 13], ycoordinates[Math.floor(point / 13)]];
      assert.equal(value, Math.fround(a ** 2 + 3 * b));
    });
  });

  it("names the tiles with a point not done", () => {
    const done = new Uint8Array(200).fill(1);
    done[0] = 0;
    done[199] = 0;
    assert.deepEqual(missingTiles(done), [0, 3]);
    assert.deepEqual(missingTiles(new Uint8Array(0)), []);
  });
});

describe("--shard and the array-job variables", () => {
  it("reads the flag in both spellings and takes it out of the command line", () => {
    assert.deepEqual(decide(["--grid", "11", "--shard", "1/3"]), {
      argv: ["--grid", "11"],
      shard: { index: 1, count: 3 },
    });
    assert.deepEqual(decide(["--shard=0/1"]).shard, { index: 0, count: 1 });
    assert.deepEqual(decide(["--grid", "11"]), { argv: ["--grid", "11"], shard: null });
  });

  it("takes the index from each engine's variable with --shards", () => {
    const engines = ["SHARD_INDEX", "JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"];
    for (const name of engines) {
      assert.deepEqual(decide(["--shards", "4"], { [name]: "3" }).shard, { index: 3, count: 4 });
    }
    assert.deepEqual(decide(["--shards=2"], { CLOUD_RUN_TASK_INDEX: "1" }).shard, {
      index: 1,
      count: 2,
    });
  });

  it("reads the index and count pairs without a flag", () => {
    assert.deepEqual(decide([], { SHARD_INDEX: "2", SHARD_COUNT: "5" }).shard, {
      index: 2,
      count: 5,
    });
    const cloudRun = { CLOUD_RUN_TASK_INDEX: "6", CLOUD_RUN_TASK_COUNT: "8" };
    assert.deepEqual(decide([], cloudRun).shard, { index: 6, count: 8 });
    // A Cloud Run job of one task, or an index with no count: a whole scan.
    assert.equal(decide([], { CLOUD_RUN_TASK_INDEX: "0", CLOUD_RUN_TASK_COUNT: "1" }).shard, null);
    assert.equal(decide([], { JOB_COMPLETION_INDEX: "2" }).shard, null);
  });

  const bad: [string[], Record<string, string>, RegExp][] = [
    [["--shard", "3/3"], {}, /^--shard: the shard index must be 0 to 2 for 3 shards: got 3$/],
    [["--shard", "1/0"], {}, /^--shard: the shard count must be an integer >= 1: got 0$/],
    [
      ["--shard", "a/3"],
      {},
      /^--shard must be INDEX\/COUNT with a 0-based index, e.g. 0\/4: got "a\/3"$/,
    ],
    [["--shard", "-1/3"], {}, /^--shard must be INDEX\/COUNT/],
    [["--shard"], {}, /^--shard needs a value, e.g. --shard 0\/4$/],
    [["--shards", "0"], {}, /^--shards must be an integer >= 1: got "0"$/],
    [
      ["--shards", "3"],
      {},
      /^--shards 3 needs the shard index from SHARD_INDEX, JOB_COMPLETION_INDEX/,
    ],
    [
      ["--shards", "3"],
      { JOB_COMPLETION_INDEX: "3" },
      /^JOB_COMPLETION_INDEX=3: the shard index must be 0 to 2/,
    ],
    [
      ["--shards", "3"],
      { AWS_BATCH_JOB_ARRAY_INDEX: "x" },
      /^AWS_BATCH_JOB_ARRAY_INDEX must be an integer >= 0: got "x"$/,
    ],
    [["--shard", "1/3"], { SHARD_INDEX: "2" }, /^--shard 1\/3 conflicts with SHARD_INDEX=2/],
    [
      ["--shard", "1/3"],
      { CLOUD_RUN_TASK_COUNT: "4" },
      /^--shard 1\/3 conflicts with CLOUD_RUN_TASK_COUNT=4/,
    ],
    [["--shard", "1/3", "--shards", "4"], {}, /conflicts with --shards 4/],
    [
      ["--shards", "3"],
      { CLOUD_RUN_TASK_COUNT: "4" },
      /^--shards 3 conflicts with CLOUD_RUN_TASK_COUNT=4/,
    ],
    [
      [],
      { SHARD_INDEX: "1", JOB_COMPLETION_INDEX: "2" },
      /^SHARD_INDEX=1 and JOB_COMPLETION_INDEX=2 disagree$/,
    ],
    [
      [],
      { SHARD_INDEX: "1" },
      /^SHARD_INDEX is set without its pair: set SHARD_INDEX and SHARD_COUNT$/,
    ],
    [[], { SHARD_COUNT: "0" }, /^SHARD_COUNT must be an integer >= 1: got "0"$/],
  ];
  for (const [argv, env, message] of bad) {
    it(`refuses ${[...argv, ...Object.entries(env).map((pair) => pair.join("="))].join(" ")}`, () => {
      assert.throws(() => decide(argv, env), (error: Error) => {
        assert.ok(error instanceof LosscapeError);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});

describe("shard bad input from the command line: one line, exit 2", () => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ["an index out of range", ["--shard", "3/3"], {}, /--shard: the shard index must be 0 to 2/],
    ["a malformed --shard", ["--shard", "two"], {}, /--shard must be INDEX\/COUNT/],
    [
      "variables that conflict",
      ["--shards", "3"],
      { SHARD_INDEX: "0", JOB_COMPLETION_INDEX: "1" },
      /disagree/,
    ],
    [
      "a shard that would train",
      ["--dataset", "moons", "--shard", "0/2", "--out", ".tmp/shard-args"],
      {},
      /--shard 0\/2 scans a trained run/,
    ],
    [
      "--shard with train",
      ["train", "--shard", "0/2"],
      {},
      /^error: --shard applies to scan only: got train\n$/,
    ],
  ];
  for (const [what, args, env, message] of cases) {
    it(what, async () => {
      const { code, stderr } = await runScript("main", args, { env });
      assert.equal(code, 2, stderr);
      assert.match(stderr, message);
      assert.equal(stderr.trim().split("\n").length, 1, stderr);
    });
  }
  it("merge without shard folders", async () => {
    const { code, stderr } = await runScript("merge", [".tmp/shard-args"]);
    assert.equal(code, 2, stderr);
    assert.match(stderr, /^error: expected the merged folder and at least one shard folder/);
  });
});
