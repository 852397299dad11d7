/**
 * The error family for bad user input: the CLI prints its message as one line
 * and exits with code 2.
 * @module
 */

/** Longest message kept; what a file quotes back (a damaged header) can be any length. */
const MAX_MESSAGE = 1000;

/** Control characters (newlines from a quoted file or a parser) become spaces: one line. */
function oneLine(message: string): string {
  // deno-lint-ignore no-control-regex
  const flat = message.replace(/[\u0000-\u001f\u007f]+/g, " ");
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE)}...` : flat;
}

/**
 * Bad input from the user (a flag, a file, a field). The message names the
 * offending flag, file or field and says what was expected and what was found; it is kept to
 * one line (control characters become spaces) of at most 1,000 characters.
 *
 * @example
 * ```ts
 * import { LosscapeError } from "./errors.ts";
 * const error = new LosscapeError("--grid must be an integer >= 2: got 1");
 * console.log(error.message);
 * ```
 */
export class LosscapeError extends Error {
  /**
   * Creates the error.
   *
   * @param message What was expected and what was found, naming the flag, file or field.
   */
  constructor(message: string) {
    super(oneLine(message));
    this.name = "LosscapeError";
  }
}
