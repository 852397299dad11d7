// The fused conv layer (lib/train/conv2d_layer.ts: the backend's FusedConv2D and the gradient
// registered for it) against its definition in float64: y = act(conv(x, W) + b) and, for the loss
// L = sum(t * y), dL/dx, dL/dW (on the engine's kernel where it takes it) and dL/db. Strides 1
// and 2, "same" and "valid", odd sizes, ReLU and linear, with and without a bias. Tolerance 1e-4
// relative to the largest value (float32 sums of up to a few hundred terms); each test can fail
// on a wrong index, mask or sum. The relayouts of the filter gradient against TF.js's own pad and
// transpose, bit for bit.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Tensor, Tensor4D } from "npm:@tensorflow/tfjs-core@4.22.0";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { activationBiasGradient, conv2dLayer } from "../lib/train/conv2d_layer.ts";
import { batchInside, paddedChannelsFirst, transposedPatches } from "../lib/train/conv_layouts.ts";
import { createRng } from "../lib/random.ts";

const tf = await loadTfjs();
type Shape4 = [number, number, number, number];
type Case = [Shape4, Shape4, [number, number], "same" | "valid", "relu" | "linear", boolean];

/** Positions of the output and TF's padding before, per axis. */
function geometry(size: number, k: number, s: number, mode: string) {
  const out = mode === "same" ? Math.ceil(size / s) : Math.floor((size - k) / s) + 1;
  const before = mode === "same" ? Math.floor(Math.max((out - 1) * s + k - size, 0) / 2) : 0;
  return { out, before };
}

/** Forward and gradients by the definition, in float64. */
function byDefinition(
  x: Float32Array,
  [n, h, w, c]: Shape4,
  k: Float32Array,
  [kh, kw, , o]: Shape4,
  bias: Float32Array | null,
  [sh, sw]: [number, number],
  mode: string,
  relu: boolean,
  t: Float32Array,
) {
  const rows = geometry(h, kh, sh, mode), cols = geometry(w, kw, sw, mode);
  const [oh, ow] = [rows.out, cols.out];
  const y = new Float64Array(n * oh * ow * o);
  const dx = new Float64Array(x.length), dk = new Float64Array(k.length), db = new Float64Array(o);
  // Visits every (output cell, tap) pair with its input index, or none when in the padding.
  const taps = (visit: (out: number, input: number, tap: number) => void) => {
    for (let b = 0; b < n; b++) {
      for (let p = 0; p < oh; p++) {
        for (let q = 0; q < ow; q++) {
          for (let i = 0; i < kh; i++) {
            for (let j = 0; j < kw; j++) {
              const r = p * sh + i - rows.before, s = q * sw + j - cols.before;
              if (r < 0 || r >= h || s < 0 || s >= w) continue;
              for (let ci = 0; ci < c; ci++) {
                for (let co = 0; co < o; co++) {
                  visit(
                    ((b * oh + p) * ow + q) * o + co,
                    ((b * h + r) * w + s) * c + ci,
                    ((i * kw + j) * c + ci) * o + co,
                  );
                }
              }
            }
          }
        }
      }
    }
  };
  taps((out, input, tap) => void (y[out] += x[input] * k[tap]));
  const dz = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    y[i] += bias ? bias[i % o] : 0;
    dz[i] = relu && y[i] <= 0 ? 0 : t[i];
    if (relu) y[i] = Math.max(y[i], 0);
    db[i % o] += dz[i];
  }
  taps((out, input, tap) => {
    dx[input] += dz[out] * k[tap];
    dk[tap] += dz[out] * x[input];
  });
  return { y, dx, dk, db };
}

function close(got: ArrayLike<number>, want: ArrayLike<number>, what: string) {
  assert.equal(got.length, want.length, `${what}: length`);
  let scale = 1e-6;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) {
    assert.ok(
      Math.abs(got[i] - want[i]) <= 1e-4 * scale,
      `${what}[${i}]: got ${got[i]}, want ${want[i]}`,
    );
  }
}

