/**
 * The command line: `scan` (the default) or `train`, flags generated from the settings table
 * (lib/run/settings.ts), `--config FILE` for a whole run, `--help`. Every bad value becomes a
 * LosscapeError naming the flag (or the config file's field) and what was expected.
 * @module
 */
import { parseArgs } from "node:util";
import { LosscapeError } from "../lib/errors.ts";
import { userFileError } from "../lib/io/read_user_file.ts";
import { flagOf, resolveSettings, type RunSettings, SETTINGS } from "../lib/run/settings.ts";
import { PRESETS } from "../lib/model/presets.ts";
import { SYNTHETIC_KINDS } from "../lib/data/synthetic.ts";

/** What the command line asks for. */
export interface Command {
  /** `scan` trains (or reuses `--run`) and scans; `train` only trains; `analyze` analyses `--run`. */
  name: "scan" | "train" | "analyze";
  /** The resolved settings. */
  settings: RunSettings;
  /** `--help` (or `-h`) was given. */
  help: boolean;
  /** `--version` was given. */
  version?: boolean;
}

const COMMANDS = ["scan", "train", "analyze"] as const;

/**
 * The `--help` text: usage, the default job, and every setting with its default.
 *
 * @returns The text.
 * @example
 * ```ts
 * import { helpText } from "./args.ts";
 * console.log(helpText().includes("--grid")); // true
 * ```
 */
export function helpText(): string {
  const rows = Object.entries(SETTINGS).map(([name, field]) => {
    const value = field.kind === "bool"
      ? ""
      : ` ${
        field.kind === "enum"
          ? "WORD"
          : field.kind === "list"
          ? "LIST"
          : field.kind === "string"
          ? "TEXT"
          : "N"
      }`;
    const shown = Array.isArray(field.default) ? field.default.join(",") || "none" : field.default;
    const fallback = field.kind === "bool" || shown === undefined || shown === ""
      ? ""
      : ` (default ${shown})`;
    const words = field.kind === "enum" || field.kind === "list"
      ? ` [${field.words!.join(", ")}]`
      : "";
    return `  ${(flagOf(name) + value).padEnd(24)} ${field.help}${words}${fallback}`;
  });
  return `losscape: loss landscapes of neural networks

Usage: deno task scan [flags]     train (or reuse --run) and scan the landscape
       deno task train [flags]    train only; checkpoints and model go to OUT/run/
       deno task analyze --run DIR [flags]   only the analyses of a trained run, to OUT/analysis/

With no flags: a 784-128-10 ReLU MLP on 8,000 MNIST digits (2,000 held out), SGD with
momentum for 8 epochs, then train loss and accuracy on a 41x41 grid along two
filter-normalised random directions and on the trajectory's PCA plane, a 1D slice,
and report.html; then weight influence, layer health and a diagnosis at every
checkpoint into OUT/analysis/ (--analyses adds gradient noise and saliency maps).
Data, models and every training knob can be chosen below.

Flags:
  --config FILE            a JSON object of settings (camelCase keys); flags override it
${rows.join("\n")}
  --no-train               the same as --epochs 0: scan the model's weights as they are
  --shard I/N              scan only shard I (0-based) of N into OUT/shard-I-of-N/ (docs/scale-out.md)
  --shards N               the same, with I from JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX,
                           CLOUD_RUN_TASK_INDEX or SHARD_INDEX; then: deno task merge OUT SHARD...
  -h, --help               this text
  --version                losscape's version
`;
}

/**
 * Parses the command line.
 *
 * @param argv The arguments after the script name.
 * @param readConfig Reads a config file's text (injected so parsing stays pure).
 * @returns The command, its settings and whether help was asked for.
 * @throws {LosscapeError} On an unknown command or flag, a bad value, or a bad config file.
 * @example
 * ```ts
 * import { parseCommand } from "./args.ts";
 * const { name, settings } = await parseCommand(["train", "--epochs", "3"], (path) => Deno.readTextFile(path));
 * console.log(name, settings.epochs); // "train" 3
 * ```
 */
