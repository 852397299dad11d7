/**
 * The argument checks of `evaluate(alphas, betas, loss, accuracy, offset)`, shared by the
 * single-thread evaluator and the worker pool so both reject the same calls with the same
 * messages (the pool checks on the calling thread, where indices still refer to the caller's
 * arrays rather than to one worker's share).
 * @module
 */

/** The grid coordinates of one call, rounded to float32 as the kernel uses them. */
export interface PointCoordinates {
  /** Steps along d1, one per point. */
  a: Float32Array;
  /** Steps along d2, one per point; zeros for a 1D line. */
  b: Float32Array;
}

/**
 * Checks the arguments of an `evaluate` call and rounds the coordinates to float32.
 *
 * @param alphas Steps along d1.
 * @param betas Steps along d2, or null/undefined for b = 0.
 * @param hasD2 Whether the evaluator has a second direction (betas are allowed only then).
 * @param loss Output array of the losses.
 * @param accuracy Output array of the accuracies.
 * @param offset Where the first point's results go in both outputs.
 * @returns The coordinates as float32 arrays.
 * @throws {TypeError} When an argument has the wrong type, or betas are given without d2.
 * @throws {RangeError} When lengths disagree, outputs lack room, or a coordinate is not finite.
 * @example
 * ```ts
 * import { checkPointArguments } from "./point_arguments.ts";
 * const { a, b } = checkPointArguments([0.5], null, false, new Float32Array(1), new Float32Array(1), 0);
 * console.log(a, b); // Float32Array(1) [ 0.5 ] Float32Array(1) [ 0 ]
 * ```
 */
export function checkPointArguments(
  alphas: ArrayLike<number>,
  betas: ArrayLike<number> | null | undefined,
  hasD2: boolean,
  loss: Float32Array,
  accuracy: Float32Array,
  offset: number,
): PointCoordinates {
  const count = alphas?.length;
  if (!Number.isInteger(count)) {
    throw new TypeError(`alphas must be an array of numbers: got ${alphas}`);
  }
  if (betas !== null && betas !== undefined) {
    if (!hasD2) {
      throw new TypeError("betas must be null: this evaluator has no second direction (d2)");
    }
    if (betas.length !== count) {
      throw new RangeError(`betas must have one value per alpha (${count}): got ${betas.length}`);
    }
  }
  for (const [name, output] of [["loss", loss], ["accuracy", accuracy]] as const) {
    if (!(output instanceof Float32Array)) {
      throw new TypeError(`${name} must be a Float32Array: got ${output}`);
    }
    if (!Number.isInteger(offset) || offset < 0 || offset + count > output.length) {
      throw new RangeError(
        `${name} must have room for ${count} values at offset ${offset}: length is ${output.length}`,
      );
    }
  }
  const a = Float32Array.from(alphas), b = new Float32Array(count);
  if (betas) b.set(betas);
  for (const [name, coordinates] of [["alphas", a], ["betas", b]] as const) {
    const bad = coordinates.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) {
      throw new RangeError(
        `${name}[${bad}] must be a finite float32 number: got ${
          name === "alphas" ? alphas[bad] : betas?.[bad]
        }`,
      );
    }
  }
  return { a, b };
}
