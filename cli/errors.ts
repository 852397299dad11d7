/**
 * Turning errors into one line and an exit code: 2 for bad input (a flag, a
 * file, a permission), 1 for a bug, which keeps its stack trace.
 * @module
 */
import { LosscapeError } from "../lib/errors.ts";

/**
 * Fails early, before any work, when `--out` cannot be written.
 *
 * @param dir The output folder.
 * @throws {LosscapeError} Naming --out and the reason.
 * @example
 * ```ts ignore
 * import { checkWritable } from "./errors.ts";
 * await checkWritable("out"); // throws LosscapeError("--out ...") when out/ cannot be written
 * ```
 */
export async function checkWritable(dir: string): Promise<void> {
  const probe = `${dir}/.losscape-write-test`;
  try {
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(probe, "");
    await Deno.remove(probe);
  } catch (error) {
    const reason =
      error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied
        ? "no write permission (deno task scan may write only under out/; run deno run with --allow-write=DIR for another folder)"
        : (error as Error).message.split("\n")[0];
    throw new LosscapeError(`--out ${dir}: cannot write there: ${reason}`);
  }
}

/**
 * Prints an error for a person and picks the exit code.
 *
 * @param error What was thrown.
 * @returns 2 for bad input, 1 otherwise.
 * @example
 * ```ts
 * import { reportError } from "./errors.ts";
 * import { LosscapeError } from "../lib/errors.ts";
 * console.log(reportError(new LosscapeError("--grid must be an integer >= 2: got 1"))); // 2
 * ```
 */
export function reportError(error: unknown): number {
  if (error instanceof LosscapeError) {
    console.error(`error: ${error.message}`);
    return 2;
  }
  console.error(error);
  return 1;
}
