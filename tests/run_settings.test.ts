// The settings of a run: their type follows the settings table, and repeating a run (every
// settings file losscape writes is accepted by --config) comes out bit for bit the same.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseCommand } from "../cli/args.ts";
import { runScan } from "../lib/run/run_scan.ts";
import { resolveSettings, type RunSettings, SETTINGS } from "../lib/run/settings.ts";

const dir = ".tmp/run_settings_roundtrip_test";
const readText = (path: string) => Deno.readTextFile(path);

/** Every file under a folder, by relative path, that holds numbers of the run. */
async function numberFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const plane of ["slice", "random", "pca"]) {
    for await (const entry of Deno.readDir(`${root}/${plane}`)) {
      if (entry.name.endsWith(".npy")) found.push(`${plane}/${entry.name}`);
    }
  }
  return [...found.sort(), "run/checkpoints.f32", "run/model/group1-shard1of1.bin"];
}

describe("settings files", () => {
  it("run/settings.json repeats the run with --config, bit for bit; run.json's settings parse too", async () => {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    const first = `${dir}/first`;
    await runScan({
      dataset: "moons",
      syntheticSize: 200,
      epochs: 3,
      grid: 5,
      samples: 100,
      splits: ["train", "test"],
      optimizer: "adam",
      lr: 0.01,
      seed: 4,
      workers: 1,
      out: first,
      quiet: true,
    });
    const again = `${dir}/again`;
    const { settings } = await parseCommand(
      ["--config", `${first}/run/settings.json`, "--out", again],
      readText,
    );
    assert.equal(settings.optimizer, "adam");
    assert.deepEqual(settings.splits, ["train", "test"]);
    await runScan(settings);
    const files = await numberFiles(first);
    assert.ok(files.includes("random/test_loss.npy"), files.join(", "));
    for (const file of files) {
      const a = await Deno.readFile(`${first}/${file}`);
      const b = await Deno.readFile(`${again}/${file}`);
      assert.ok(a.length > 0 && a.every((byte, i) => byte === b[i]) && a.length === b.length, file);
    }
    // The settings recorded in run.json are settings too.
    await Deno.writeTextFile(
      `${dir}/from_run_json.json`,
      JSON.stringify(JSON.parse(await readText(`${again}/run.json`)).settings),
    );
    const fromRun = await parseCommand(["--config", `${dir}/from_run_json.json`], readText);
    assert.equal(fromRun.settings.seed, 4);
  });
});

describe("RunSettings, derived from the settings table", () => {
  it("holds one value of its row's kind for every row, and nothing else", () => {
    const settings: RunSettings = resolveSettings(null, {});
    for (const [name, field] of Object.entries(SETTINGS)) {
      const value = (settings as Record<string, unknown>)[name];
      if (field.default === undefined) {
        assert.equal(value, undefined, name);
        continue;
      }
      const expected = { int: "number", number: "number", bool: "boolean", string: "string" };
      if (field.kind === "list") assert.ok(Array.isArray(value), name);
      else if (field.kind === "enum") {
        assert.ok((field.words as readonly unknown[]).includes(value));
      } else assert.equal(typeof value, expected[field.kind], name);
    }
    assert.deepEqual(Object.keys(settings).sort(), Object.keys(SETTINGS).sort());
  });

  it("types each field by its row (checked by the compiler)", () => {
    const settings = resolveSettings(null, { scale: "standardize", splits: "train,test" });
    const scale: "none" | "unit-range" | "standardize" = settings.scale;
    const splits: ("train" | "test")[] = settings.splits;
    const epochs: number = settings.epochs;
    // @ts-expect-error init has no default, so it may be undefined
    const init: string = settings.init;
    // @ts-expect-error no such setting
    settings.learningRate;
    assert.deepEqual([scale, splits, epochs, init], [
      "standardize",
      ["train", "test"],
      8,
      undefined,
    ]);
  });
});
