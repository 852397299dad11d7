/**
 * NumPy `.npy` feature and label files (numpy.lib.format versions 1-3): little-endian
 * float32, float64, uint8, int32 or int64, C order. One file holds the features
 * `[count, ...]`, a second the labels `[count]`.
 * @module
 */
import type { Dataset } from "./dataset.ts";
import { checkFinite, checkLabels, checkSameCount } from "./checks.ts";
import { readUserFile } from "../io/read_user_file.ts";
import { LosscapeError } from "../errors.ts";

type Reader = (view: DataView, at: number) => number;

const NPY_DTYPES: Record<string, { bytes: number; read: Reader }> = {
  "<f4": { bytes: 4, read: (view, at) => view.getFloat32(at, true) },
  "<f8": { bytes: 8, read: (view, at) => view.getFloat64(at, true) },
  "|u1": { bytes: 1, read: (view, at) => view.getUint8(at) },
  "<i4": { bytes: 4, read: (view, at) => view.getInt32(at, true) },
  // int64 beyond 2^53 loses precision here; such values are out of range as features or labels.
  "<i8": { bytes: 8, read: (view, at) => Number(view.getBigInt64(at, true)) },
};
NPY_DTYPES["<u1"] = NPY_DTYPES["|u1"];

/** A decoded `.npy` array of any supported dtype, as float64 values. */
export interface NpyData {
  /** Shape from the header. */
  shape: number[];
  /** NumPy dtype string, e.g. `<f4`. */
  dtype: string;
  /** Values in C order. */
  values: Float64Array;
}

/**
 * Decodes an `.npy` file of a supported dtype.
 *
 * @param bytes The file's bytes.
 * @param source The file's name, for messages.
 * @returns Shape, dtype and values.
 * @throws {LosscapeError} When the magic, dtype, order or length is not as expected.
 * @example
 * ```ts
 * import { encodeNpy } from "../io/npy.ts";
 * import { decodeNpyData } from "./npy_data.ts";
 * console.log(decodeNpyData(encodeNpy(new Float32Array([1, 2]), [2]), "a.npy").shape); // [2]
 * ```
 */
export function decodeNpyData(bytes: Uint8Array, source: string): NpyData {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || !magic.every((byte, i) => bytes[i] === byte)) {
    throw new LosscapeError(
      `${source}: expected an .npy file starting with \\x93NUMPY, got other bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerStart = major === 1 ? 10 : 12;
  if (major < 1 || major > 3 || bytes.length < headerStart) {
    throw new LosscapeError(`${source}: expected .npy format version 1, 2 or 3, got ${major}`);
  }
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerStart + headerLength > bytes.length) {
    throw new LosscapeError(
      `${source}: the header claims ${headerLength} bytes, the file has ${
        bytes.length - headerStart
      } after the prefix`,
    );
  }
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength));
  const dtype = header.match(/'descr':\s*'([^']*)'/)?.[1] ?? "?";
  const type = NPY_DTYPES[dtype];
  if (!type) {
    throw new LosscapeError(
      `${source}: expected dtype <f4, <f8, |u1, <i4 or <i8 (little-endian), got '${dtype}'`,
    );
  }
  if (!/'fortran_order':\s*False/.test(header)) {
    throw new LosscapeError(`${source}: expected C order (fortran_order False), got Fortran order`);
  }
  const shapeText = header.match(/'shape':\s*\(([^)]*)\)/)?.[1];
  if (shapeText === undefined) {
    throw new LosscapeError(`${source}: expected a 'shape' in the header, got ${header.trim()}`);
  }
  const parts = shapeText.split(",").map((part) => part.trim()).filter(Boolean);
  if (!parts.every((part) => /^\d{1,15}$/.test(part))) {
    throw new LosscapeError(
      `${source}: expected a shape of non-negative integers, got (${shapeText.slice(0, 80)})`,
    );
  }
  const shape = parts.map(Number);
  const count = shape.reduce((product, dim) => product * dim, 1);
  const dataStart = headerStart + headerLength;
  // Checked against the file's length before anything is allocated.
  if (bytes.length - dataStart !== count * type.bytes) {
    throw new LosscapeError(
      `${source}: expected ${count * type.bytes} data bytes for shape (${shape}) ${dtype}, got ${
        bytes.length - dataStart
      }`,
    );
  }
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = type.read(view, dataStart + i * type.bytes);
  return { shape, dtype, values };
}

/** Options for {@linkcode loadNpyDataset}. */
export interface NpyDatasetOptions {
  /** Path of the features file, shape `[count]`, `[count, features]` or `[count, h, w(, c)]`. */
  features: string;
  /** Path of the labels file, shape `[count]` or `[count, 1]`, integer values. */
  labels: string;
  /** Number of classes. Default: the largest label plus one. */
  classes?: number;
}

/**
 * Loads features and labels from two `.npy` files.
 *
 * @param options The two files.
 * @returns The dataset; `shape` is the per-sample shape when the features have 3+ dimensions.
 * @throws {LosscapeError} On a missing file, unsupported dtype, NaN, mismatched counts or bad labels.
 * @example
 * ```ts ignore
 * import { loadNpyDataset } from "./npy_data.ts";
 * const data = await loadNpyDataset({ features: "x.npy", labels: "y.npy" });
 * ```
 */
export async function loadNpyDataset(options: NpyDatasetOptions): Promise<Dataset> {
  const { features: featurePath, labels: labelPath, classes } = options;
  const [featureBytes, labelBytes] = await Promise.all([
    readUserFile(featurePath, { gunzip: true }),
    readUserFile(labelPath, { gunzip: true }),
  ]);
  const features = decodeNpyData(featureBytes, featurePath);
  const labels = decodeNpyData(labelBytes, labelPath);
  if (features.shape.length < 1 || features.shape[0] < 1) {
    throw new LosscapeError(
      `${featurePath}: expected shape (count, ...) with count >= 1, got (${features.shape})`,
    );
  }
  const labelShape = labels.shape;
  if (
    labelShape.length < 1 || labelShape.length > 2 ||
    (labelShape.length === 2 && labelShape[1] !== 1)
  ) {
    throw new LosscapeError(`${labelPath}: expected labels of shape (count,), got (${labelShape})`);
  }
  const count = features.shape[0];
  checkSameCount(count, featurePath, labelShape[0], labelPath);
  const checked = checkLabels(labels.values, labelPath, classes);
  const x = Float32Array.from(features.values);
  const perSample = features.shape.slice(1);
  const featureCount = perSample.reduce((product, dim) => product * dim, 1);
  checkFinite(x, featureCount, featurePath);
  const dataset: Dataset = {
    x,
    y: checked.y,
    count,
    features: featureCount,
    classes: checked.classes,
  };
  if (perSample.length >= 2) dataset.shape = perSample;
  return dataset;
}
