// The report of a real run opens in headless Chromium with no console message (no script
// error, no failed load, no Plot warning) and shows its figures. Skipped, with one line, where
// Chromium is not installed (.ci/run installs it with apt).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { runScan } from "../lib/run/run_scan.ts";

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
const SKIPPED = "chromium is not installed: the report's browser check is skipped";
if (!version) console.log(SKIPPED);

describe("the report in a browser", () => {
  it(
    "opens in headless Chromium without console messages and draws every figure",
    { skip: version ? false : SKIPPED },
    async () => {
      const out = ".tmp/render_report_chromium_test";
      await Deno.remove(out, { recursive: true }).catch(() => {});
      await runScan({
        dataset: "moons",
        syntheticSize: 200,
        epochs: 3,
        grid: 7,
        samples: 100,
        splits: ["train", "test"],
        workers: 1,
        out,
      });
      const { stdout, stderr } = await new Deno.Command("chromium", {
        args: [
          ...CHROMIUM_FLAGS,
          `--user-data-dir=${resolve(out, "profile")}`,
          "--enable-logging=stderr",
          "--v=0",
          "--virtual-time-budget=5000",
          "--dump-dom",
          `file://${resolve(out, "report.html")}`,
        ],
      }).output();
      const log = new TextDecoder().decode(stderr);
      const consoleLines = log.split("\n").filter((line) => line.includes(":CONSOLE"));
      assert.deepEqual(consoleLines, []);
      const dom = new TextDecoder().decode(stdout);
      for (const id of ["training", "slice", "random-plane", "pca-plane"]) {
        assert.match(dom, new RegExp(`<section id="${id}">`));
      }
      assert.equal(dom.match(/aria-label="contour"/g)?.length, 4);
      assert.doesNotMatch(dom, /Please check the console/);
    },
  );
});
