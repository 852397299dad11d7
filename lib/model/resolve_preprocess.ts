/**
 * Checks the weightless input layers (reshape, rescaling, normalization) and derives their
 * output shapes: a reshape keeps the number of values, the others keep the shape.
 * @module
 */
import type { NormalizationLayer, RescalingLayer, ReshapeLayer } from "./spec_preprocess.ts";
import { fail, isPositiveInt, shapeText } from "./resolve_window.ts";

/**
 * The shape a reshape produces, with its one `-1` (if any) filled in.
 *
 * @param target The target shape as written.
 * @param input The per-sample input shape.
 * @param where How messages name the layer.
 * @returns The output shape.
 * @throws {LosscapeError} When the shape is malformed or holds a different number of values.
 * @example
 * ```ts
 * import { reshapeOutput } from "./resolve_preprocess.ts";
 * console.log(reshapeOutput([28, -1, 1], [784], "layers[0]")); // [28, 28, 1]
 * ```
 */
export function reshapeOutput(target: unknown, input: number[], where: string): number[] {
  const size = input.reduce((a, b) => a * b, 1);
  const wellFormed = Array.isArray(target) && target.length >= 1 && target.length <= 3 &&
    target.every((d) => isPositiveInt(d) || d === -1) &&
    target.filter((d) => d === -1).length <= 1;
  if (!wellFormed) {
    fail(
      where,
      `targetShape must be 1 to 3 positive integers (one may be -1): got ${JSON.stringify(target)}`,
    );
  }
  const dims = target as number[];
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const out = dims.map((d) => d === -1 ? size / known : d);
  if (!out.every(isPositiveInt) || out.reduce((a, b) => a * b, 1) !== size) {
    fail(
      where,
      `targetShape ${JSON.stringify(target)} does not hold the ${size} values of input ${
        shapeText(input)
      }`,
    );
  }
  return out;
}

function checkValues(
  where: string,
  field: string,
  value: unknown,
  channels: number,
  ok: (v: number) => boolean,
  expected: string,
): void {
  const valid = (typeof value === "number" && ok(value)) ||
    (Array.isArray(value) && value.length === channels &&
      value.every((v) => typeof v === "number" && ok(v)));
  if (!valid) {
    fail(
      where,
      `${field} must be ${expected}, one number or ${channels} (one per channel): got ${
        JSON.stringify(value)
      }`,
    );
  }
}

/**
 * Checks a reshape, rescaling or normalization layer and derives its output shape.
 *
 * @param layer The layer.
 * @param input Its per-sample input shape.
 * @param where How messages name it.
 * @returns The output shape (these layers have no parameter tensors).
 * @throws {LosscapeError} Naming `where`, what was expected and what was found.
 * @example
 * ```ts
 * import { resolvePreprocessLayer } from "./resolve_preprocess.ts";
 * console.log(resolvePreprocessLayer({ type: "rescaling", scale: 1 / 255 }, [4], "layers[0]")); // [4]
 * ```
 */
export function resolvePreprocessLayer(
  layer: ReshapeLayer | RescalingLayer | NormalizationLayer,
  input: number[],
  where: string,
): number[] {
  const channels = input[input.length - 1];
  const finite = (v: number) => Number.isFinite(v);
  switch (layer.type) {
    case "reshape":
      return reshapeOutput(layer.targetShape, input, where);
    case "rescaling":
      checkValues(where, "scale", layer.scale, channels, finite, "finite");
      if (layer.offset !== undefined) {
        checkValues(where, "offset", layer.offset, channels, finite, "finite");
      }
      return input;
    case "normalization":
      checkValues(where, "mean", layer.mean, channels, finite, "finite");
      checkValues(where, "variance", layer.variance, channels, (v) => v >= 0, "finite and >= 0");
      return input;
  }
}
