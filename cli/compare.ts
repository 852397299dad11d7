/**
 * `deno task compare DIR... [--out DIR] [--delta N] [--epsilon N] [--grid N] [--samples N]
 * [--workers N] [--quiet]`: one report with every run (or sweep variant) side by side. Bad
 * input ends with one line on stderr and exit code 2.
 * @module
 */
import { parseArgs } from "node:util";
import { LosscapeError } from "../lib/errors.ts";
import { checkWritable, reportError } from "./errors.ts";
import { createProgress, type Progress } from "./progress.ts";

const USAGE = `Usage: deno task compare DIR... [flags]

DIR: run folders (a scan's --out) or sweep folders (deno task sweep); writes OUT/compare.html,
OUT/compare.json and OUT/common-plane/.
  --out DIR       output folder (default out/compare)
  --delta N       loss rise bounding the basin width along the 1D slice (default 0.1)
  --epsilon N     half-side of the box of the plane ε-sharpness (default 0.1)
  --grid N        points per axis of the common PCA plane and along each line (default 31)
  --samples N     evaluation samples (default: the first run's --samples)
  --workers N     Workers scanning the common plane (default 1)
  --quiet         no progress
`;

function number(flag: string, text: string | undefined, integer: boolean, min: number) {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new LosscapeError(
      `--${flag} must be ${integer ? "an integer" : "a number"} >= ${min}: got "${text}"`,
    );
  }
  return value;
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        out: { type: "string" },
        delta: { type: "string" },
        epsilon: { type: "string" },
        grid: { type: "string" },
        samples: { type: "string" },
        workers: { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
    });
  } catch (error) {
    throw new LosscapeError(`${(error as Error).message.split("\n")[0]}: see --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length === 0) {
    throw new LosscapeError("compare: name one or more run or sweep folders");
  }
  const out = values.out ?? "out/compare";
  const options = {
    dirs: positionals,
    out,
    delta: number("delta", values.delta, false, Number.MIN_VALUE),
    epsilon: number("epsilon", values.epsilon, false, Number.MIN_VALUE),
    grid: number("grid", values.grid, true, 2),
    samples: number("samples", values.samples, true, 1),
    workers: number("workers", values.workers, true, 1),
  };
  await checkWritable(out);
  let bar: { stage: string; progress: Progress } | null = null;
  const { runCompare } = await import("../lib/compare/run_compare.ts");
  const { files } = await runCompare({
    ...options,
    onProgress: (stage, done, total) => {
      if (bar?.stage !== stage) {
        bar?.progress.finish();
        bar = { stage, progress: createProgress(stage.padEnd(12), total, values.quiet === true) };
      }
      bar.progress.update(done);
    },
    onNote: (line) => {
      if (!values.quiet) console.error(line);
    },
  });
  (bar as { progress: Progress } | null)?.progress.finish();
  console.log(`wrote ${files.join(" ")}`);
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (error) {
    Deno.exit(reportError(error));
  }
}