const CASES: Case[] = [
  [[2, 5, 7, 3], [3, 3, 3, 4], [1, 1], "same", "relu", true],
  [[1, 7, 5, 2], [3, 3, 2, 5], [2, 2], "same", "relu", true],
  [[3, 9, 8, 2], [5, 5, 2, 3], [2, 2], "valid", "relu", true],
  [[2, 6, 7, 1], [4, 2, 1, 2], [2, 1], "same", "linear", true],
  [[1, 5, 5, 2], [1, 1, 2, 3], [2, 2], "valid", "linear", true],
  [[2, 7, 7, 3], [3, 3, 3, 2], [1, 1], "valid", "relu", false],
  // More than 32 filter taps per output channel: with outputs not a multiple of 4, the filter
  // gradient by convolution, through the host relayouts (lib/train/conv_layouts.ts)...
  [[2, 6, 5, 4], [3, 3, 4, 3], [1, 1], "same", "relu", true],
  [[1, 8, 9, 6], [3, 2, 6, 2], [2, 1], "valid", "relu", true],
  // ...and with a multiple of 4, on the engine's kernel (lib/train/backward_passes.ts): blocks of
  // four input channels and a remainder, eight outputs and four.
  [[2, 9, 7, 5], [3, 3, 5, 4], [2, 2], "same", "linear", true],
  [[2, 6, 7, 5], [3, 3, 5, 12], [1, 1], "same", "relu", true],
  [[1, 9, 8, 6], [3, 3, 6, 8], [2, 2], "valid", "linear", true],
  [[2, 8, 8, 16], [3, 3, 16, 4], [1, 2], "same", "relu", false],
  // Strides 3: three input phases per axis (lib/train/strided_input_gradient.ts), some tapless.
  [[1, 10, 11, 2], [3, 3, 2, 3], [3, 3], "same", "relu", true],
  [[2, 9, 8, 3], [2, 4, 3, 2], [3, 2], "valid", "linear", true],
  [[1, 7, 7, 2], [1, 1, 2, 2], [3, 3], "same", "linear", true],
];

