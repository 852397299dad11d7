/**
 * The fuzzing harness: a format is a set of valid files (written by losscape itself), a way to
 * mutate them and the project's own reader. Each case is seeded by (seed, format, index), so any
 * case can be replayed alone, and ends as accepted (the reader returned), refused (a one-line
 * LosscapeError naming one of the case's files) or crashed (anything else, or slower than 1 s).
 * @module
 */
import { LosscapeError } from "../../lib/errors.ts";
import { createRng, type Rng } from "../../lib/random.ts";

/** The files of one case, by name relative to the case's folder. */
export type CaseFiles = Record<string, Uint8Array>;

/** One fuzzed file format. */
export interface FuzzFormat {
  /** Name in the table, e.g. `npy`. */
  name: string;
  /** The valid files this format starts from (built once, then cached by the caller). */
  seedFiles(): Promise<CaseFiles>;
  /** Mutates a copy of the seed files; returns the case's files and what was done. */
  mutate(rng: Rng, seed: CaseFiles): { files: CaseFiles; what: string };
  /** Reads the case in `dir` with the project's reader(s). */
  read(dir: string): Promise<unknown>;
  /** Work before each case that is not the reader's (e.g. starting a Worker), not timed. */
  prepare?(): Promise<void>;
}

/** How a case ended. */
export type Outcome = "accepted" | "refused" | "crashed";

/** One case's result. */
export interface CaseResult {
  /** The case number. */
  index: number;
  /** How it ended. */
  outcome: Outcome;
  /** Milliseconds the reader took. */
  ms: number;
  /** The mutation. */
  what: string;
  /** The error's first line, or why a case counts as crashed. */
  message: string;
  /** The case's files (kept so a crash can be saved as a regression fixture). */
  files: CaseFiles;
}

/** A case slower than this is a failure (the bound). */
export const CASE_LIMIT_MS = 1000;

/** The generator of case `index` of `format` under `seed`: the same on every run. */
export function caseRng(seed: number, format: string, index: number): Rng {
  let hash = 0x811c9dc5;
  for (const char of `${format}#${index}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return createRng((seed * 0x9e3779b1) ^ hash);
}

/** Writes a case's files into `dir`, replacing the previous case's. */
export async function writeCase(dir: string, files: CaseFiles): Promise<void> {
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) {
    const path = `${dir}/${name}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeFile(path, bytes);
  }
}

/**
 * Reads one case's files with the format's reader and classifies the ending.
 *
 * @param format The format.
 * @param dir The folder holding the case's files.
 * @param files The case's files (their paths must appear in a refusal).
 * @returns Outcome, time and message.
 */
export async function classify(
  format: FuzzFormat,
  dir: string,
  files: CaseFiles,
): Promise<{ outcome: Outcome; ms: number; message: string }> {
  await format.prepare?.();
  const started = performance.now();
  let outcome: Outcome = "accepted";
  let message = "";
  try {
    await format.read(dir);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const named = Object.keys(files).some((name) => text.includes(`${dir}/${name}`));
    if (error instanceof LosscapeError && named && !text.includes("\n")) {
      outcome = "refused";
      message = text;
    } else {
      outcome = "crashed";
      const kind = error instanceof LosscapeError
        ? named ? "LosscapeError of several lines" : "LosscapeError naming no file of the case"
        : (error as Error)?.name ?? typeof error;
      message = `${kind}: ${text.split("\n")[0]}`;
    }
  }
  const ms = performance.now() - started;
  if (ms > CASE_LIMIT_MS && outcome !== "crashed") {
    message = `took ${ms.toFixed(0)} ms (limit ${CASE_LIMIT_MS}): ${message}`;
    outcome = "crashed";
  }
  return { outcome, ms, message };
}

/**
 * Runs cases `[from, from + count)` of one format.
 *
 * @param format The format.
 * @param options Seed, first case, number of cases, scratch folder, a per-case callback.
 * @returns One result per case.
 */
export async function runCases(
  format: FuzzFormat,
  options: {
    seed: number;
    from?: number;
    count: number;
    dir: string;
    onCase?: (result: CaseResult) => void | Promise<void>;
  },
): Promise<CaseResult[]> {
  const { seed, from = 0, count, dir } = options;
  const seedFiles = await format.seedFiles();
  const results: CaseResult[] = [];
  for (let index = from; index < from + count; index++) {
    const { files, what } = format.mutate(caseRng(seed, format.name, index), seedFiles);
    await writeCase(dir, files);
    const result = { index, what, files, ...(await classify(format, dir, files)) };
    results.push(result);
    await options.onCase?.(result);
  }
  return results;
}

/**
 * Picks one of the case's files at random (by weight) and mutates it.
 *
 * @param rng The case's generator.
 * @param seed The valid files.
 * @param choices File name, weight and the mutation to apply to it.
 * @returns The case's files and what was done.
 */
export function mutateOne(
  rng: Rng,
  seed: CaseFiles,
  choices: [string, number, (rng: Rng, bytes: Uint8Array) => { bytes: Uint8Array; what: string }][],
): { files: CaseFiles; what: string } {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rng.uniform() * total;
  const [name, , mutate] = choices.find(([, weight]) => (roll -= weight) < 0) ?? choices[0];
  const { bytes, what } = mutate(rng, seed[name]);
  return { files: { ...seed, [name]: bytes }, what: `${name}: ${what}` };
}
