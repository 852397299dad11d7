// The comparison report of a real two-variant sweep opens in headless Chromium with no console
// message and shows every section. Skipped, with one line, where Chromium is not installed.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { parseVary, runSweep } from "../lib/sweep/mod.ts";
import { runCompare } from "../lib/compare/mod.ts";
import { resolveSettings } from "../lib/run/mod.ts";

const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

async function chromiumVersion(): Promise<string | null> {
  try {
    const { success, stdout } = await new Deno.Command("chromium", { args: ["--version"] })
      .output();
    return success ? new TextDecoder().decode(stdout).trim() : null;
  } catch {
    return null;
  }
}

const version = await chromiumVersion();
const SKIPPED = "chromium is not installed: the comparison report's browser check is skipped";
if (!version) console.log(SKIPPED);

describe("the comparison report in a browser", () => {
  it(
    "opens in headless Chromium without console messages and draws every section",
    { skip: version ? false : SKIPPED },
    async () => {
      const out = ".tmp/render_compare_chromium_test";
      await Deno.remove(out, { recursive: true }).catch(() => {});
      const base = {
        ...resolveSettings(null, {
          dataset: "moons",
          syntheticSize: "200",
          epochs: "3",
          grid: "9",
          samples: "100",
          splits: "train,test",
          hessian: "true",
          hessianLayers: "none",
          hessianTop: "2",
          hessianTraceVectors: "10",
        }),
        out: `${out}/sweep`,
        workers: 1,
      };
      await runSweep({ base, axes: [parseVary("lr=0.05,0.2")] });
      await runCompare({ dirs: [`${out}/sweep`], out: `${out}/compare`, grid: 9 });
      const { stdout, stderr } = await new Deno.Command("chromium", {
        args: [
          ...CHROMIUM_FLAGS,
          `--user-data-dir=${resolve(out, "profile")}`,
          "--enable-logging=stderr",
          "--v=0",
          "--virtual-time-budget=5000",
          "--dump-dom",
          `file://${resolve(out, "compare", "compare.html")}`,
        ],
      }).output();
      const log = new TextDecoder().decode(stderr);
      const consoleLines = log.split("\n").filter((line) => line.includes(":CONSOLE"));
      assert.deepEqual(consoleLines, []);
      const dom = new TextDecoder().decode(stdout);
      for (
        const id of [
          "summary",
          "training",
          "slices",
          "contours",
          "surfaces",
          "sharpness",
          "interpolation",
          "common-plane",
          "intensity",
          "health",
          "diagnosis",
        ]
      ) {
        assert.match(dom, new RegExp(`<section id="${id}">`));
      }
      // One contour panel per variant, and the common plane's.
      assert.equal(dom.match(/aria-label="contour"/g)?.length, 3);
      assert.doesNotMatch(dom, /Please check the console/);
    },
  );
});
