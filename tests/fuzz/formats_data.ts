/**
 * Fuzzed data files: `.npy` features and labels, IDX images and labels (raw and gzip) and CSV,
 * each read by the loader `--dataset` uses.
 * @module
 */
import { gzipSync } from "node:zlib";
import type { Rng } from "../../lib/random.ts";
import { encodeNpy } from "../../lib/io/npy.ts";
import { loadNpyDataset } from "../../lib/data/npy_data.ts";
import { loadIdxDataset } from "../../lib/data/idx.ts";
import { loadCsvDataset } from "../../lib/data/csv.ts";
import { type CaseFiles, type FuzzFormat, mutateOne } from "./harness.ts";
import { mutateBytes, type Mutated, poisonFloats } from "./mutate_bytes.ts";

const SAMPLES = 12;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];
const features = () => Float32Array.from({ length: SAMPLES * 3 }, (_, i) => Math.sin(i) * 2);
const labels = () => Float32Array.from({ length: SAMPLES }, (_, i) => i % 3);

const NPY_DTYPES = ["<f4", "<f8", "|u1", "<i4", "<i8", ">f4", "<f2", "|b1", "O", "<U3", "<c8"];
const DIMS = [0, 1, 3, 12, -1, 2 ** 31, 2 ** 32, 1e9, 2 ** 53, 1.5, "None", "3L", ""];

