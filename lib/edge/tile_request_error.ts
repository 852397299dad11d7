/**
 * A refused tile request: the HTTP status and one line naming the field and what was expected.
 * @module
 */
import { LosscapeError } from "../errors.ts";

/**
 * A tile request the endpoint refuses; the handler answers `status` with `{ "error": message }`.
 * 400: malformed JSON or a field of the wrong type; 413: the body is too large; 422: the
 * request is well formed but cannot be run (too much work, shapes that do not fit the model,
 * a URL that could not be fetched); 409: a request naming a plane the endpoint does not hold;
 * 429: the endpoint is busy.
 *
 * @example
 * ```ts
 * import { TileRequestError } from "./tile_request_error.ts";
 * const error = new TileRequestError(400, "grid.xcoordinates: expected an array of numbers, got a string");
 * console.log(error.status, error.message);
 * ```
 */
export class TileRequestError extends LosscapeError {
  /** The HTTP status to answer with. */
  readonly status: 400 | 409 | 413 | 422 | 429;

  /**
   * Creates the error.
   *
   * @param status The HTTP status.
   * @param message Field, what was expected and what was found.
   */
  constructor(status: 400 | 409 | 413 | 422 | 429, message: string) {
    super(message);
    this.name = "TileRequestError";
    this.status = status;
  }
}

/**
 * Describes a JSON value briefly for a message (`a string`, `an array of 3`, `null`).
 *
 * @param value Any parsed JSON value.
 * @returns A few words.
 * @example
 * ```ts
 * import { describeJson } from "./tile_request_error.ts";
 * console.log(describeJson([1, 2])); // "an array of 2"
 * ```
 */
export function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "string") return `a string`;
  if (typeof value === "number") return `${value}`;
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
