/**
 * Runs one experiment into its folder: `results.json` (settings, measured numbers, verdict),
 * `figure.svg` and, given a rasteriser, `figure.png`. Every file is written atomically.
 * @module
 */
import { writeFileAtomic } from "../io/mod.ts";
import { standaloneSvg } from "../render/mod.ts";
import { VERSION } from "../version.ts";
import { roundNumbers } from "./experiment.ts";
import { findExperiment } from "./registry.ts";

/** The `format` and `version` fields of an experiment's `results.json`. */
export const EXPERIMENT_FORMAT = { format: "losscape-experiment", version: 1 } as const;

/** Options of {@linkcode runExperiment}. */
export interface RunExperimentOptions {
  /** Output folder (default `out/experiments/<name>`). */
  outDir?: string;
  /** The tiny configuration (for tests). */
  quick?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Turns `figure.svg` into `figure.png` next to it; absent: SVG only. */
  rasterize?: (svgPath: string, width: number, height: number) => Promise<boolean>;
}

/** What {@linkcode runExperiment} wrote. */
export interface ExperimentRun {
  /** The folder. */
  dir: string;
  /** Files written, `results.json` first. */
  files: string[];
  /** Whether the finding held. */
  held: boolean;
}

/**
 * Runs an experiment by name and writes its files.
 *
 * @param name The experiment's name (see `EXPERIMENTS`).
 * @param options Folder, quick mode, progress and rasteriser.
 * @returns The folder, the files and the verdict.
 * @throws {LosscapeError} On an unknown name, listing the known ones.
 * @example
 * ```ts ignore
 * import { runExperiment } from "./run_experiment.ts";
 * const run = await runExperiment("interpolation", { quick: true, outDir: ".tmp/interpolation" });
 * console.log(run.files[0]); // ".tmp/interpolation/results.json"
 * ```
 */
export async function runExperiment(
  name: string,
  options: RunExperimentOptions = {},
): Promise<ExperimentRun> {
  const experiment = findExperiment(name);
  const { outDir = `out/experiments/${name}`, quick = false, log = () => {}, rasterize } = options;
  await Deno.mkdir(outDir, { recursive: true });
  const started = performance.now();
  const outcome = await experiment.run({ quick, log });
  const seconds = (performance.now() - started) / 1000;
  const results = {
    ...EXPERIMENT_FORMAT,
    name,
    finding: experiment.finding,
    command: `deno task experiment ${name}${quick ? " --quick" : ""}`,
    quick,
    held: outcome.held,
    criterion: outcome.criterion,
    settings: outcome.settings,
    results: roundNumbers(outcome.results),
    seconds: Number(seconds.toFixed(1)),
    losscapeVersion: VERSION,
  };
  const files = [`${outDir}/results.json`, `${outDir}/figure.svg`];
  await writeFileAtomic(files[0], JSON.stringify(results, null, 2) + "\n");
  const svg = standaloneSvg(outcome.figure);
  await writeFileAtomic(files[1], svg);
  const size = svg.match(/^<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/);
  if (rasterize && size) {
    const made = await rasterize(files[1], Math.ceil(Number(size[1])), Math.ceil(Number(size[2])));
    if (made) files.push(`${outDir}/figure.png`);
  }
  log(`${name}: ${outcome.held ? "held" : "did not hold"} (${seconds.toFixed(1)} s)`);
  return { dir: outDir, files, held: outcome.held };
}
