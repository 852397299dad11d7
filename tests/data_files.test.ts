import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { loadIdxDataset } from "../lib/data/idx.ts";
import { loadNpyDataset } from "../lib/data/npy_data.ts";
import { readUserFile } from "../lib/io/read_user_file.ts";

const dir = ".tmp/data_files_test";
const path = (name: string) => `${dir}/${name}`;

/** An IDX file: magic 00 00 08 dims, big-endian sizes, then uint8 data. */
function idx(shape: number[], values: ArrayLike<number>, type = 0x08): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * shape.length + values.length);
  bytes.set([0, 0, type, shape.length]);
  const view = new DataView(bytes.buffer);
  shape.forEach((dim, i) => view.setUint32(4 + 4 * i, dim));
  bytes.set(values, 4 + 4 * shape.length);
  return bytes;
}

const WRITERS: Record<string, [number, (v: DataView, at: number, x: number) => void]> = {
  "<f4": [4, (v, at, x) => v.setFloat32(at, x, true)],
  "<f8": [8, (v, at, x) => v.setFloat64(at, x, true)],
  "|u1": [1, (v, at, x) => v.setUint8(at, x)],
  "<i4": [4, (v, at, x) => v.setInt32(at, x, true)],
  "<i8": [8, (v, at, x) => v.setBigInt64(at, BigInt(x), true)],
  "<f2": [2, (v, at, x) => v.setUint16(at, x, true)],
};

