import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseScanArgs } from "../cli/args.ts";
import { LosscapeError } from "../lib/errors.ts";

/** Runs the scan CLI as a user would, with the task's own permissions. */
async function runCli(args: string[]) {
  const output = await new Deno.Command("deno", {
    args: ["run", "--allow-read=.", "--allow-write=out", "cli/main.ts", ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: output.code,
    stdout: new TextDecoder().decode(output.stdout),
    stderr: new TextDecoder().decode(output.stderr),
  };
}

describe("scan flags", () => {
  it("fills defaults", () => {
    const args = parseScanArgs([]);
    assert.equal(args.grid, 41);
    assert.equal(args.range, 1);
    assert.equal(args.samples, 2000);
    assert.equal(args.out, "out");
    assert.equal(args.quiet, false);
    assert.equal(args.workers, navigator.hardwareConcurrency);
  });

  it("parses values", () => {
    const args = parseScanArgs(["--grid", "11", "--range=0.5", "--lr", "0.1", "--quiet"]);
    assert.deepEqual([args.grid, args.range, args.lr, args.quiet], [11, 0.5, 0.1, true]);
    assert.equal(parseScanArgs(["--workers", "3"]).workers, 3);
  });

  const bad: [string[], RegExp][] = [
    [["--grid", "1"], /^--grid must be an integer >= 2 and <= 1001: got "1"$/],
    [["--range", "0"], /^--range must be a number > 0: got "0"$/],
    [["--epochs", "abc"], /^--epochs must be an integer >= 2 and <= 1000: got "abc"$/],
    [["--batch-size", "2.5"], /^--batch-size must be an integer >= 1: got "2.5"$/],
    [["--samples", ""], /^--samples must be an integer/],
    [["--workers", "0"], /^--workers must be an integer >= 1: got "0"$/],
    [["--workers", "1.5"], /^--workers must be an integer >= 1: got "1.5"$/],
    [["--bogus"], /^Unknown flag --bogus/],
    [["--grid"], /--grid/],
  ];
  for (const [argv, message] of bad) {
    it(`rejects ${argv.join(" ") || "(empty)"} with one line naming the flag`, () => {
      assert.throws(() => parseScanArgs(argv), (error: unknown) => {
        assert.ok(error instanceof LosscapeError);
        assert.match(error.message, message);
        assert.ok(!error.message.includes("\n"));
        return true;
      });
    });
  }

  it("exits 2 with a single error line and no stack trace", async () => {
    for (const args of [["--grid", "1"], ["--nope"], ["--out", "/proc/losscape-cannot-write"]]) {
      const { code, stderr } = await runCli(args);
      assert.equal(code, 2, stderr);
      const lines = stderr.trim().split("\n");
      assert.equal(lines.length, 1, stderr);
      assert.match(lines[0], /^error: --(grid|nope|out)|^error: Unknown flag --nope/);
      assert.doesNotMatch(stderr, /\bat .*:\d+:\d+/);
    }
  });

  it("prints --help and exits 0", async () => {
    const { code, stdout } = await runCli(["--help"]);
    assert.equal(code, 0);
    assert.match(stdout, /--grid/);
    assert.match(stdout, /--samples/);
    assert.match(stdout, /--workers .*\(default the number of cores, \d+ here\)/);
  });
});
