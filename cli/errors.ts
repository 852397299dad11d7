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
 * Turns a disk that fills up or turns read-only under a run into one line naming the folder.
 *
 * @param error What a write threw.
 * @param dir The output folder.
 * @returns The one-line error, or null when it is not such a fault.
 * @example
 * ```ts
 * import { diskFault } from "./errors.ts";
 * const full = Object.assign(new Error("No space left on device (os error 28)"), { code: "ENOSPC" });
 * console.log(diskFault(full, "out")?.message); // "--out out: the disk is full ..."
 * ```
 */
export function diskFault(error: unknown, dir: string): LosscapeError | null {
  const code = (error as { code?: string })?.code;
  const what = code === "ENOSPC"
    ? "the disk is full (no space left on device): free some space"
    : code === "EROFS"
    ? "the folder is on a read-only file system: make it writable"
    : code === "EACCES" || error instanceof Deno.errors.PermissionDenied
    ? "the folder is no longer writable (permission denied): make it writable"
    : null;
  if (!what) return null;
  return new LosscapeError(
    `--out ${dir}: ${what}, then run the same command to resume (files written so far are kept)`,
  );
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
