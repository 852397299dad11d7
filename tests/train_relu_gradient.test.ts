// The ReLU gradient (lib/train/relu_gradient.ts) against TF.js's stock formula,
// dy * cast(step(x)), bit for bit: random values with zeros of both signs, NaN and infinities in
// x and in dy, at sizes 0, 1, 5, 9 and 10,007; and through tf.grad (the registered gradient).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { reluInputGradient } from "../lib/train/relu_gradient.ts";
import { createRng } from "../lib/random.ts";

const tf = await loadTfjs();
const SPECIAL = [0, -0, NaN, Infinity, -Infinity, 1e-45, -1e-45];

describe("ReLU gradient", () => {
  it("equals dy * cast(step(x)) bit for bit (sizes 0, 1, 5, 9, 10,007; special values)", () => {
    const rng = createRng(3);
    const draw = (size: number) =>
      Float32Array.from(
        { length: size },
        (_, i) => i % 11 === 0 ? SPECIAL[(i / 11) % SPECIAL.length] : rng.normal(),
      );
    for (const size of [0, 1, 5, 9, 10_007]) {
      const [x, dy] = [tf.tensor1d(draw(size)), tf.tensor1d(draw(size).reverse())];
      const before = tf.memory().numTensors;
      const got = reluInputGradient(tf, dy, x);
      assert.equal(tf.memory().numTensors, before + 1);
      const want = tf.mul(dy, tf.cast(tf.step(x), "float32"));
      assert.deepEqual(got.dataSync(), want.dataSync(), `size ${size}`);
      tf.dispose([x, dy, got, want]);
    }
  });

  it("is what tf.grad uses through tf.relu", () => {
    const x = tf.tensor2d([[-1, 2, NaN], [0, 3, -4]]);
    const dy = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const viaGrad = tf.grad((input: Tensor) => tf.relu(input))(x, dy);
    assert.deepEqual(Array.from(viaGrad.dataSync()), [0, 2, NaN, 0, 5, 0]);
    tf.dispose([x, dy, viaGrad]);
  });
});