export async function parseCommand(
  argv: string[],
  readConfig: (path: string) => Promise<string>,
): Promise<Command> {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {
    config: { type: "string" },
    help: { type: "boolean", short: "h" },
    version: { type: "boolean" },
    "no-train": { type: "boolean" },
  };
  for (const [name, field] of Object.entries(SETTINGS)) {
    options[flagOf(name).slice(2)] = { type: field.kind === "bool" ? "boolean" : "string" };
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, options),
      options,
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    const message = (error as Error).message.split("\n")[0];
    const unknown = message.match(/Unknown option '([^']+)'/);
    if (unknown) throw new LosscapeError(`Unknown flag ${unknown[1]}: see --help for the flags`);
    const dashed = message.match(/Option '(--[^']+)' argument is ambiguous/);
    if (dashed) {
      const flag = dashed[1];
      throw new LosscapeError(`${flag}: a value starting with "-" needs "=", e.g. ${flag}=-1:1:41`);
    }
    throw new LosscapeError(`${message}: see --help`);
  }
  const { values, positionals } = parsed;
  const known = positionals.length > 0 && COMMANDS.includes(positionals[0] as Command["name"]);
  const stray = known ? positionals[1] : positionals[0];
  if (stray !== undefined) {
    if (!known && !(stray in PRESETS) && !DATASET_WORDS.includes(stray)) {
      throw new LosscapeError(`Unknown command "${stray}": expected one of ${COMMANDS.join(", ")}`);
    }
    throw new LosscapeError(`Unexpected argument "${stray}": ${bareWordHint(stray)}`);
  }
  const name = (positionals[0] ?? "scan") as Command["name"];
  let config = null;
  if (typeof values.config === "string") {
    const path = values.config;
    let text;
    try {
      text = await readConfig(path);
    } catch (error) {
      throw new LosscapeError(`--config ${userFileError(path, error).message}`);
    }
    try {
      config = { values: JSON.parse(text), source: path };
    } catch (error) {
      throw new LosscapeError(
        `${path}: not valid JSON: ${(error as Error).message.split("\n")[0]}`,
      );
    }
  }
  const flags: Record<string, unknown> = {};
  for (const setting of Object.keys(SETTINGS)) flags[setting] = values[flagOf(setting).slice(2)];
  if (values["no-train"] === true) {
    if (flags.epochs !== undefined && Number(flags.epochs) !== 0) {
      throw new LosscapeError(`--no-train means --epochs 0: got --epochs ${flags.epochs} too`);
    }
    flags.epochs = "0";
  }
  return {
    name,
    settings: resolveSettings(config, flags),
    help: values.help === true,
    version: values.version === true,
  };
}

/** Words that are values of `--dataset` without a file. */
const DATASET_WORDS = ["mnist", ...SYNTHETIC_KINDS];

/** What a bare word on the command line was probably meant to be. */
function bareWordHint(word: string): string {
  const flag = word in PRESETS ? "--model" : DATASET_WORDS.includes(word) ? "--dataset" : "";
  const example = flag ? `${flag} ${word}` : "--dataset moons";
  return `settings are given as flags starting with --, e.g. ${example} (see --help)`;
}

/**
 * Joins a value-taking flag with a following negative number (`--seed -1` becomes
 * `--seed=-1`): parseArgs would read `-1` as an option of its own.
 */
function joinNegativeValues(
  argv: string[],
  options: Record<string, { type: "string" | "boolean" }>,
): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith("--") ? argv[i].slice(2) : "";
    const next = argv[i + 1];
    if (
      options[name]?.type === "string" && next !== undefined && /^-(\d|\.\d|Infinity)/.test(next)
    ) {
      joined.push(`${argv[i]}=${next}`);
      i++;
    } else joined.push(argv[i]);
  }
  return joined;
}