describe("fused conv layer (conv + bias + ReLU)", () => {
  for (const [xShape, kShape, strides, mode, activation, hasBias] of CASES) {
    const name = `${xShape.join("x")} * ${kShape.join("x")}, strides ${strides}, ${mode}, ` +
      `${activation}${hasBias ? ", bias" : ""}`;
    it(name, () => {
      const rng = createRng(xShape.reduce((a, b) => a * 7 + b, kShape[0]));
      const draw = (count: number) => Float32Array.from({ length: count }, () => rng.normal());
      const x = draw(xShape.reduce((a, b) => a * b));
      const k = draw(kShape.reduce((a, b) => a * b));
      const bias = hasBias ? draw(kShape[3]) : null;
      const before = tf.memory().numTensors;
      const got = tf.tidy(() => {
        const inputs: Tensor[] = [tf.tensor4d(x, xShape), tf.tensor4d(k, kShape)];
        if (bias) inputs.push(tf.tensor1d(bias));
        const forward = (input: Tensor, filter: Tensor, b?: Tensor) =>
          conv2dLayer(tf, input as Tensor4D, filter as Tensor4D, b, strides, mode, activation);
        const y = forward(inputs[0], inputs[1], inputs[2]);
        const t = draw(y.size);
        const targets = tf.tensor(t, y.shape);
        const { grads } = tf.valueAndGrads((...args: Tensor[]) =>
          tf.sum(tf.mul(forward(args[0], args[1], args[2]), targets))
        )(inputs);
        return { y: y.dataSync(), t, grads: grads.map((g) => g.dataSync()) };
      });
      assert.equal(tf.memory().numTensors, before, "no tensor left behind");
      const want = byDefinition(
        x,
        xShape,
        k,
        kShape,
        bias,
        strides,
        mode,
        activation === "relu",
        got.t,
      );
      close(got.y, want.y, `${name} y`);
      close(got.grads[0], want.dx, `${name} dx`);
      close(got.grads[1], want.dk, `${name} dW`);
      if (bias) close(got.grads[2], want.db, `${name} db`);
    });
  }

  it("masks the output gradient as TF.js's ReLU gradient does (NaN times 0 stays NaN)", () => {
    const dy = tf.tensor2d([[1, NaN], [3, 4], [NaN, 6]]);
    const y = tf.tensor2d([[0, 0], [2, 0], [1, 5]]);
    const [dz, db] = activationBiasGradient(tf, dy, y, "relu");
    const reference = tf.grad((z: Tensor) => tf.relu(z))(tf.sub(y, 0.5), dy);
    assert.deepEqual(Array.from(dz.dataSync()), Array.from(reference.dataSync()));
    assert.deepEqual(Array.from(db.dataSync()), [NaN, NaN]);
    tf.dispose([dy, y, dz, db, reference]);
  });

  it("relayouts equal TF.js's pad and transpose, exactly (odd sizes, one channel, one image)", () => {
    const rng = createRng(11);
    for (const shape of [[3, 5, 7, 4], [1, 4, 3, 1], [2, 1, 1, 3]] as Shape4[]) {
      const x = tf.tensor4d(
        Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => rng.normal()),
        shape,
      );
      for (const pads of [[0, 0, 0, 0], [1, 2, 0, 1], [2, 1, 1, 0]] as Shape4[]) {
        const [top, bottom, left, right] = pads;
        const got = paddedChannelsFirst(tf, x, pads);
        const want = tf.transpose(tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]), [
          3,
          1,
          2,
          0,
        ]);
        assert.deepEqual(got.shape, want.shape);
        assert.deepEqual(got.dataSync(), want.dataSync(), `${shape} padded ${pads}`);
        tf.dispose([got, want]);
      }
      const got = batchInside(tf, x), want = tf.transpose(x, [1, 2, 0, 3]);
      assert.deepEqual(got.shape, want.shape);
      assert.deepEqual(got.dataSync(), want.dataSync(), `${shape} batch inside`);
      tf.dispose([x, got, want]);
    }
  });
  it("transposed patches equal TF.js's pad and strided slices, exactly (strides, odd sizes, channels)", () => {
    const rng = createRng(12);
    type Case = [Shape4, [number, number], [number, number], "same" | "valid"];
    const cases: Case[] = [
      [[2, 7, 6, 1], [3, 3], [1, 1], "same"],
      [[1, 7, 5, 3], [3, 3], [2, 2], "same"],
      [[3, 8, 9, 2], [2, 3], [2, 3], "valid"],
      [[1, 4, 4, 2], [1, 1], [2, 1], "same"],
      [[1, 2, 3, 1], [5, 5], [1, 1], "same"],
    ];
    for (const [shape, [kh, kw], [sh, sw], mode] of cases) {
      const [n, h, w, c] = shape;
      const x = tf.tensor4d(
        Float32Array.from({ length: n * h * w * c }, () => rng.normal()),
        shape,
      );
      // TF's padding rules, then each tap (i, j) as a strided slice of the padded input.
      const [oh, ow] = mode === "same"
        ? [Math.ceil(h / sh), Math.ceil(w / sw)]
        : [Math.ceil((h - kh + 1) / sh), Math.ceil((w - kw + 1) / sw)];
      const padH = mode === "same" ? Math.max((oh - 1) * sh + kh - h, 0) : 0;
      const padW = mode === "same" ? Math.max((ow - 1) * sw + kw - w, 0) : 0;
      const [top, left] = [Math.floor(padH / 2), Math.floor(padW / 2)];
      const padded = tf.pad(x, [[0, 0], [top, padH - top], [left, padW - left], [0, 0]]);
      const rows: Tensor[] = [];
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const tap = tf.stridedSlice(
            padded,
            [0, i, j, 0],
            [n, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, c],
            [1, sh, sw, 1],
          );
          rows.push(tf.transpose(tf.reshape(tap, [n * oh * ow, c])));
        }
      }
      const want = tf.concat(rows, 0);
      const got = transposedPatches(tf, x, [kh, kw], [sh, sw], [top, left], [oh, ow]);
      assert.deepEqual(got.shape, want.shape);
      assert.deepEqual(
        got.dataSync(),
        want.dataSync(),
        `${shape} ${kh}x${kw} /${sh},${sw} ${mode}`,
      );
      tf.dispose([x, padded, ...rows, want, got]);
    }
  });
});
