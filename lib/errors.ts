/**
 * The error family for bad user input: the CLI prints its message as one line
 * and exits with code 2.
 * @module
 */

/**
 * Bad input from the user (a flag, a file, a field). The message names the
 * offending flag, file or field and says what was expected and what was found.
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
    super(message);
    this.name = "LosscapeError";
  }
}
