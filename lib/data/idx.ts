/**
 * IDX files, the format of MNIST and Fashion-MNIST (`train-images-idx3-ubyte`,
 * `train-labels-idx1-ubyte`, gzipped or not). Layout (LeCun's MNIST page): two zero bytes,
 * a type byte, a dimension count, one big-endian uint32 per dimension, then the data in
 * row-major big-endian order.
 * @module
 */
import type { Dataset } from "./dataset.ts";
import { checkFinite, checkLabels, checkSameCount } from "./checks.ts";
import { MAX_DATA_BYTES, readUserFile, readUserFileStart } from "../io/read_user_file.ts";
import { LosscapeError } from "../errors.ts";

/** Element types by IDX type byte: bytes per element and a big-endian reader. */
const IDX_TYPES: Record<number, { bytes: number; read: (view: DataView, at: number) => number }> = {
  0x08: { bytes: 1, read: (view, at) => view.getUint8(at) },
  0x09: { bytes: 1, read: (view, at) => view.getInt8(at) },
  0x0b: { bytes: 2, read: (view, at) => view.getInt16(at) },
  0x0c: { bytes: 4, read: (view, at) => view.getInt32(at) },
  0x0d: { bytes: 4, read: (view, at) => view.getFloat32(at) },
  0x0e: { bytes: 8, read: (view, at) => view.getFloat64(at) },
};

/** A decoded IDX array. */
export interface IdxArray {
  /** Dimensions from the header, samples first. */
  shape: number[];
  /** The values, row-major. */
  values: Float64Array;
}

/**
 * Decodes the bytes of an IDX file.
 *
 * @param bytes The (already decompressed) file.
 * @param source The file's name, for messages.
 * @returns Shape and values.
 * @throws {LosscapeError} On a bad magic number, an unknown type or a wrong length.
 * @example
 * ```ts
 * import { decodeIdx } from "./idx.ts";
 * const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]);
 * console.log(decodeIdx(bytes, "labels").values); // Float64Array [7, 9]
 * ```
 */
export function decodeIdx(bytes: Uint8Array, source: string): IdxArray {
  const magic = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const type = IDX_TYPES[bytes[2]];
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || !type || bytes[3] === 0) {
    throw new LosscapeError(
      `${source}: expected an IDX magic number 0x0000TTDD (TT a type in 08 09 0b 0c 0d 0e, DD dimensions >= 1), got 0x${magic}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = bytes[3];
  const dataStart = 4 + 4 * dims;
  if (bytes.length < dataStart) {
    throw new LosscapeError(`${source}: expected ${dims} dimension sizes, the file ends first`);
  }
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i));
  const count = shape.reduce((product, dim) => product * dim, 1);
  const expected = dataStart + count * type.bytes;
  if (bytes.length !== expected) {
    throw new LosscapeError(
      `${source}: expected ${expected} bytes for shape [${shape.join(", ")}], got ${bytes.length}`,
    );
  }
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = type.read(view, dataStart + i * type.bytes);
  return { shape, values };
}

/**
 * Reads an IDX file, decompressing no more than its header says it holds: a gzip bomb stops
 * at the header's size instead of the general cap.
 */
async function readIdxFile(path: string): Promise<Uint8Array> {
  const head = await readUserFileStart(path, 4 + 4 * 255);
  const type = IDX_TYPES[head[2]];
  const dims = head[3] ?? 0;
  if (head.length < 4 + 4 * dims || !type || dims === 0) {
    return await readUserFile(path, { gunzip: true });
  }
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let size = type.bytes;
  for (let i = 0; i < dims; i++) size *= view.getUint32(4 + 4 * i);
  const expected = 4 + 4 * dims + size;
  if (expected > MAX_DATA_BYTES) return await readUserFile(path, { gunzip: true });
  return await readUserFile(path, {
    gunzip: true,
    maxBytes: expected,
    limitReason: `what its header (${dims} dimensions) says it holds`,
  });
}

/** Options for {@linkcode loadIdxDataset}. */
export interface IdxDatasetOptions {
  /** Path of the images file, e.g. `train-images-idx3-ubyte` or `.gz`. */
  images: string;
  /** Path of the labels file, e.g. `train-labels-idx1-ubyte` or `.gz`. */
  labels: string;
  /** Number of classes. Default: the largest label plus one. */
  classes?: number;
  /** Divide pixel values by 255 (uint8 images only) so they lie in [0, 1]. Default true. */
  scalePixels?: boolean;
}

/**
 * Loads an MNIST-style pair of IDX files (images `[n, h, w]` or `[n, h, w, c]`, labels `[n]`).
 *
 * @param options The two files and how to read them.
 * @returns A dataset with `shape` `[h, w, 1]` (or `[h, w, c]`), pixels in [0, 1] by default.
 * @throws {LosscapeError} On a missing file, bad magic, mismatched counts or bad labels.
 * @example
 * ```ts ignore
 * import { loadIdxDataset } from "./idx.ts";
 * const train = await loadIdxDataset({
 *   images: "fashion/train-images-idx3-ubyte.gz", labels: "fashion/train-labels-idx1-ubyte.gz",
 * });
 * console.log(train.shape); // [28, 28, 1]
 * ```
 */
export async function loadIdxDataset(options: IdxDatasetOptions): Promise<Dataset> {
  const { images, labels, classes, scalePixels = true } = options;
  const [imageBytes, labelBytes] = await Promise.all([readIdxFile(images), readIdxFile(labels)]);
  const pixels = decodeIdx(imageBytes, images);
  if (pixels.shape.length < 2) {
    throw new LosscapeError(
      `${images}: expected images of shape [count, height, width(, channels)], got [${pixels.shape}]`,
    );
  }
  const targets = decodeIdx(labelBytes, labels);
  if (targets.shape.length !== 1) {
    throw new LosscapeError(`${labels}: expected labels of shape [count], got [${targets.shape}]`);
  }
  const [count, ...sampleShape] = pixels.shape;
  checkSameCount(count, images, targets.shape[0], labels);
  const checked = checkLabels(targets.values, labels, classes);
  const scale = scalePixels && imageBytes[2] === 0x08 ? 1 / 255 : 1;
  const x = new Float32Array(pixels.values.length);
  for (let i = 0; i < x.length; i++) x[i] = pixels.values[i] * scale;
  const features = x.length / count;
  checkFinite(x, features, images);
  const shape = sampleShape.length === 2 ? [...sampleShape, 1] : sampleShape;
  return { x, y: checked.y, count, features, classes: checked.classes, shape };
}
