/**
 * `deno task scan`, `deno task train` and `deno task analyze`. Bad input ends with one line on stderr and exit
 * code 2; a bug keeps its stack trace and exits 1.
 * @module
 */
import { helpText, parseCommand } from "./args.ts";
import type { RunSettings } from "../lib/run/settings.ts";
import { createProgress, type Progress } from "./progress.ts";
import { checkWritable, diskFault, reportError } from "./errors.ts";
import { VERSION } from "../lib/version.ts";
import { stopOnSignals } from "./signals.ts";
import { readShardEnvironment, shardFromCommandLine } from "./shard_args.ts";
import { type Shard, shardFolder } from "../lib/scan/shard.ts";
import { LosscapeError } from "../lib/errors.ts";

async function main(argv: string[]): Promise<void> {
  const sharding = shardFromCommandLine(argv, readShardEnvironment());
  const command = await parseCommand(sharding.argv, (path) => Deno.readTextFile(path));
  const shardFlag = argv.find((arg) => /^--shards?(=|$)/.test(arg));
  if (shardFlag && command.name !== "scan") {
    throw new LosscapeError(`${shardFlag.split("=")[0]} applies to scan only: got ${command.name}`);
  }
  if (command.help) {
    console.log(helpText());
    return;
  }
  if (command.version) {
    console.log(`losscape ${VERSION}`);
    return;
  }
  const { settings } = command;
  // Shards of one scan start together with one --out: each probes only its own folder.
  const shard = command.name === "scan" ? sharding.shard : null;
  await checkWritable(shard ? shardFolder(settings.out, shard) : settings.out);
  stopOnSignals((line) => console.error(line));
  try {
    await run(command.name, settings, shard);
  } catch (error) {
    throw diskFault(error, settings.out) ?? error;
  }
}

async function run(
  name: "scan" | "train" | "analyze",
  settings: RunSettings,
  shard: Shard | null,
): Promise<void> {
  const say = (line: string) => {
    if (!settings.quiet) console.error(line);
  };
  let bar: { stage: string; progress: Progress } | null = null;
  const hooks = {
    onProgress: (stage: string, done: number, total: number) => {
      if (bar?.stage !== stage) {
        bar?.progress.finish();
        bar = { stage, progress: createProgress(stage.padEnd(12), total, settings.quiet) };
      }
      bar.progress.update(done);
    },
    onNote: (line: string) => say(line),
    onStage: (stage: string, seconds: number) => {
      bar?.progress.finish();
      bar = null;
      say(`${stage.padEnd(13)} ${seconds.toFixed(2)} s`);
    },
  };
  // Loaded only now so that --help and bad flags answer without starting TF.js.
  if (name === "train") {
    const { trainRun } = await import("../lib/run/train_run.ts");
    const { trained, dir } = await trainRun(settings, hooks);
    sayLast(say, trained.history);
    const count = trained.checkpoints.length;
    console.log(
      `wrote ${dir}/ (${count} checkpoint${count === 1 ? "" : "s"}, model/ in TF.js Layers format)`,
    );
    return;
  }
  if (name === "analyze") {
    const { runAnalyze } = await import("../lib/run/run_analysis.ts");
    const { result, files } = await runAnalyze({ ...settings, ...hooks });
    if (result.diagnosis) say(result.diagnosis.verdict);
    console.log(`wrote ${settings.out}/analysis/ (${files.length} files)`);
    return;
  }
  if (shard) {
    const { runShard } = await import("../lib/run/run_shard.ts");
    const { dir, manifest } = await runShard({ ...settings, ...hooks, shard });
    const tiles = manifest.planes.reduce((sum, plane) => sum + plane.tiles.length, 0);
    console.log(`wrote ${dir}/ (shard ${shard.index}/${shard.count}: ${tiles} tiles)`);
    return;
  }
  const { runScan } = await import("../lib/run/run_scan.ts");
  const result = await runScan({ ...settings, ...hooks });
  sayLast(say, result.history);
  const total = Object.values(result.timings).reduce((sum, seconds) => sum + seconds, 0);
  console.log(`wrote ${result.files.join(" ")} in ${total.toFixed(1)} s`);
}

function sayLast(
  say: (line: string) => void,
  history: {
    epoch: number;
    trainLoss: number;
    trainAcc: number;
    testLoss: number;
    testAcc: number;
  }[],
) {
  const last = history[history.length - 1];
  const percent = (value: number) => `${(100 * value).toFixed(2)}%`;
  const epochs = +last.epoch.toFixed(2);
  const when = epochs === 0 ? "no training" : `after ${epochs} epoch${epochs === 1 ? "" : "s"}`;
  say(
    `${when}: train loss ${last.trainLoss.toFixed(4)} acc ${percent(last.trainAcc)}, ` +
      `test loss ${last.testLoss.toFixed(4)} acc ${percent(last.testAcc)}`,
  );
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (error) {
    Deno.exit(reportError(error));
  }
}
