/**
 * Which shard of a scan this process computes: `--shard INDEX/COUNT`, or `--shards COUNT` with
 * the index from the array-job engine's variable (Kubernetes Indexed Jobs, AWS Batch array
 * jobs, Cloud Run jobs), or `SHARD_INDEX`/`SHARD_COUNT`. Conflicting sources are refused: a
 * shard that computed another shard's tiles would leave holes no merge could name.
 * @module
 */
import { LosscapeError } from "../lib/errors.ts";
import { checkShard, parseShard, type Shard } from "../lib/scan/shard.ts";

/** Variables giving the 0-based shard index, first wins when they agree. */
export const SHARD_INDEX_VARIABLES = [
  "SHARD_INDEX",
  "JOB_COMPLETION_INDEX",
  "AWS_BATCH_JOB_ARRAY_INDEX",
  "CLOUD_RUN_TASK_INDEX",
] as const;

/** Variables giving the number of shards. */
export const SHARD_COUNT_VARIABLES = ["SHARD_COUNT", "CLOUD_RUN_TASK_COUNT"] as const;

/**
 * Reads the shard variables this process may read (those granted with `--allow-env=`).
 *
 * @returns The variables that are set.
 * @example
 * ```ts
 * import { readShardEnvironment } from "./shard_args.ts";
 * console.log(typeof readShardEnvironment()); // "object"
 * ```
 */
export function readShardEnvironment(): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of [...SHARD_INDEX_VARIABLES, ...SHARD_COUNT_VARIABLES]) {
    if (Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") continue;
    const value = Deno.env.get(name);
    if (value !== undefined) found[name] = value;
  }
  return found;
}

/** One number from the environment, e.g. `{ source: "SHARD_INDEX=2", value: 2 }`. */
interface Given {
  source: string;
  value: number;
}

/** The set variables among `names`, parsed as integers >= `min`, all equal. */
function agreeing(env: Record<string, string>, names: readonly string[], min: number) {
  const given: Given[] = [];
  for (const name of names.filter((name) => env[name] !== undefined)) {
    const text = env[name].trim();
    const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
    if (!(value >= min)) {
      throw new LosscapeError(`${name} must be an integer >= ${min}: got "${env[name]}"`);
    }
    given.push({ source: `${name}=${value}`, value });
  }
  const other = given.find((item) => item.value !== given[0].value);
  if (other) throw new LosscapeError(`${given[0].source} and ${other.source} disagree`);
  return given[0];
}

/** Refuses a flag's number that an environment variable contradicts. */
function same(flag: string, value: number, given: Given | undefined) {
  if (given && given.value !== value) {
    throw new LosscapeError(`${flag} conflicts with ${given.source}: give one or make them agree`);
  }
}

/** Removes `--NAME VALUE` or `--NAME=VALUE` from `argv`, returning its value. */
function takeFlag(argv: string[], name: string): string | undefined {
  const at = argv.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (at < 0) return undefined;
  if (argv[at].includes("=")) return argv.splice(at, 1)[0].slice(name.length + 3);
  const value = argv[at + 1];
  if (value === undefined || value.startsWith("--")) {
    throw new LosscapeError(
      `--${name} needs a value, e.g. --${name} ${name === "shard" ? "0/4" : 4}`,
    );
  }
  argv.splice(at, 2);
  return value;
}

/**
 * Takes the shard flags out of a command line and decides the shard with the environment.
 *
 * @param argv The arguments (not changed).
 * @param env The shard variables that are set (see {@linkcode readShardEnvironment}).
 * @returns The other arguments, and the shard or null for a whole scan.
 * @throws {LosscapeError} On a malformed or out-of-range value, or sources that disagree.
 * @example
 * ```ts
 * import { shardFromCommandLine } from "./shard_args.ts";
 * const { shard } = shardFromCommandLine(["--shards", "4"], { JOB_COMPLETION_INDEX: "3" });
 * console.log(shard); // { index: 3, count: 4 }
 * ```
 */
export function shardFromCommandLine(
  argv: string[],
  env: Record<string, string>,
): { argv: string[]; shard: Shard | null } {
  const rest = [...argv];
  const shardText = takeFlag(rest, "shard");
  const countText = takeFlag(rest, "shards");
  const index = agreeing(env, SHARD_INDEX_VARIABLES, 0);
  const count = agreeing(env, SHARD_COUNT_VARIABLES, 1);
  let flagCount: number | undefined;
  if (countText !== undefined) {
    flagCount = /^\d{1,9}$/.test(countText) ? Number(countText) : NaN;
    if (!(flagCount >= 1)) {
      throw new LosscapeError(`--shards must be an integer >= 1: got "${countText}"`);
    }
    same(`--shards ${flagCount}`, flagCount, count);
  }
  if (shardText !== undefined) {
    const shard = parseShard(shardText, "--shard");
    if (flagCount !== undefined) {
      same(`--shard ${shardText}`, shard.count, {
        source: `--shards ${flagCount}`,
        value: flagCount,
      });
    }
    same(`--shard ${shardText}`, shard.index, index);
    same(`--shard ${shardText}`, shard.count, count);
    return { argv: rest, shard };
  }
  if (flagCount !== undefined) {
    if (!index) {
      throw new LosscapeError(
        `--shards ${flagCount} needs the shard index from ${SHARD_INDEX_VARIABLES.join(", ")} ` +
          `(none is set), or give --shard INDEX/COUNT`,
      );
    }
    return { argv: rest, shard: checkShard(index.value, flagCount, index.source) };
  }
  if (env.SHARD_INDEX !== undefined || env.SHARD_COUNT !== undefined) {
    if (!index || env.SHARD_INDEX === undefined || !count) {
      const given = env.SHARD_INDEX !== undefined ? "SHARD_INDEX" : "SHARD_COUNT";
      throw new LosscapeError(`${given} is set without its pair: set SHARD_INDEX and SHARD_COUNT`);
    }
    return { argv: rest, shard: checkShard(index.value, count.value, index.source) };
  }
  // Cloud Run sets both for every job; a job of one task is a whole scan.
  const cloudRun = env.CLOUD_RUN_TASK_INDEX !== undefined && count && count.value > 1;
  if (cloudRun && index) {
    return { argv: rest, shard: checkShard(index.value, count.value, index.source) };
  }
  return { argv: rest, shard: null };
}
