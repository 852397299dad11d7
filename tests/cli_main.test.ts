import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseCommand } from "../cli/args.ts";
import { LosscapeError } from "../lib/errors.ts";

/** Runs the CLI as a user would, with the tasks' own permissions. */
async function runCli(args: string[]) {
  const output = await new Deno.Command("deno", {
    args: ["run", "--no-prompt", "--allow-read=.", "--allow-write=out", "cli/main.ts", ...args],
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

const noFiles = (path: string) => Promise.reject(new Deno.errors.NotFound(path));
const parse = (argv: string[], files: Record<string, string> = {}) =>
  parseCommand(argv, (path) => path in files ? Promise.resolve(files[path]) : noFiles(path));

describe("command line", () => {
  it("fills defaults: scan, the MLP on MNIST, 41x41", async () => {
    const { name, settings, help } = await parse([]);
    assert.equal(name, "scan");
    assert.equal(help, false);
    assert.equal(settings.model, "mlp");
    assert.equal(settings.dataset, "mnist");
    assert.equal(settings.grid, 41);
    assert.equal(settings.range, 1);
    assert.equal(settings.samples, 2000);
    assert.equal(settings.out, "out");
    assert.deepEqual(settings.augment, []);
  });

  it("parses commands, values, enums and lists", async () => {
    const { name, settings } = await parse([
      "train",
      "--grid",
      "11",
      "--range=0.5",
      "--lr",
      "0.1",
      "--optimizer",
      "adam",
      "--augment",
      "shift,noise",
      "--batch-size",
      "32",
      "--quiet",
    ]);
    assert.equal(name, "train");
    assert.deepEqual(
      [settings.grid, settings.range, settings.lr, settings.optimizer, settings.batchSize],
      [11, 0.5, 0.1, "adam", 32],
    );
    assert.deepEqual(settings.augment, ["shift", "noise"]);
    assert.equal(settings.quiet, true);
  });

  it("reads --config and lets flags override it", async () => {
    const files = { "run.json": JSON.stringify({ epochs: 3, dataset: "moons", lr: 0.2 }) };
    const { settings } = await parse(["--config", "run.json", "--lr", "0.01"], files);
    assert.deepEqual([settings.epochs, settings.dataset, settings.lr], [3, "moons", 0.01]);
  });

  const bad: [string[], RegExp, Record<string, string>?][] = [
    [["--grid", "1"], /^--grid must be an integer >= 2 and <= 1001: got "1"$/],
    [["--range", "0"], /^--range must be a number > 0: got "0"$/],
    [["--epochs", "abc"], /^--epochs must be an integer >= 0 and <= 10000: got "abc"$/],
    [["--batch-size", "2.5"], /^--batch-size must be an integer >= 1: got "2.5"$/],
    [["--samples", ""], /^--samples must be an integer/],
    [["--workers", "1.5"], /^--workers must be an integer >= 0 and <= 256: got "1.5"$/],
    [
      ["--optimizer", "rmsprop"],
      /^--optimizer must be one of sgd, momentum, nesterov, adam, adamw: got "rmsprop"$/,
    ],
    [
      ["--augment", "shift,rotate"],
      /^--augment must be a comma-separated list of shift, crop, flip, noise/,
    ],
    [["--bogus"], /^Unknown flag --bogus/],
    [["--grid"], /--grid/],
    [["sweep"], /^Unknown command "sweep": expected one of scan, train, analyze$/],
    [["--config", "missing.json"], /^--config missing.json: file not found$/],
    [["--config", "bad.json"], /^bad.json: not valid JSON/, { "bad.json": "{ epochs: 3" }],
    [["--config", "run.json"], /^run.json: unknown field "epoch": known are /, {
      "run.json": '{"epoch": 3}',
    }],
    [["--config", "run.json"], /^run.json: field "lr" must be a number > 0: got -1$/, {
      "run.json": '{"lr": -1}',
    }],
  ];
  for (const [argv, message, files] of bad) {
    it(`rejects ${argv.join(" ")} with one line naming the flag or field`, async () => {
      await assert.rejects(parse(argv, files), (error: unknown) => {
        assert.ok(error instanceof LosscapeError, String(error));
        assert.match(error.message, message);
        assert.ok(!error.message.includes("\n"));
        return true;
      });
    });
  }

  it("exits 2 with a single error line and no stack trace", async () => {
    const cases = [
      ["--grid", "1"],
      ["--nope"],
      ["--out", "/proc/losscape-cannot-write"],
      ["--dataset", "csv:tests/no-such-file.csv", "--out", "out/cli-test", "--quiet"],
      ["--model", "tests/no-such-model.json", "--out", "out/cli-test", "--quiet"],
    ];
    for (const args of cases) {
      const { code, stderr } = await runCli(args);
      assert.equal(code, 2, stderr);
      const lines = stderr.trim().split("\n");
      assert.equal(lines.length, 1, stderr);
      assert.match(
        lines[0],
        /^error: (--grid|Unknown flag --nope|--out|.*no-such-file\.csv|.*no-such-model\.json)/,
      );
      assert.doesNotMatch(stderr, /\bat .*:\d+:\d+/);
    }
  });

  it("prints --help and exits 0", async () => {
    const { code, stdout } = await runCli(["--help"]);
    assert.equal(code, 0);
    for (
      const flag of [
        "--grid",
        "--samples",
        "--model",
        "--dataset",
        "--optimizer",
        "--config",
        "--workers",
      ]
    ) {
      assert.match(stdout, new RegExp(flag));
    }
    assert.match(stdout, /--dataset TEXT +mnist, spirals/);
  });
});
