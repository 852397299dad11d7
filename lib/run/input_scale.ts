/**
 * The `inputScale` setting: the inputs as the model was trained on them. Our digits are pixels
 * in [0, 1]; a model trained on raw 0-255 pixels wants `255`, and one trained on
 * `tf.keras.utils.normalize(x, axis=1)` wants `l2:1`; one trained on `x / 255 - 0.5` wants
 * `1,-0.5` (factor, then offset). Applied to both splits after `--scale`.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { DataSplit } from "../data/dataset.ts";
import { LosscapeError } from "../errors.ts";

/** A parsed input scaling: none, a factor, or an L2 normalisation along one axis. */
export type InputScale =
  | { kind: "none" }
  | { kind: "factor"; factor: number; offset: number }
  | { kind: "l2"; axis: number };

const EXPECTED =
  "none, a factor (255, 1/255), a factor and an offset (1,-0.5) or l2:AXIS (as tf.keras.utils.normalize(x, axis=AXIS))";

/**
 * Reads the setting.
 *
 * @param text `""`/`none`, a number or a fraction `a/b` (with `,OFFSET` added after
 * scaling), or `l2:AXIS`.
 * @returns The scaling.
 * @throws {LosscapeError} Naming `--input-scale` and the allowed forms.
 * @example
 * ```ts
 * import { parseInputScale } from "./input_scale.ts";
 * console.log(parseInputScale("1/255").kind, parseInputScale("l2:1")); // "factor" { kind: "l2", axis: 1 }
 * ```
 */
export function parseInputScale(text: string): InputScale {
  const value = text.trim();
  if (value === "" || value === "none") return { kind: "none" };
  const bad = (): never => {
    throw new LosscapeError(`--input-scale must be ${EXPECTED}: got ${JSON.stringify(text)}`);
  };
  if (value.startsWith("l2:")) {
    const axis = Number(value.slice(3));
    if (!Number.isInteger(axis) || axis === 0 || value.slice(3).trim() === "") bad();
    return { kind: "l2", axis };
  }
  const [factorText, offsetText = "0", ...rest] = value.split(",");
  const parts = factorText.split("/");
  const numbers = [...parts, offsetText].map((part) => part.trim() === "" ? NaN : Number(part));
  if (rest.length > 0 || parts.length > 2 || numbers.some((n) => !Number.isFinite(n))) bad();
  const factor = parts.length === 2 ? numbers[0] / numbers[1] : numbers[0];
  if (!Number.isFinite(factor) || factor <= 0) bad();
  return { kind: "factor", factor, offset: numbers.at(-1)! };
}

/**
 * Says how the inputs were scaled, for run.json and the report.
 *
 * @param text The setting.
 * @returns E.g. `x * 255`, `x * 1 - 0.5`, `L2-normalised along axis 1`, `as loaded`.
 * @example
 * ```ts
 * import { describeInputScale } from "./input_scale.ts";
 * console.log(describeInputScale("255")); // "x * 255"
 * ```
 */
export function describeInputScale(text: string): string {
  const scale = parseInputScale(text);
  if (scale.kind === "none") return "as loaded";
  if (scale.kind === "factor") {
    const { offset } = scale;
    const shift = offset === 0 ? "" : offset > 0 ? ` + ${offset}` : ` - ${-offset}`;
    return `x * ${text.split(",")[0].trim()}${shift}`;
  }
  return `L2-normalised along axis ${scale.axis} (tf.keras.utils.normalize)`;
}

/** Sample shape as Keras users hold it: a trailing channel of size 1 dropped. */
function kerasShape(data: Dataset): number[] {
  const shape = data.shape ?? [data.features];
  return shape.length > 1 && shape[shape.length - 1] === 1 ? shape.slice(0, -1) : shape;
}

function scaleSet(data: Dataset, scale: InputScale): Dataset {
  if (scale.kind === "none") return data;
  if (scale.kind === "factor") {
    return { ...data, x: data.x.map((v) => v * scale.factor + scale.offset) };
  }
  const shape = kerasShape(data);
  const rank = shape.length + 1; // with the batch axis, as Keras counts
  const axis = scale.axis < 0 ? rank + scale.axis : scale.axis;
  if (axis < 1 || axis >= rank) {
    throw new LosscapeError(
      `--input-scale l2:${scale.axis}: the samples have shape [${shape}] (axes 1 to ${
        rank - 1
      }, or negative from the end)`,
    );
  }
  const length = shape[axis - 1];
  const inner = shape.slice(axis).reduce((a, b) => a * b, 1);
  const x = new Float32Array(data.x.length);
  const lines = data.x.length / length; // every line along the axis, across all samples
  for (let line = 0; line < lines; line++) {
    const base = Math.floor(line / inner) * length * inner + (line % inner);
    let norm = 0;
    for (let k = 0; k < length; k++) norm += data.x[base + k * inner] ** 2;
    const divisor = Math.sqrt(norm) || 1; // zero lines stay zero, as in Keras
    for (let k = 0; k < length; k++) x[base + k * inner] = data.x[base + k * inner] / divisor;
  }
  return { ...data, x };
}

/**
 * Applies the setting to both splits.
 *
 * @param split Train and test sets.
 * @param text The setting.
 * @returns The scaled split (the same objects when there is nothing to do).
 * @throws {LosscapeError} On a malformed setting or an axis the samples do not have.
 * @example
 * ```ts
 * import { applyInputScale } from "./input_scale.ts";
 * const set = { x: new Float32Array([3, 4]), y: new Int32Array([0]), count: 1, features: 2, classes: 2 };
 * console.log(applyInputScale({ train: set, test: set }, "l2:1").train.x); // Float32Array(2) [0.6, 0.8]
 * ```
 */
export function applyInputScale(split: DataSplit, text: string): DataSplit {
  const scale = parseInputScale(text);
  return { ...split, train: scaleSet(split.train, scale), test: scaleSet(split.test, scale) };
}
