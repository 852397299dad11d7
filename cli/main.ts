/**
 * `deno task scan`: trains the default MLP on MNIST digits and draws its loss
 * landscape. Bad input ends with one line on stderr and exit code 2.
 * @module
 */
import { HELP, parseScanArgs } from "./args.ts";
import { createProgress, type Progress } from "./progress.ts";
import { checkWritable, reportError } from "./errors.ts";

async function main(argv: string[]): Promise<void> {
  const args = parseScanArgs(argv);
  if (args.help) {
    console.log(HELP);
    return;
  }
  await checkWritable(args.out);
  // Loaded only now so that --help and bad flags answer without starting TF.js.
  const { runScan } = await import("../lib/run/run_scan.ts");
  const say = (line: string) => {
    if (!args.quiet) console.error(line);
  };
  let bar: { stage: string; progress: Progress } | null = null;
  const result = await runScan({
    ...args,
    onProgress: (stage, done, total) => {
      if (bar?.stage !== stage) {
        bar?.progress.finish();
        bar = { stage, progress: createProgress(stage.padEnd(12), total, args.quiet) };
      }
      bar.progress.update(done);
    },
    onStage: (stage, seconds) => {
      bar?.progress.finish();
      bar = null;
      say(`${stage.padEnd(13)} ${seconds.toFixed(2)} s`);
    },
  });
  const last = result.history[result.history.length - 1];
  say(
    `trained ${last.epoch} epochs: train loss ${last.trainLoss.toFixed(4)} acc ${
      (100 * last.trainAcc).toFixed(2)
    }%, test loss ${last.testLoss.toFixed(4)} acc ${(100 * last.testAcc).toFixed(2)}%`,
  );
  const total = Object.values(result.timings).reduce((sum, seconds) => sum + seconds, 0);
  console.log(`wrote ${result.files.join(" ")} in ${total.toFixed(1)} s`);
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (error) {
    Deno.exit(reportError(error));
  }
}
