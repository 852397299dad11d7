// The two ways training reaches the WASM heap directly: hostOp (a pass over views of the heap,
// ./lib/train/host_op.ts) against the same pass over dataSync'd copies, and the shared-memory
// Identity kernel (./lib/train/shared_identity.ts): a clone keeps its values when the original is
// disposed, and the memory is freed (the backend's count of data ids comes back) when both are.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { hostOp } from "../lib/train/host_op.ts";
import { createRng } from "../lib/random.ts";

const tf = await loadTfjs();
const backendIds = () => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();

describe("host passes over the WASM heap", () => {
  it("reads its inputs and writes its output in place (sizes 0, 1, 5, 9 and 100,003)", () => {
    const rng = createRng(7);
    for (const size of [0, 1, 5, 9, 100_003]) {
      const a = Float32Array.from({ length: size }, () => rng.normal());
      const b = Float32Array.from({ length: size }, () => rng.normal());
      const [ta, tb] = [tf.tensor1d(a), tf.tensor1d(b)];
      const before = tf.memory().numTensors;
      const [out] = hostOp(tf, [ta, tb], [[size]], ([x, y], [result]) => {
        for (let i = 0; i < x.length; i++) result[i] = x[i] * y[i] - 1;
      });
      assert.equal(tf.memory().numTensors, before + 1);
      const expected = a.map((v, i) => Math.fround(v * b[i] - 1));
      assert.deepEqual(out.dataSync(), expected);
      tf.dispose([ta, tb, out]);
    }
  });

  it("takes views after allocating its output, so a heap that grows does not detach them", () => {
    const input = tf.fill([4], 3);
    // 64 MB more than the heap is likely to hold free: the output allocation grows it.
    const big = 16 * 1024 * 1024;
    const [out, small] = hostOp(tf, [input], [[big], [2]], ([x], [result, two]) => {
      result.fill(x[0]);
      two.fill(-x[0]);
    });
    assert.equal(out.dataSync()[big - 1], 3);
    assert.deepEqual(Array.from(small.dataSync()), [-3, -3]);
    tf.dispose([input, out, small]);
  });

  it("refuses integer tensors with a clear message", () => {
    const ints = tf.tensor1d([1], "int32");
    assert.throws(() => hostOp(tf, [ints], [[1]], () => {}), /float32 tensors: got int32/);
    ints.dispose();
  });
});

describe("Identity that shares memory", () => {
  it("keeps a clone's values after the original is disposed, and frees the memory after both", () => {
    const idsBefore = backendIds();
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const y = tf.clone(x);
    assert.equal(backendIds(), idsBefore + 1, "one buffer for both tensors");
    x.dispose();
    assert.deepEqual(Array.from(y.dataSync()), [1, 2, 3, 4]);
    y.dispose();
    assert.equal(backendIds(), idsBefore, "the buffer is freed");
  });

  it("leaves gradients that save their inputs unchanged (ReLU against its closed form)", () => {
    const x = tf.tensor1d([-2, -0.5, 0.5, 3]);
    const dy = tf.tensor1d([1, 2, 3, 4]);
    const before = tf.memory().numTensors;
    const dx = tf.grad((input) => tf.mul(tf.relu(input), input))(x, dy);
    // d/dx relu(x) x = 2x for x > 0, 0 otherwise.
    assert.deepEqual(Array.from(dx.dataSync()), [0, 0, 3, 24]);
    dx.dispose();
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, dy]);
  });
});
