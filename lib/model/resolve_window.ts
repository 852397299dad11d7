/**
 * Checks shared by the layer resolvers, and TF's rules for windows (convolution, pooling):
 * output size and the zeros `"same"` padding adds.
 * @module
 */
import { LosscapeError } from "../errors.ts";
import type { Pair } from "./spec.ts";
import type { Pads, ResolvedWindow } from "./resolved_layer.ts";

/** Throws the one-line error of a spec problem at `where`. */
export const fail = (where: string, message: string): never => {
  throw new LosscapeError(`${where}: ${message}`);
};
/** Whether a value is an integer >= 1. */
export const isPositiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1;
/** A shape for messages, e.g. `[28, 28, 1]`. */
export const shapeText = (shape: number[]): string => `[${shape.join(", ")}]`;
/** Checks that a layer's input is an image `[height, width, channels]` and returns it. */
export const imageInput = (where: string, shape: number[]): number[] => {
  if (shape.length !== 3) {
    fail(where, `expects an image input [height, width, channels]: got ${shapeText(shape)}`);
  }
  return shape;
};

/**
 * Reads a `Pair` field as `[h, w]`.
 *
 * @param value One number for both axes, a pair, or undefined.
 * @param fallback What undefined means.
 * @returns `[h, w]`.
 * @example
 * ```ts
 * import { pair } from "./resolve.ts";
 * console.log(pair(3, [1, 1]), pair(undefined, [2, 2])); // [3, 3] [2, 2]
 * ```
 */
export function pair(value: Pair | undefined, fallback: [number, number]): [number, number] {
  if (value === undefined) return fallback;
  return typeof value === "number" ? [value, value] : [value[0], value[1]];
}

/** Checks a `Pair` field: positive integers, at most `max`. */
export function checkPair(where: string, field: string, value: unknown, max = Infinity): void {
  const ok = (v: unknown) => isPositiveInt(v) && (v as number) <= max;
  const valid = ok(value) || (Array.isArray(value) && value.length === 2 && value.every(ok));
  if (!valid) {
    const limit = max === Infinity ? "a positive integer" : `an integer in [1, ${max}]`;
    fail(where, `${field} must be ${limit} or a pair of them: got ${JSON.stringify(value)}`);
  }
}

/** Checks a padding field: `"same"` or `"valid"`. */
export function checkPadding(where: string, padding: unknown): "same" | "valid" {
  if (padding !== "same" && padding !== "valid") {
    fail(where, `padding must be "same" or "valid": got ${JSON.stringify(padding)}`);
  }
  return padding as "same" | "valid";
}

/**
 * Output size of a windowed op (convolution, pooling) along one axis, by TF's rules.
 *
 * @param size Input size.
 * @param window Kernel or pool size.
 * @param stride Stride.
 * @param padding `"same"` (ceil(size / stride)) or `"valid"`.
 * @returns The output size.
 * @example
 * ```ts
 * import { windowOutput } from "./resolve.ts";
 * console.log(windowOutput(7, 3, 2, "same"), windowOutput(7, 3, 2, "valid")); // 4 3
 * ```
 */
export function windowOutput(
  size: number,
  window: number,
  stride: number,
  padding: string,
): number {
  return padding === "same" ? Math.ceil(size / stride) : Math.floor((size - window) / stride) + 1;
}

/**
 * The zeros TF adds before and after one axis: none for `"valid"`; for `"same"`,
 * max((out - 1) * stride + window - size, 0) split with the smaller half before.
 *
 * @param size Input size.
 * @param window Kernel or pool size.
 * @param stride Stride.
 * @param padding `"same"` or `"valid"`.
 * @returns `[before, after]`.
 * @example
 * ```ts
 * import { windowPads } from "./resolve_window.ts";
 * console.log(windowPads(7, 4, 2, "same"), windowPads(7, 3, 2, "valid")); // [1, 2] [0, 0]
 * ```
 */
export function windowPads(
  size: number,
  window: number,
  stride: number,
  padding: "same" | "valid",
): [number, number] {
  if (padding === "valid") return [0, 0];
  const out = windowOutput(size, window, stride, padding);
  const total = Math.max((out - 1) * stride + window - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * A window over an image input: its output height and width, stride and pads.
 *
 * @param input The input `[h, w, c]`.
 * @param window Window `[h, w]`.
 * @param strides Stride `[h, w]`.
 * @param padding `"same"` or `"valid"`.
 * @returns Output `[h, w]` and the window fields of a resolved layer.
 * @example
 * ```ts
 * import { resolveWindow } from "./resolve_window.ts";
 * console.log(resolveWindow([7, 7, 1], [3, 3], [2, 2], "same").out); // [4, 4]
 * ```
 */
export function resolveWindow(
  input: number[],
  window: [number, number],
  strides: [number, number],
  padding: "same" | "valid",
): { out: [number, number] } & ResolvedWindow {
  const out: [number, number] = [
    windowOutput(input[0], window[0], strides[0], padding),
    windowOutput(input[1], window[1], strides[1], padding),
  ];
  const pads: Pads = [
    windowPads(input[0], window[0], strides[0], padding),
    windowPads(input[1], window[1], strides[1], padding),
  ];
  return { out, strides, padding, pads };
}
