// Files other tools read, read back: the HDF5 surface (h5wasm), the .vtp surface (XML), axis
// ranges and direction files with their error messages.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import h5wasm from "npm:h5wasm@0.10.3";
import { DOMParser } from "npm:linkedom@0.18.15";
import { encodeSurfaceH5 } from "../lib/scan/surface_h5.ts";
import { encodeSurfaceVtp } from "../lib/scan/surface_vtp.ts";
import { parseAxisRange } from "../lib/scan/axis_range.ts";
import { encodeNpy } from "../lib/io/npy.ts";
import { decodeDirections, encodeDirections } from "../lib/directions/direction_file.ts";
import type { Landscape } from "../lib/scan/landscape.ts";

// Non-square and asymmetric: value = 10 * column + row, so a transposed read shows at once.
const xs = [-1, 0, 1, 2];
const ys = [5, 6, 7];
const grid = (offset: number) =>
  Float32Array.from({ length: 12 }, (_, k) => offset + 10 * (k % 4) + Math.floor(k / 4));
const landscape: Landscape = {
  plane: "random",
  xcoordinates: xs,
  ycoordinates: ys,
  xlabel: "d1",
  ylabel: "d2",
  metrics: { train_loss: grid(1), train_acc: grid(0.5), test_loss: grid(2), test_acc: grid(0.25) },
};
landscape.metrics.train_loss[5] = NaN;

describe("HDF5 surface file (tomgoldstein/loss-landscape layout)", () => {
  it("reads back with h5wasm: coordinates, [ny, nx] grids for every split, dir_file", async () => {
    const bytes = await encodeSurfaceH5(landscape);
    const { FS } = await h5wasm.ready;
    FS!.writeFile("/read_back.h5", bytes);
    const file = new h5wasm.File("/read_back.h5", "r");
    try {
      const get = (name: string) => file.get(name) as InstanceType<typeof h5wasm.Dataset>;
      assert.deepEqual(Array.from(get("xcoordinates").value as Float64Array), xs);
      assert.deepEqual(Array.from(get("ycoordinates").value as Float64Array), ys);
      assert.equal(get("dir_file").value, "directions.npy");
      for (const key of ["train_loss", "train_acc", "test_loss", "test_acc"]) {
        assert.deepEqual(get(key).shape, [3, 4], key);
        const values = get(key).value as Float32Array;
        // Row j, column i holds the point (xs[i], ys[j]).
        for (let k = 0; k < 12; k++) {
          assert.ok(Object.is(values[k], landscape.metrics[key][k]), `${key}[${k}]`);
        }
      }
      assert.equal((get("train_loss").value as Float32Array)[1 * 4 + 2], 1 + 10 * 2 + 1); // x = 1, y = 6
    } finally {
      file.close();
      FS!.unlink("/read_back.h5");
    }
  });

  it("stores a 1D landscape as [nx] without ycoordinates", async () => {
    const line = { ...landscape, ycoordinates: null, metrics: { train_loss: grid(0).slice(0, 4) } };
    const { FS } = await h5wasm.ready;
    FS!.writeFile("/line.h5", await encodeSurfaceH5(line));
    const file = new h5wasm.File("/line.h5", "r");
    assert.deepEqual(file.keys().sort(), ["dir_file", "train_loss", "xcoordinates"]);
    assert.deepEqual((file.get("train_loss") as InstanceType<typeof h5wasm.Dataset>).shape, [4]);
    file.close();
    FS!.unlink("/line.h5");
  });
});