/** Rewrites an `.npy` header (dtype, order, shape, version) over the original data bytes. */
function mutateNpyHeader(rng: Rng, bytes: Uint8Array): Mutated {
  const dataStart = 10 + new DataView(bytes.buffer).getUint16(8, true);
  const dims = Array.from({ length: rng.int(5) }, () => pick(rng, DIMS));
  const shape = dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(", ")})`;
  const descr = pick(rng, NPY_DTYPES);
  const order = rng.uniform() < 0.2 ? "True" : "False";
  const header = `{'descr': '${descr}', 'fortran_order': ${order}, 'shape': ${shape}, }\n`;
  const version = pick(rng, [1, 1, 2, 3, 0, 255]);
  const prefix = version === 1 ? 10 : 12;
  const out = new Uint8Array(prefix + header.length + bytes.length - dataStart);
  out.set(bytes.subarray(0, 6));
  out[6] = version;
  const view = new DataView(out.buffer);
  const length = rng.uniform() < 0.15 ? pick(rng, [0xffff, 0xffffffff, 0]) : header.length;
  if (version === 1) view.setUint16(8, Math.min(length, 0xffff), true);
  else view.setUint32(8, length, true);
  out.set(new TextEncoder().encode(header), prefix);
  out.set(bytes.subarray(dataStart), prefix + header.length);
  return { bytes: out, what: `header v${version} ${header.trim()} length ${length}` };
}

const npyMutation = (rng: Rng, bytes: Uint8Array): Mutated => {
  const roll = rng.uniform();
  if (roll < 0.4) return mutateNpyHeader(rng, bytes);
  if (roll < 0.6) return poisonFloats(rng, bytes, 10 + bytes[8] + 256 * bytes[9], true);
  return mutateBytes(rng, bytes);
};

/** `.npy` features and labels, read by `--dataset npy:X,Y`. */
export const npyFormat: FuzzFormat = {
  name: "npy",
  seedFiles: () =>
    Promise.resolve({
      "x.npy": encodeNpy(features(), [SAMPLES, 3]),
      "y.npy": encodeNpy(labels(), [SAMPLES]),
    }),
  mutate: (rng, seed) =>
    mutateOne(rng, seed, [["x.npy", 3, npyMutation], ["y.npy", 1, npyMutation]]),
  read: (dir) => loadNpyDataset({ features: `${dir}/x.npy`, labels: `${dir}/y.npy` }),
};

/** An IDX file: magic, big-endian dimension sizes, the data (uint8 or big-endian float32). */
function encodeIdx(shape: number[], values: ArrayLike<number>, type = 0x08): Uint8Array {
  const size = type === 0x0d ? 4 : 1;
  const out = new Uint8Array(4 + 4 * shape.length + values.length * size);
  const view = new DataView(out.buffer);
  out.set([0, 0, type, shape.length]);
  shape.forEach((dim, i) => view.setUint32(4 + 4 * i, dim));
  const start = 4 + 4 * shape.length;
  for (let i = 0; i < values.length; i++) {
    if (type === 0x0d) view.setFloat32(start + 4 * i, values[i]);
    else out[start + i] = values[i];
  }
  return out;
}

const idxImages = () =>
  encodeIdx([SAMPLES, 4, 4], Uint8Array.from({ length: SAMPLES * 16 }, (_, i) => (i * 37) % 256));
const idxLabels = () => encodeIdx([SAMPLES], Uint8Array.from(labels()));

const idxMutation = (rng: Rng, bytes: Uint8Array): Mutated => {
  const roll = rng.uniform();
  if (roll < 0.2) {
    const out = bytes.slice();
    const field = rng.int(3);
    if (field === 0) out[2] = pick(rng, [0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, rng.int(256)]);
    else if (field === 1) out[3] = pick(rng, [0, 1, 2, 4, 5, 255, rng.int(256)]);
    else {
      const dim = rng.int(Math.max(1, out[3]));
      new DataView(out.buffer).setUint32(4 + 4 * dim, pick(rng, [0, 1, 2 ** 31, 2 ** 32 - 1, 1e9]));
    }
    return { bytes: out, what: `header field ${["type", "dimensions", "size"][field]}` };
  }
  if (roll < 0.3) {
    // Float images, so that NaN and Inf can appear in the data.
    const pixels = Float32Array.from({ length: SAMPLES * 16 }, (_, i) => i / 7);
    const floats = encodeIdx([SAMPLES, 4, 4], pixels, 0x0d);
    return poisonFloats(rng, floats, 16, false);
  }
  return mutateBytes(rng, bytes);
};

/** IDX images and labels, read by `--dataset idx:IMAGES,LABELS`. */
export const idxFormat: FuzzFormat = {
  name: "idx",
  seedFiles: () => Promise.resolve({ "images.idx": idxImages(), "labels.idx": idxLabels() }),
  mutate: (rng, seed) =>
    mutateOne(rng, seed, [["images.idx", 3, idxMutation], ["labels.idx", 1, idxMutation]]),
  read: (dir) => loadIdxDataset({ images: `${dir}/images.idx`, labels: `${dir}/labels.idx` }),
};

const gzMutation = (plain: Uint8Array) => (rng: Rng, bytes: Uint8Array): Mutated => {
  const roll = rng.uniform();
  if (roll < 0.45) {
    const inner = idxMutation(rng, plain);
    return { bytes: gzipSync(inner.bytes), what: `gzip of (${inner.what})` };
  }
  if (roll < 0.5) {
    // A small gzip bomb: 8 MiB of zeros after a valid header, about 8 KiB on disk.
    const bomb = new Uint8Array(plain.length + (8 << 20));
    bomb.set(plain.subarray(0, 16));
    return { bytes: gzipSync(bomb, { level: 1 }), what: "gzip bomb (8 MiB of zeros)" };
  }
  return mutateBytes(rng, bytes);
};

/** Gzipped IDX files (as MNIST ships them). */
export const idxGzFormat: FuzzFormat = {
  name: "idx.gz",
  seedFiles: () =>
    Promise.resolve({
      "images.idx.gz": gzipSync(idxImages()),
      "labels.idx.gz": gzipSync(idxLabels()),
    }),
  mutate: (rng, seed) =>
    mutateOne(rng, seed, [
      ["images.idx.gz", 3, gzMutation(idxImages())],
      ["labels.idx.gz", 1, gzMutation(idxLabels())],
    ]),
  read: (dir) => loadIdxDataset({ images: `${dir}/images.idx.gz`, labels: `${dir}/labels.idx.gz` }),
};

const CELLS = [
  "NaN",
  "Infinity",
  "-1e999",
  "",
  '"',
  '"1"',
  "1e308",
  "0x10",
  " ",
  "-0",
  "1.5",
  "2147483648",
  "9".repeat(400),
  "\u0000",
  "1,2",
];

function csvMutation(rng: Rng, bytes: Uint8Array): Mutated {
  if (rng.uniform() < 0.3) return mutateBytes(rng, bytes);
  const lines = new TextDecoder().decode(bytes).split("\n");
  const row = rng.int(lines.length);
  const cells = lines[row].split(",");
  const roll = rng.uniform();
  let what;
  if (roll < 0.6) {
    const column = rng.int(cells.length);
    cells[column] = pick(rng, CELLS);
    what = `row ${row + 1} column ${column} = ${JSON.stringify(cells[column]).slice(0, 20)}`;
  } else if (roll < 0.8) {
    const extra = rng.int(20000);
    cells.push(...Array.from({ length: extra }, () => "1"));
    what = `row ${row + 1} gets ${extra} more cells`;
  } else {
    lines.splice(row, 0, pick(rng, ["\r", "\uFEFFa,b,c,y", ",,,", "", lines[0]]));
    what = `insert a line at ${row + 1}`;
  }
  lines[row] = lines[row] === undefined ? "" : lines[row];
  if (roll < 0.8) lines[row] = cells.join(",");
  return { bytes: new TextEncoder().encode(lines.join("\n")), what };
}

/** CSV with a header, read by `--dataset csv:FILE`. */
export const csvFormat: FuzzFormat = {
  name: "csv",
  seedFiles: () => {
    const x = features();
    const rows = Array.from(
      { length: SAMPLES },
      (_, r) => `${x[3 * r]},${x[3 * r + 1]},${x[3 * r + 2]},${r % 3}`,
    );
    return Promise.resolve({
      "data.csv": new TextEncoder().encode(`a,b,c,y\n${rows.join("\n")}\n`),
    });
  },
  mutate: (rng, seed: CaseFiles) => mutateOne(rng, seed, [["data.csv", 1, csvMutation]]),
  read: (dir) => loadCsvDataset({ file: `${dir}/data.csv` }),
};
