// The command line as a new user meets it: negative numbers, bare words, -h, --version,
// --no-train and config files that losscape itself wrote.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseCommand } from "../cli/args.ts";
import { LosscapeError } from "../lib/errors.ts";
import { VERSION } from "../lib/version.ts";

const parse = (argv: string[], files: Record<string, string> = {}) =>
  parseCommand(
    argv,
    (path) =>
      path in files ? Promise.resolve(files[path]) : Promise.reject(new Deno.errors.NotFound(path)),
  );

async function rejects(argv: string[], message: RegExp) {
  await assert.rejects(parse(argv), (error: unknown) => {
    assert.ok(error instanceof LosscapeError, String(error));
    assert.match(error.message, message);
    assert.ok(!error.message.includes("\n"));
    return true;
  });
}

async function runCli(args: string[]) {
  const output = await new Deno.Command("deno", {
    args: [
      "run",
      "-q",
      "--no-prompt",
      "--allow-read=.",
      "--allow-write=out",
      "cli/main.ts",
      ...args,
    ],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: text(output.stdout), stderr: text(output.stderr) };
}

describe("command line, as a new user meets it", () => {
  it("takes negative numbers as values: --seed -1 is a seed", async () => {
    assert.equal((await parse(["--seed", "-1"])).settings.seed, -1);
    assert.equal((await parse(["scan", "--seed", "-7", "--grid", "5"])).settings.grid, 5);
  });

  it("names the flag and its range for a negative value it cannot take", async () => {
    await rejects(["--lr", "-1"], /^--lr must be a number > 0: got "-1"$/);
    await rejects(["--range", "-1"], /^--range must be a number > 0: got "-1"$/);
    await rejects(["--grid", "-3"], /^--grid must be an integer >= 2 and <= 1001: got "-3"$/);
  });

  it("says that settings need -- when a bare word follows the command", async () => {
    await rejects(["scan", "moons"], /^Unexpected argument "moons": .*--dataset moons/);
    await rejects(["scan", "cnn"], /^Unexpected argument "cnn": .*--model cnn/);
    await rejects(["moons"], /^Unexpected argument "moons": .*--dataset moons/);
    await rejects(["sweep"], /^Unknown command "sweep": expected one of scan, train/);
  });

  it("knows -h and --version", async () => {
    assert.equal((await parse(["-h"])).help, true);
    assert.equal((await parse(["--version"])).version, true);
    const help = await runCli(["-h"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /--no-train/);
    const version = await runCli(["--version"]);
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout.trim(), `losscape ${VERSION}`);
  });

  it("scans the weights as they are with --epochs 0 or --no-train", async () => {
    assert.equal((await parse(["--epochs", "0"])).settings.epochs, 0);
    assert.equal((await parse(["--no-train"])).settings.epochs, 0);
    await rejects(["--no-train", "--epochs", "3"], /^--no-train means --epochs 0: got --epochs 3/);
  });

  it("reads a settings file of an earlier version, with its recorded model source", async () => {
    const files = {
      "settings.json": JSON.stringify({ epochs: 3, modelSource: "mlp preset", version: "0.1.0" }),
    };
    const { settings } = await parse(["--config", "settings.json"], files);
    assert.equal(settings.epochs, 3);
    assert.ok(!("modelSource" in settings));
  });
});

describe("the library without permissions", () => {
  it("says in one line which read access TF.js lacks, without Emscripten's abort lines", async () => {
    await Deno.mkdir(".tmp/cli_args_test", { recursive: true });
    const script = ".tmp/cli_args_test/library_example.ts";
    await Deno.writeTextFile(
      script,
      `import { loadMnistDigits, preset, trainModel } from "../../mod.ts";
const data = await loadMnistDigits({ seed: 0, trainSize: 100, testSize: 50 });
await trainModel({ spec: preset("mlp"), data, epochs: 1 });
`,
    );
    const output = await new Deno.Command("deno", {
      args: ["run", "-q", "--no-prompt", script],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr).trim();
    assert.notEqual(output.code, 0);
    assert.equal(stderr.split("\n").length, 1, stderr);
    assert.match(
      stderr,
      /TF\.js could not start its WASM backend: no read access to .*--allow-read=\./,
    );
  });
});