/** An .npy file (v1.0) of any dtype in WRITERS. */
function npy(dtype: string, shape: number[], values: number[], fortran = false): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${dtype}', 'fortran_order': ${
    fortran ? "True" : "False"
  }, 'shape': ${shapeText}, }`;
  header += " ".repeat((64 - ((11 + header.length) % 64)) % 64) + "\n";
  const [size, write] = WRITERS[dtype];
  const bytes = new Uint8Array(10 + header.length + values.length * size);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const view = new DataView(bytes.buffer);
  view.setUint16(8, header.length, true);
  bytes.set(new TextEncoder().encode(header), 10);
  values.forEach((x, i) => write(view, 10 + header.length + i * size, x));
  return bytes;
}

const pixels = Array.from({ length: 3 * 4 * 5 }, (_, i) => (i * 37) % 256);

before(() => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path("images-idx3-ubyte"), idx([3, 4, 5], pixels));
  writeFileSync(path("labels-idx1-ubyte"), idx([3], [7, 0, 9]));
  writeFileSync(path("images-idx3-ubyte.gz"), gzipSync(idx([3, 4, 5], pixels)));
  writeFileSync(path("labels-idx1-ubyte.gz"), gzipSync(idx([3], [7, 0, 9])));
  writeFileSync(path("labels2-idx1-ubyte"), idx([2], [1, 2]));
  const badMagic = idx([3], [1, 2, 3]);
  badMagic[1] = 8;
  writeFileSync(path("bad-magic-idx1-ubyte"), badMagic);
  writeFileSync(path("broken.gz"), new Uint8Array([0x1f, 0x8b, 1, 2, 3]));
});

describe("IDX files (MNIST, Fashion-MNIST)", () => {
  it("round-trips pixels scaled to [0, 1] with shape [h, w, 1], plain and gzipped", async () => {
    for (const suffix of ["", ".gz"]) {
      const data = await loadIdxDataset({
        images: path(`images-idx3-ubyte${suffix}`),
        labels: path(`labels-idx1-ubyte${suffix}`),
        classes: 10,
      });
      assert.equal(data.count, 3);
      assert.equal(data.features, 20);
      assert.deepEqual(data.shape, [4, 5, 1]);
      assert.equal(data.classes, 10);
      assert.deepEqual([...data.y], [7, 0, 9]);
      pixels.forEach((p, i) => assert.equal(data.x[i], Math.fround(p / 255)));
    }
    const raw = await loadIdxDataset({
      images: path("images-idx3-ubyte"),
      labels: path("labels-idx1-ubyte"),
      scalePixels: false,
    });
    assert.deepEqual([...raw.x], pixels);
    assert.equal(raw.classes, 10); // largest label + 1
  });

  it("rejects a bad magic number, mismatched counts, labels out of range, a missing file", async () => {
    await assert.rejects(
      loadIdxDataset({ images: path("images-idx3-ubyte"), labels: path("bad-magic-idx1-ubyte") }),
      {
        name: "LosscapeError",
        message: `${
          path("bad-magic-idx1-ubyte")
        }: expected an IDX magic number 0x0000TTDD (TT a type in 08 09 0b 0c 0d 0e, DD dimensions >= 1), got 0x00080801`,
      },
    );
    await assert.rejects(
      loadIdxDataset({ images: path("images-idx3-ubyte"), labels: path("labels2-idx1-ubyte") }),
      {
        message: `${path("labels2-idx1-ubyte")}: expected 3 labels (one per sample of ${
          path("images-idx3-ubyte")
        }), got 2`,
      },
    );
    await assert.rejects(
      loadIdxDataset({
        images: path("images-idx3-ubyte"),
        labels: path("labels-idx1-ubyte"),
        classes: 8,
      }),
      {
        message: `${
          path("labels-idx1-ubyte")
        }: index 2: expected an integer label in [0, 8), got 9`,
      },
    );
    await assert.rejects(
      loadIdxDataset({ images: path("nothing-here"), labels: path("labels-idx1-ubyte") }),
      {
        name: "LosscapeError",
        message: `${path("nothing-here")}: file not found`,
      },
    );
    await assert.rejects(
      readUserFile(path("broken.gz"), { gunzip: true }),
      /broken.gz: starts like gzip but does not decompress/,
    );
  });
});

describe(".npy feature and label files", () => {
  it("reads float32, float64, uint8, int32 and int64 features and integer labels", async () => {
    const values = [0, 1, 2, 3, 250, 7];
    for (const dtype of ["<f4", "<f8", "|u1", "<i4", "<i8"]) {
      writeFileSync(path("x.npy"), npy(dtype, [3, 2], values));
      writeFileSync(path("y.npy"), npy(dtype, [3], [2, 0, 1]));
      const data = await loadNpyDataset({ features: path("x.npy"), labels: path("y.npy") });
      assert.deepEqual([...data.x], values, dtype);
      assert.deepEqual([...data.y], [2, 0, 1]);
      assert.equal(data.features, 2);
      assert.equal(data.classes, 3);
      assert.equal(data.shape, undefined);
    }
    writeFileSync(path("x.npy"), npy("<f8", [2, 2, 3], [0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));
    writeFileSync(path("y.npy"), npy("<i8", [2, 1], [1, 0]));
    const images = await loadNpyDataset({ features: path("x.npy"), labels: path("y.npy") });
    assert.deepEqual(images.shape, [2, 3]);
    assert.equal(images.features, 6);
    assert.equal(images.x[0], 0.5);
  });

  it("rejects unsupported dtypes, Fortran order, NaN, non-integer labels and count mismatch", async () => {
    const load = () => loadNpyDataset({ features: path("x.npy"), labels: path("y.npy") });
    writeFileSync(path("y.npy"), npy("<i4", [2], [0, 1]));
    writeFileSync(path("x.npy"), npy("<f2", [2, 1], [0, 1]));
    await assert.rejects(load, {
      message: `${
        path("x.npy")
      }: expected dtype <f4, <f8, |u1, <i4 or <i8 (little-endian), got '<f2'`,
    });
    writeFileSync(path("x.npy"), npy("<f4", [2, 2], [0, 1, 2, 3], true));
    await assert.rejects(
      load,
      /x\.npy: expected C order \(fortran_order False\), got Fortran order/,
    );
    writeFileSync(path("x.npy"), npy("<f4", [2, 2], [0, 1, NaN, 3]));
    await assert.rejects(load, {
      message: `${path("x.npy")}: sample 1, feature 0: expected a finite number, got NaN`,
    });
    writeFileSync(path("x.npy"), npy("<f4", [2, 2], [0, 1, 2, 3]));
    writeFileSync(path("y.npy"), npy("<f4", [2], [1, 1.5]));
    await assert.rejects(load, {
      message: `${path("y.npy")}: index 1: expected an integer label >= 0, got 1.5`,
    });
    writeFileSync(path("y.npy"), npy("<i4", [2], [0, -1]));
    await assert.rejects(load, /y\.npy: index 1: expected an integer label >= 0, got -1/);
    writeFileSync(path("y.npy"), npy("<i4", [3], [0, 1, 1]));
    await assert.rejects(load, {
      message: `${path("y.npy")}: expected 2 labels (one per sample of ${path("x.npy")}), got 3`,
    });
  });
});
