// The demo's committed model folder is what `deno task demo:model` writes (training, directions
// and samples are all seeded), so it was produced by the script, and stays reproducible.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadDemoModel } from "../web/demo/demo_model.ts";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const DIR = ".tmp/demo_model_test";
const FILES = ["model.json", "center.npy", "directions.npy", "samples-x.npy", "samples-y.npy"];

describe("the demo model", () => {
  it("is byte for byte what scripts/demo_model.ts writes", async () => {
    await Deno.remove(DIR, { recursive: true }).catch(() => {});
    const { success, stderr } = await new Deno.Command("deno", {
      args: [
        "run",
        "-q",
        "--no-prompt",
        "--allow-read=.",
        `--allow-write=${DIR}`,
        "scripts/demo_model.ts",
        DIR,
      ],
      env: { NO_COLOR: "1" },
    }).output();
    assert.ok(success, new TextDecoder().decode(stderr));
    for (const name of FILES) {
      assert.deepEqual(
        await Deno.readFile(`${DIR}/${name}`),
        await Deno.readFile(`web/demo/model/${name}`),
        name,
      );
    }
  });

  it("loads as the evaluator takes it: a trained model, its plane and its samples", async () => {
    const model = await loadDemoModel(pathToFileURL(resolve("web/demo/model")).href + "/");
    assert.equal(model.center.length, 1218); // 2*32+32 + 32*32+32 + 32*2+2
    assert.equal(model.d1.length, model.center.length);
    assert.equal(model.data.count, 400);
    assert.equal(model.data.features, 2);
    assert.ok(model.data.y.every((label) => label === 0 || label === 1));
    assert.ok((model.about.testAccuracy as number) > 0.9);
  });
});
