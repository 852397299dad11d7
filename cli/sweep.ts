/**
 * `deno task sweep --vary SETTING=V1,V2 [--vary ...] [scan flags]`: trains and scans every
 * combination of the varied settings, each into `OUT/<variant>/` (OUT defaults to `out/sweep`),
 * with `OUT/sweep.json`. A config file (`--config`) may hold a `vary` object too. Bad input ends
 * with one line on stderr and exit code 2; the same command continues a killed sweep.
 * @module
 */
import { helpText, parseCommand } from "./args.ts";
import { createProgress, type Progress } from "./progress.ts";
import { checkWritable, diskFault, reportError } from "./errors.ts";
import { stopOnSignals } from "./signals.ts";
import { LosscapeError } from "../lib/errors.ts";
import { parseVary, type VaryAxis, varyFromConfig } from "../lib/sweep/variants.ts";

const USAGE = `Usage: deno task sweep --vary SETTING=V1,V2 [--vary SETTING=...] [scan flags]

Trains and scans one run per combination of the varied values (any setting below, spelled as
its flag without the dashes, e.g. --vary batch-size=32,1024 --vary lr=0.1,0.01; a list setting
separates its variants with /), everything else shared, into OUT/<variant>/ (default
out/sweep/batch-size=32 ...) with OUT/sweep.json. A --config file may hold a "vary" object
({"batchSize": [32, 1024]}). Finished variants are not redone: the same command continues a
killed sweep. Compare the variants with: deno task compare OUT
`;

/** Splits `--vary` out of the arguments; the rest are scan flags. */
function splitVary(argv: string[]): { vary: string[]; rest: string[] } {
  const vary: string[] = [], rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--vary") {
      if (argv[i + 1] === undefined) throw new LosscapeError("--vary needs SETTING=V1,V2");
      vary.push(argv[++i]);
    } else if (argv[i].startsWith("--vary=")) vary.push(argv[i].slice(7));
    else rest.push(argv[i]);
  }
  return { vary, rest };
}

async function main(argv: string[]): Promise<void> {
  const { vary, rest } = splitVary(argv);
  let configAxes: VaryAxis[] = [], configOut = false;
  // The config's "vary" object is the sweep's; the rest of the file is the shared settings.
  const readConfig = async (path: string) => {
    const text = await Deno.readTextFile(path);
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      return text; // parseCommand names the file and the JSON error
    }
    if (json === null || typeof json !== "object" || Array.isArray(json)) return text;
    const { vary: fromFile, ...settings } = json;
    if (fromFile !== undefined) configAxes = varyFromConfig(fromFile, path);
    configOut = "out" in settings;
    return JSON.stringify(settings);
  };
  const command = await parseCommand(rest, readConfig);
  if (command.help) {
    console.log(USAGE + "\n" + helpText().split("\nFlags:\n")[1]);
    return;
  }
  if (command.name !== "scan" || rest.some((word) => word === "scan")) {
    throw new LosscapeError(`Unexpected argument "${command.name}": a sweep takes flags only`);
  }
  const fromFlags = vary.map(parseVary);
  const given = new Set(fromFlags.map((axis) => axis.setting));
  const axes = [...configAxes.filter((axis) => !given.has(axis.setting)), ...fromFlags];
  const settings = command.settings;
  const outGiven = rest.some((word) => word === "--out" || word.startsWith("--out="));
  if (!outGiven && !configOut) settings.out = "out/sweep";
  await checkWritable(settings.out);
  stopOnSignals((line) => console.error(line));
  const say = (line: string) => {
    if (!settings.quiet) console.error(line);
  };
  let bar: { stage: string; progress: Progress } | null = null;
  let prefix = "";
  const { runSweep } = await import("../lib/sweep/run_sweep.ts");
  try {
    const { index, ran } = await runSweep({
      base: settings,
      axes,
      onVariant: (i, total, variant, done) => {
        prefix = `[${i + 1}/${total} ${variant.name}]`;
        say(`${prefix} ${done ? "finished earlier, kept" : "training and scanning"}`);
      },
      onProgress: (stage, done, total) => {
        if (bar?.stage !== stage) {
          bar?.progress.finish();
          bar = { stage, progress: createProgress(stage.padEnd(12), total, settings.quiet) };
        }
        bar.progress.update(done);
      },
      onNote: (line) => say(`${prefix} ${line}`),
      onStage: (stage, seconds) => {
        bar?.progress.finish();
        bar = null;
        say(`${prefix} ${stage.padEnd(13)} ${seconds.toFixed(2)} s`);
      },
    });
    const count = index.variants.length;
    console.log(
      `wrote ${settings.out}/sweep.json and ${count} variant folder${count === 1 ? "" : "s"} ` +
        `(${ran.length} run now, ${count - ran.length} kept)`,
    );
  } catch (error) {
    throw diskFault(error, settings.out) ?? error;
  }
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (error) {
    Deno.exit(reportError(error));
  }
}
