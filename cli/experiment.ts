/**
 * `deno task experiment [NAME] [--quick] [--out DIR] [--no-png]`: re-checks a published finding
 * (see docs/experiments.md) and writes `results.json`, `figure.svg` and `figure.png` under
 * `out/experiments/NAME/`. Without a name it lists the experiments. Bad input ends with one
 * line on stderr and exit code 2.
 * @module
 */
import { parseArgs } from "node:util";
import { LosscapeError } from "../lib/errors.ts";
import { EXPERIMENTS, findExperiment, runExperiment } from "../lib/experiments/mod.ts";
import { reportError } from "./errors.ts";
import { chromiumPng } from "./figures.ts";

const USAGE = "Usage: deno task experiment [NAME] [--quick] [--out DIR] [--no-png]";

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        quick: { type: "boolean" },
        out: { type: "string" },
        "no-png": { type: "boolean" },
        help: { type: "boolean" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new LosscapeError(`${(error as Error).message.split("\n")[0]}: ${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length === 0) {
    console.log("Experiments (deno task experiment NAME):");
    for (const experiment of EXPERIMENTS) {
      console.log(`  ${experiment.name.padEnd(18)} ${experiment.finding}`);
    }
    return;
  }
  if (positionals.length > 1) {
    throw new LosscapeError(`expected one experiment name, got ${positionals.length}: ${USAGE}`);
  }
  const name = positionals[0];
  findExperiment(name);
  let png = 0;
  const run = await runExperiment(name, {
    outDir: values.out,
    quick: values.quick === true,
    log: (line) => console.error(line),
    rasterize: values["no-png"] ? undefined : async (path, width, height) => {
      const made = await chromiumPng(path, width, height);
      if (made) png++;
      return made;
    },
  });
  if (!values["no-png"] && png === 0) {
    console.error("no PNG file: headless Chromium (chromium) was not found; SVG written");
  }
  console.log(`${run.held ? "held" : "did not hold"}: wrote ${run.files.join(" ")}`);
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (error) {
    Deno.exit(reportError(error));
  }
}
