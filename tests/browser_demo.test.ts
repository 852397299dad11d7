// The demo in headless Chromium (puppeteer-core), served on 127.0.0.1 with COOP/COEP: no
// console error or warning, no failed request, Workers used (the page is cross-origin
// isolated), the landscape redrawn as tiles arrive, and every loss and accuracy bit-identical
// to the engine's under Deno with the same kernel variant (each point is computed on its own,
// so neither the tiling nor the Workers change a bit). The whole-library bundle loads in the
// page. Skipped, with one line, where Chromium is not installed (.ci/run installs it with apt).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createPlaneEvaluator, type KernelVariant } from "../lib/engine/mod.ts";
import { linspace } from "../lib/scan/mod.ts";
import { loadDemoModel } from "../web/demo/demo_model.ts";

const DIR = ".tmp/browser_demo_test";
const SIZE = 15, RANGE = 0.5;

async function chromiumInstalled(): Promise<boolean> {
  try {
    return (await new Deno.Command("chromium", { args: ["--version"] }).output()).success;
  } catch {
    return false;
  }
}

async function deno(args: string[]): Promise<string> {
  const { success, stdout, stderr } = await new Deno.Command("deno", {
    args,
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  assert.ok(success, `deno ${args.join(" ")}:\n${decoder.decode(stderr)}`);
  return decoder.decode(stdout);
}

interface DemoScan {
  state: string;
  workers: number;
  kernel: KernelVariant;
  crossOriginIsolated: boolean;
  redraws: number;
  scan: { xs: number[]; ys: number[]; loss: number[]; accuracy: number[]; tiles: number };
}

const SKIPPED = "chromium is not installed: the demo's browser test is skipped";
const installed = await chromiumInstalled();
if (!installed) console.log(SKIPPED);

describe("the demo page in a browser", () => {
  it(
    "draws live on Workers, with no console message, the same numbers as Deno's engine",
    { skip: installed ? false : SKIPPED },
    async () => {
      await Deno.remove(DIR, { recursive: true }).catch(() => {});
      const run = ["run", "-q", "--no-prompt", "--allow-read=.", `--allow-write=${DIR}`];
      await deno([...run, "--allow-run=deno", "scripts/bundle.ts", DIR]);
      // puppeteer reads the whole environment (its `debug` dependency), hence --allow-env.
      const output = await deno([
        ...run,
        "--allow-net=127.0.0.1",
        "--allow-env",
        "--allow-run=chromium",
        "tests/browser/drive_demo.ts",
        DIR,
        String(SIZE),
        String(RANGE),
        `${DIR}/demo.png`,
      ]);
      const seen = JSON.parse(output.trim().split("\n").pop()!);
      assert.deepEqual(seen.messages, []);
      const demo: DemoScan = seen.demo;
      assert.equal(demo.state, "done");
      assert.equal(demo.crossOriginIsolated, true);
      assert.ok(demo.workers >= 2, `workers: ${demo.workers}`);
      // The pool starts once and both scans run on it.
      assert.equal(seen.workers, demo.workers, `Workers started: ${seen.workers}`);
      // One redraw per tile (row), in both scans: drawn as tiles arrive, not once at the end.
      assert.equal(demo.scan.tiles, SIZE);
      assert.equal(demo.redraws, seen.first.redraws + SIZE);
      assert.equal(seen.first.redraws, 41);
      assert.ok(seen.library.includes("createPlaneEvaluator"), "the mod.ts bundle loads");

      const axis = linspace(-RANGE, RANGE, SIZE);
      assert.deepEqual(demo.scan.xs, axis);
      assert.deepEqual(demo.scan.ys, axis);
      const model = await loadDemoModel(pathToFileURL(resolve("web/demo/model")).href + "/");
      const evaluator = await createPlaneEvaluator({ ...model, kernel: demo.kernel });
      const alphas = axis.flatMap(() => axis), betas = axis.flatMap((b) => axis.map(() => b));
      const loss = new Float32Array(alphas.length), accuracy = new Float32Array(alphas.length);
      evaluator.evaluate(alphas, betas, loss, accuracy);
      evaluator.dispose();
      assert.deepEqual(demo.scan.loss, Array.from(loss));
      assert.deepEqual(demo.scan.accuracy, Array.from(accuracy));
      // Not a flat plane: the trained centre is a minimum the edges rise from.
      const centre = loss[(SIZE * SIZE - 1) / 2];
      assert.ok(loss.every((value) => value >= centre), `centre ${centre}`);
    },
  );
});
