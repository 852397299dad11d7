// The analyses on the command line: flags, `deno task analyze --run DIR`, and bad input (a
// checkpoint that does not exist, image saliency on non-image data, no --run, a run folder
// without checkpoints, --samples 0), each one line and exit 2, leaving earlier files intact.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { helpText, parseCommand } from "../cli/args.ts";
import { LosscapeError } from "../lib/errors.ts";
import { resolveSettings } from "../lib/run/settings.ts";
import { trainRun } from "../lib/run/train_run.ts";

const DIR = ".tmp/analysis_cli";

async function runCli(args: string[]) {
  const output = await new Deno.Command("deno", {
    args: ["run", "--no-prompt", "--allow-read=.", `--allow-write=${DIR}`, "cli/main.ts", ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: text(output.stdout), stderr: text(output.stderr) };
}

const parse = (argv: string[]) => parseCommand(argv, () => Promise.reject(new Error("no file")));

describe("analysis flags", () => {
  it("defaults to the cheap analyses; --help says which are opt-in", async () => {
    const { settings } = await parse([]);
    assert.deepEqual(settings.analyses, ["influence", "health", "diagnosis"]);
    assert.equal(settings.checkpoint, -1);
    assert.match(helpText(), /--analyses .*opt-in/);
    assert.match(helpText(), /deno task analyze --run DIR/);
    const { name, settings: chosen } = await parse(["analyze", "--analyses", "saliency,noise"]);
    assert.equal(name, "analyze");
    assert.deepEqual(chosen.analyses, ["saliency", "noise"]);
    assert.deepEqual((await parse(["--analyses", ""])).settings.analyses, []);
  });

  it("rejects unknown analyses and checkpoints below -1", async () => {
    await assert.rejects(
      parse(["--analyses", "magic"]),
      (e: Error) =>
        e instanceof LosscapeError &&
        /--analyses must be a comma-separated list of/.test(e.message),
    );
    await assert.rejects(parse(["--checkpoint=-2"]), /--checkpoint must be an integer >= -1/);
  });
});

describe("deno task analyze", () => {
  it("analyses a run folder, and stops on bad input with one line and exit 2", async () => {
    await Deno.remove(DIR, { recursive: true }).catch(() => {});
    await trainRun(resolveSettings(null, {
      dataset: "moons",
      syntheticSize: "200",
      epochs: "2",
      out: DIR,
      quiet: "true",
    }));
    const ok = await runCli([
      "analyze",
      "--run",
      `${DIR}/run`,
      "--out",
      DIR,
      "--analyses",
      "influence,health,diagnosis,feature-saliency",
      "--quiet",
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    const json = readFileSync(`${DIR}/analysis/analysis.json`, "utf8");
    assert.equal(JSON.parse(json).checkpoints.length, 3);
    assert.ok(existsSync(`${DIR}/analysis/report.html`));
    assert.ok(existsSync(`${DIR}/analysis/feature_saliency.npy`));

    await Deno.mkdir(`${DIR}/empty`, { recursive: true });
    const index = JSON.parse(readFileSync(`${DIR}/run/checkpoints.json`, "utf8"));
    await Deno.writeTextFile(
      `${DIR}/empty/checkpoints.json`,
      JSON.stringify({ ...index, checkpoints: [], history: [] }),
    );
    await Deno.writeFile(`${DIR}/empty/checkpoints.f32`, new Uint8Array());
    const cases: [string[], RegExp][] = [
      [
        ["--checkpoint", "3"],
        /^error: --checkpoint 3: .* has 3 checkpoints \(0-2, or -1 for the last\)$/,
      ],
      [
        ["--analyses", "saliency"],
        /^error: --analyses saliency needs image samples .* use --analyses feature-saliency/,
      ],
      [["--samples", "0"], /^error: --samples must be an integer >= 1: got "0"$/],
      [["--run", `${DIR}/empty`], /^error: .*empty: the run has no checkpoints$/],
      [
        ["--run", `${DIR}/missing`],
        /^error: .*missing\/checkpoints.json: cannot read the trajectory index/,
      ],
      [["--run", ""], /^error: deno task analyze needs --run DIR/],
    ];
    for (const [flags, message] of cases) {
      const bad = await runCli([
        "analyze",
        "--run",
        `${DIR}/run`,
        "--out",
        DIR,
        "--quiet",
        ...flags,
      ]);
      assert.equal(bad.code, 2, `${flags.join(" ")}: ${bad.stderr}`);
      const lines = bad.stderr.trim().split("\n");
      assert.equal(lines.length, 1, bad.stderr);
      assert.match(lines[0], message);
    }
    assert.equal(readFileSync(`${DIR}/analysis/analysis.json`, "utf8"), json, "earlier files kept");
  });
});