describe(".vtp surface (VTK XML PolyData, as h52vtp.py writes)", () => {
  // A real XML parser, so that a malformed file fails here as it would in ParaView.
  const parse = (text: string) => {
    const document = new DOMParser().parseFromString(text, "text/xml") as unknown as {
      querySelector(selector: string): { getAttribute(name: string): string; textContent: string };
    };
    const array = (name: string): number[] =>
      document.querySelector(`DataArray[Name="${name}"]`).textContent.trim().split(/\s+/).map(
        Number,
      );
    return { piece: document.querySelector("Piece"), array };
  };

  it("parses back: one point per grid point (x, y, z), one quad per cell without NaN corners", () => {
    const { piece, array } = parse(encodeSurfaceVtp(landscape));
    assert.equal(piece.getAttribute("NumberOfPoints"), "12");
    // 6 cells; the NaN at (i=1, j=1) touches 4 of them.
    assert.equal(piece.getAttribute("NumberOfPolys"), "2");
    const points = array("Points");
    for (let j = 0; j < 3; j++) {
      for (let i = 0; i < 4; i++) {
        const k = j * 4 + i;
        const z = Number.isFinite(landscape.metrics.train_loss[k])
          ? landscape.metrics.train_loss[k]
          : 33;
        assert.deepEqual(points.slice(3 * k, 3 * k + 3), [xs[i], ys[j], z], `point ${k}`);
      }
    }
    assert.deepEqual(array("connectivity"), [2, 3, 7, 6, 6, 7, 11, 10]);
    assert.deepEqual(array("offsets"), [4, 8]);
  });

  it("clips at zmax, then takes ln(z + 0.1) on request", () => {
    const { array } = parse(
      encodeSurfaceVtp(landscape, { metric: "test_loss", zmax: 20, log: true }),
    );
    const z = array("zvalue");
    const expected = Array.from(
      landscape.metrics.test_loss,
      (v) => Math.log(Math.min(v, 20) + 0.1),
    );
    z.forEach((value, k) => assert.ok(Math.abs(value - expected[k]) < 1e-12, `z[${k}]`));
  });
});

describe("axis ranges and direction files", () => {
  it("parses MIN:MAX:N and rejects the rest, naming the flag", () => {
    assert.deepEqual(parseAxisRange("-0.5:1.5:81", "--xrange"), { min: -0.5, max: 1.5, count: 81 });
    assert.throws(
      () => parseAxisRange("1:1:5", "--xrange"),
      /--xrange must have MIN < MAX: got "1:1:5"/,
    );
    assert.throws(
      () => parseAxisRange("0:1:1", "--yrange"),
      /--yrange must have N an integer from 2/,
    );
    assert.throws(() => parseAxisRange("0:1:2.5", "--yrange"), /N an integer/);
    assert.throws(() => parseAxisRange("0:1", "--xrange"), /--xrange must be MIN:MAX:N/);
  });

  it("round-trips [2, P] and [1, P]; refuses wrong lengths, dtypes and shapes", () => {
    const d1 = Float32Array.from([1, -2, 3.5]), d2 = Float32Array.from([0, 1e-8, -7]);
    assert.deepEqual(decodeDirections(encodeDirections([d1, d2]), 3, "d.npy"), [d1, d2]);
    assert.deepEqual(decodeDirections(encodeDirections([d1]), 3, "d.npy"), [d1]);
    assert.throws(
      () => decodeDirections(encodeDirections([d1, d2]), 5, "--directions d.npy"),
      /--directions d\.npy: holds directions of 3 values, the model has 5 parameters/,
    );
    const float64 = encodeNpy(new Float32Array(6), [2, 3]);
    float64.set(new TextEncoder().encode("<f8"), float64.indexOf(0x3c)); // '<f4' -> '<f8'
    assert.throws(
      () => decodeDirections(float64, 3, "d.npy"),
      /d\.npy: expected float32 directions \(dtype '<f4'\): got '<f8'/,
    );
    assert.throws(
      () => decodeDirections(encodeNpy(new Float32Array(9), [3, 3]), 3, "d.npy"),
      /shape \[1, P\] or \[2, P\]: got \[3,3\]/,
    );
    assert.throws(
      () => decodeDirections(encodeNpy(Float32Array.from([NaN, 0, 0]), [1, 3]), 3, "d.npy"),
      /finite/,
    );
  });
});
