// --input-scale: a factor (fractions allowed) or tf.keras.utils.normalize's L2 normalisation
// along one axis, checked against TF.js's norm on the same samples; and its one-line errors.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { applyInputScale, describeInputScale, parseInputScale } from "../lib/run/input_scale.ts";
import { LosscapeError } from "../lib/errors.ts";
import { tf } from "./model_io_fixtures.ts";
import { maxAbsDiff } from "./model_io_fixtures.ts";

const images = (count: number) => {
  const x = Float32Array.from({ length: count * 12 }, (_, i) => ((i * 37) % 11) / 10);
  x.fill(0, 0, 4); // a zero row stays zero (Keras divides by 1 there)
  return { x, y: new Int32Array(count), count, features: 12, classes: 2, shape: [3, 4, 1] };
};

describe("--input-scale", () => {
  it("multiplies by a factor, written as a number or a fraction", () => {
    const set = images(2);
    const { train } = applyInputScale({ train: set, test: set }, "1/255");
    assert.ok(maxAbsDiff(train.x, set.x.map((v) => v / 255)) < 1e-9);
    assert.equal(describeInputScale("255"), "x * 255");
    const shifted = applyInputScale({ train: set, test: set }, "2,-0.5").test;
    assert.ok(maxAbsDiff(shifted.x, set.x.map((v) => v * 2 - 0.5)) < 1e-6);
    assert.equal(describeInputScale("1/255,-0.5"), "x * 1/255 - 0.5");
  });

  for (const axis of [1, 2, -1]) {
    it(`L2-normalises along axis ${axis} as tf.keras.utils.normalize (trailing channel dropped)`, () => {
      const set = images(3);
      const { test } = applyInputScale({ train: set, test: set }, `l2:${axis}`);
      const want = tf.tidy(() => {
        const x = tf.tensor3d(set.x, [3, 3, 4]);
        const norm = tf.norm(x, 2, axis, true);
        return tf.div(x, tf.where(tf.equal(norm, 0), tf.onesLike(norm), norm)).dataSync();
      }) as Float32Array;
      assert.ok(maxAbsDiff(test.x, want) < 1e-6);
    });
  }

  it("refuses malformed values and axes the samples lack, naming the flag", () => {
    for (const bad of ["abc", "0", "1/0", "l2:", "l2:0", "2/3/4", "1,", "1,2,3"]) {
      assert.throws(() => parseInputScale(bad), LosscapeError, bad);
    }
    const set = images(1);
    assert.throws(() => applyInputScale({ train: set, test: set }, "l2:3"), /--input-scale l2:3/);
  });
});
