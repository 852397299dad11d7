/**
 * Flags of `deno task scan`: parsing, validation and help text. Every bad
 * value becomes a LosscapeError naming the flag and what was expected.
 * @module
 */
import { parseArgs } from "node:util";
import { LosscapeError } from "../lib/errors.ts";
import { defaultWorkerCount } from "../lib/engine/parallel_evaluator.ts";

/** Parsed and validated settings of a scan run. */
export interface ScanArgs {
  grid: number;
  range: number;
  epochs: number;
  batchSize: number;
  lr: number;
  momentum: number;
  samples: number;
  seed: number;
  workers: number;
  out: string;
  fresh: boolean;
  quiet: boolean;
  help: boolean;
}

interface NumberFlag {
  key: keyof ScanArgs;
  default: number;
  integer: boolean;
  min: number;
  max?: number;
  /** Whether `min` itself is allowed. */
  minInclusive: boolean;
  help: string;
  /** How `--help` states the default, when the number alone would mislead (e.g. "cores"). */
  defaultHelp?: string;
}

/** Cores the runtime reports: the default of --workers. */
const CORES = defaultWorkerCount();

const NUMBER_FLAGS: Record<string, NumberFlag> = {
  grid: {
    key: "grid",
    default: 41,
    integer: true,
    min: 2,
    max: 1001,
    minInclusive: true,
    help: "points per axis of each grid",
  },
  range: {
    key: "range",
    default: 1,
    integer: false,
    min: 0,
    minInclusive: false,
    help: "the random plane spans [-range, range]^2",
  },
  epochs: {
    key: "epochs",
    default: 8,
    integer: true,
    min: 2,
    max: 1000,
    minInclusive: true,
    help: "training epochs (>= 2 for a PCA plane)",
  },
  "batch-size": {
    key: "batchSize",
    default: 64,
    integer: true,
    min: 1,
    minInclusive: true,
    help: "mini-batch size",
  },
  lr: {
    key: "lr",
    default: 0.05,
    integer: false,
    min: 0,
    minInclusive: false,
    help: "SGD learning rate",
  },
  momentum: {
    key: "momentum",
    default: 0.9,
    integer: false,
    min: 0,
    max: 0.999,
    minInclusive: true,
    help: "SGD momentum",
  },
  samples: {
    key: "samples",
    default: 2000,
    integer: true,
    min: 1,
    max: 8000,
    minInclusive: true,
    help: "training samples evaluated at each grid point",
  },
  seed: {
    key: "seed",
    default: 0,
    integer: true,
    min: 0,
    max: 2 ** 32 - 1,
    minInclusive: true,
    help: "seed of the split, init, batches and directions",
  },
  workers: {
    key: "workers",
    default: CORES,
    integer: true,
    min: 1,
    minInclusive: true,
    help: "workers evaluating each grid; 1 evaluates on the main thread",
    defaultHelp: `the number of cores, ${CORES} here`,
  },
};

/** The `--help` text. */
export const HELP = `losscape scan: train an MLP on MNIST digits and draw its loss landscape

Usage: deno task scan [flags]

Trains a 784-128-10 ReLU MLP (He init, SGD + momentum) on 8,000 real MNIST
digits (2,000 held out), then scans train loss and accuracy on a grid along two
filter-normalised random directions and on the trajectory's PCA plane, and
writes landscape folders and report.html.

Flags:
${
  Object.entries(NUMBER_FLAGS).map(([name, flag]) =>
    `  --${name.padEnd(12)} ${flag.help} (default ${flag.defaultHelp ?? flag.default})`
  ).join("\n")
}
  --out DIR      output folder (default out; the task may write only under out/)
  --fresh        ignore an unfinished scan in --out instead of resuming it
  --quiet        no progress bars or stage lines
  --help         this text
`;

function parseNumber(name: string, raw: string | undefined, flag: NumberFlag): number {
  if (raw === undefined) return flag.default;
  const value = Number(raw);
  const lowOk = flag.minInclusive ? value >= flag.min : value > flag.min;
  const valid = raw.trim() !== "" && Number.isFinite(value) &&
    (!flag.integer || Number.isInteger(value)) && lowOk &&
    (flag.max === undefined || value <= flag.max);
  if (!valid) {
    const kind = flag.integer ? "an integer" : "a number";
    const low = `${flag.minInclusive ? ">=" : ">"} ${flag.min}`;
    const high = flag.max === undefined ? "" : ` and <= ${flag.max}`;
    throw new LosscapeError(`--${name} must be ${kind} ${low}${high}: got "${raw}"`);
  }
  return value;
}

/**
 * Parses the command line of `deno task scan`.
 *
 * @param argv The arguments after the script name.
 * @returns Validated settings with defaults filled in.
 * @throws {LosscapeError} On an unknown flag, a missing value or a value out of range.
 */
export function parseScanArgs(argv: string[]): ScanArgs {
  const options: Record<string, { type: "string" | "boolean" }> = {
    out: { type: "string" },
    fresh: { type: "boolean" },
    quiet: { type: "boolean" },
    help: { type: "boolean" },
  };
  for (const name of Object.keys(NUMBER_FLAGS)) options[name] = { type: "string" };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (error) {
    const message = (error as Error).message.split("\n")[0];
    const unknown = message.match(/Unknown option '([^']+)'/);
    if (unknown) throw new LosscapeError(`Unknown flag ${unknown[1]}: see --help for the flags`);
    throw new LosscapeError(`${message}: see --help`);
  }
  const parsed: Record<string, unknown> = {
    out: values.out ?? "out",
    fresh: values.fresh === true,
    quiet: values.quiet === true,
    help: values.help === true,
  };
  if (parsed.out === "") throw new LosscapeError(`--out must be a folder path: got ""`);
  for (const [name, flag] of Object.entries(NUMBER_FLAGS)) {
    parsed[flag.key] = parseNumber(name, values[name] as string | undefined, flag);
  }
  return parsed as unknown as ScanArgs;
}
