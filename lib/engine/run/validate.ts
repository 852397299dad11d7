/**
 * Input checks shared by the engine's evaluators: each throws a TypeError or RangeError whose
 * message says what was expected and what was found, before any memory is touched.
 * @module
 */
import type { Dataset } from "../../data/dataset.ts";
import type { ResolvedModel } from "../../model/resolve.ts";

const isPositiveInteger = (value: unknown) => Number.isInteger(value) && (value as number) >= 1;

/**
 * Checks that a parameter vector is a Float32Array of the layout's size.
 *
 * @param name What the vector is, for the message (e.g. `"d1"`).
 * @param vector The value to check.
 * @param size The layout's parameter count.
 * @throws {TypeError} When it is not a Float32Array.
 * @throws {RangeError} When its length differs from `size`.
 * @example
 * ```ts
 * import { validateVector } from "./validate.ts";
 * validateVector("center", new Float32Array(3), 3);
 * ```
 */
export function validateVector(name: string, vector: unknown, size: number): void {
  if (!(vector instanceof Float32Array)) {
    throw new TypeError(`${name} must be a Float32Array: got ${describe(vector)}`);
  }
  if (vector.length !== size) {
    throw new RangeError(
      `${name} must hold one value per model parameter (${size}): got ${vector.length}`,
    );
  }
}

/** Checks array types, counts, the feature width and the labels of a dataset. */
function checkDataset(data: Dataset, features: number, classes: number, expected: string): void {
  if (!(data?.x instanceof Float32Array)) {
    throw new TypeError(`Dataset x must be a Float32Array: got ${describe(data?.x)}`);
  }
  if (!(data.y instanceof Int32Array)) {
    throw new TypeError(`Dataset y must be an Int32Array: got ${describe(data.y)}`);
  }
  if (!isPositiveInteger(data.count)) {
    throw new RangeError(`Dataset count must be a positive integer: got ${data.count}`);
  }
  if (data.features !== features) {
    throw new RangeError(
      `Dataset features must equal ${expected} (${features}): got ${data.features}`,
    );
  }
  if (data.x.length !== data.count * data.features || data.y.length !== data.count) {
    throw new RangeError(
      `Dataset arrays must hold ${data.count} samples: x has ${data.x.length} values ` +
        `(expected ${data.count * data.features}), y has ${data.y.length} labels`,
    );
  }
  const bad = data.y.findIndex((label) => label < 0 || label >= classes);
  if (bad >= 0) {
    throw new RangeError(
      `Labels must be in [0, ${classes}): got y[${bad}] = ${data.y[bad]}`,
    );
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return (value as object).constructor?.name ?? typeof value;
}

/**
 * Checks a dataset against a resolved model: `features` equals the product of the input shape
 * (samples are read as `[count, ...inputShape]` whatever `data.shape` says), and every label
 * is a class of the model (0 or 1 for binary cross-entropy).
 *
 * @param data The samples.
 * @param model The resolved model.
 * @throws {TypeError} When `x` or `y` has the wrong array type.
 * @throws {RangeError} When counts, feature sizes or labels do not fit.
 * @example
 * ```ts
 * import { resolveModel } from "../../model/resolve.ts";
 * import { validateModelDataset } from "./validate.ts";
 * const model = resolveModel({ kind: "sequential", inputShape: [2, 2, 1], layers: [{ type: "flatten" }, { type: "dense", units: 2 }] });
 * validateModelDataset({ x: new Float32Array(8), y: new Int32Array([0, 1]), count: 2, features: 4, classes: 2 }, model);
 * ```
 */
export function validateModelDataset(data: Dataset, model: ResolvedModel): void {
  const inputShape = model.spec.inputShape;
  const features = inputShape.reduce((product, size) => product * size, 1);
  const classes = model.spec.loss === "binary-cross-entropy" ? 2 : model.outputShape[0];
  checkDataset(
    data,
    features,
    classes,
    `the product of the model's inputShape [${inputShape.join(", ")}]`,
  );
}
