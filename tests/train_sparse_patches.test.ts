// The conv filter gradient's im2col product over nonzero patches (lib/train/sparse_patches.ts)
// against TF.js's product of the same patches (lib/train/conv_layouts.ts transposedPatches, then
// matMul), within 1e-6 of the largest component; denser patches are left to TF.js; no tensor
// is left behind. loadTfjs registers it for every Conv2D gradient (tests/train_model.test.ts
// checks that gradient against its float64 definition).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Tensor4D } from "npm:@tensorflow/tfjs-core@4.22.0";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { instantiateKernel } from "../lib/engine/mod.ts";
import { createSparsePatchProducts, SPARSE_DENSITY } from "../lib/train/sparse_patches.ts";
import { transposedPatches } from "../lib/train/conv_layouts.ts";
import { createRng } from "../lib/random.ts";

const cases: [
  string,
  [number, number, number, number],
  [number, number],
  [number, number],
  [
    number,
    number,
  ],
  [number, number],
  number,
][] = [
  // name, x shape, kernel, strides, padding before, output size, share of lit pixels
  ["3x3 'same' on dark digits", [5, 9, 9, 1], [3, 3], [1, 1], [1, 1], [9, 9], 0.2],
  [
    "stride 2x3, 'valid', 3x2 kernel, 2 channels",
    [3, 10, 11, 2],
    [3, 2],
    [2, 3],
    [0, 0],
    [4, 4],
    0.15,
  ],
  ["a larger product: 64 images, 28x28", [64, 28, 28, 1], [3, 3], [1, 1], [1, 1], [28, 28], 0.19],
  ["lit images: left to TF.js", [2, 6, 6, 1], [3, 3], [1, 1], [1, 1], [6, 6], 0.9],
];

describe("sparse im2col filter gradient", () => {
  it("equals TF.js's product of the same patches; dense patches answer null", async () => {
    const tf = await loadTfjs();
    const products = createSparsePatchProducts(tf, await instantiateKernel());
    const before = tf.memory().numTensors;
    for (const [name, shape, kernel, strides, pads, out, lit] of cases) {
      const rng = createRng(shape[0] * 31 + shape[1]);
      const size = shape.reduce((a, b) => a * b, 1);
      const x = tf.tensor4d(
        Float32Array.from({ length: size }, () => (rng.uniform() < lit ? rng.uniform() : 0)),
        shape,
      );
      const o = 5;
      const dy = tf.tensor4d(
        Float32Array.from({ length: shape[0] * out[0] * out[1] * o }, () => rng.normal()),
        [shape[0], out[0], out[1], o],
      ) as Tensor4D;
      const got = products.filterGradient(x, dy, kernel, strides, pads);
      const want = tf.tidy(() =>
        tf.matMul(
          transposedPatches(tf, x, kernel, strides, pads, out),
          tf.reshape(dy, [-1, o]),
        )
      );
      if (lit > SPARSE_DENSITY) assert.equal(got, null, `${name}: TF.js's path`);
      else {
        assert.ok(got, `${name}: the sparse path`);
        assert.deepEqual(got.shape, want.shape);
        const [g, w] = [got.dataSync() as Float32Array, want.dataSync() as Float32Array];
        const scale = w.reduce((top, v) => Math.max(top, Math.abs(v)), 0);
        w.forEach((v, i) => assert.ok(Math.abs(g[i] - v) <= 1e-6 * scale, `${name} [${i}]`));
        got.dispose();
      }
      tf.dispose([x, dy, want]);
    }
    assert.equal(tf.memory().numTensors, before, "tensors left behind");
  });
});
