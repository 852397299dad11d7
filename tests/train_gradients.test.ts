// The gradients training uses for speed, each against an independent reference: the flag-free
// MatMul gradient (closed form in float64, every transpose combination), the Conv2D input
// gradient (its definition in float64; strides 1-2, same/valid, odd and even kernels) and
// training batch norm (TF.js's own moments + batchNorm, differentiated by TF.js).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Tensor, Tensor4D } from "npm:@tensorflow/tfjs-core@4.22.0";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { createRng } from "../lib/random.ts";
import { conv2dInputGradient } from "../lib/train/conv_gradient.ts";
import { batchNormTraining } from "../lib/train/batch_norm_training.ts";

type Shape4 = [number, number, number, number];

/** TF's "same" padding before the first row (or column). */
const padBefore = (mode: string, size: number, out: number, k: number, s: number) =>
  mode === "same" ? Math.floor(Math.max((out - 1) * s + k - size, 0) / 2) : 0;

/** dx[b, r, q, c] = sum over y*s + i - top = r, x*s + j - left = q of dy[b, y, x, o] W[i, j, c, o]. */
function inputGradientByDefinition(
  dy: Float32Array,
  [n, oh, ow, o]: number[],
  w: Float32Array,
  [kh, kw, c]: number[],
  [h, wd]: number[],
  [sh, sw]: number[],
  mode: string,
) {
  const top = padBefore(mode, h, oh, kh, sh), left = padBefore(mode, wd, ow, kw, sw);
  const dx = new Float64Array(n * h * wd * c);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        for (let i = 0; i < kh; i++) {
          for (let j = 0; j < kw; j++) {
            const r = y * sh + i - top, q = x * sw + j - left;
            if (r < 0 || r >= h || q < 0 || q >= wd) continue;
            for (let ci = 0; ci < c; ci++) {
              for (let co = 0; co < o; co++) {
                dx[((b * h + r) * wd + q) * c + ci] += dy[((b * oh + y) * ow + x) * o + co] *
                  w[((i * kw + j) * c + ci) * o + co];
              }
            }
          }
        }
      }
    }
  }
  return dx;
}

/** C = op(A) op(B) in float64, with op(M) = M or M^T, from row-major data. */
function product(
  a: Float64Array,
  [ar, ac]: number[],
  transposeA: boolean,
  b: Float64Array,
  [br, bc]: number[],
  transposeB: boolean,
) {
  const at = (i: number, k: number) => transposeA ? a[k * ac + i] : a[i * ac + k];
  const bt = (k: number, j: number) => transposeB ? b[j * bc + k] : b[k * bc + j];
  const [m, inner] = transposeA ? [ac, ar] : [ar, ac];
  const n = transposeB ? br : bc;
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < inner; k++) c[i * n + j] += at(i, k) * bt(k, j);
    }
  }
  return c;
}

const close = (
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tolerance: number,
  what: string,
) => {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < want.length; i++) {
    assert.ok(
      Math.abs(got[i] - want[i]) <= tolerance * (1 + Math.abs(want[i])),
      `${what}[${i}]: ${got[i]} vs ${want[i]}`,
    );
  }
};

describe("training gradients", () => {
  it("MatMul: dA and dB equal the closed form for every transpose flag (odd sizes)", async () => {
    const tf = await loadTfjs();
    const rng = createRng(3);
    const [m, k, n] = [5, 7, 3];
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const aShape = transposeA ? [k, m] : [m, k], bShape = transposeB ? [n, k] : [k, n];
        const a = Float32Array.from({ length: m * k }, () => rng.normal());
        const b = Float32Array.from({ length: k * n }, () => rng.normal());
        const weights = Float32Array.from({ length: m * n }, () => rng.normal());
        // loss = sum(C * W), so dL/dC = W.
        const [gotA, gotB] = tf.tidy(() => {
          const w = tf.tensor2d(weights, [m, n]);
          const grads = tf.grads((x, y) =>
            tf.sum(tf.mul(tf.matMul(x, y, transposeA, transposeB), w))
          )([
            tf.tensor2d(a, aShape as [number, number]),
            tf.tensor2d(b, bShape as [number, number]),
          ]);
          return grads.map((g) => g.dataSync());
        });
        const a64 = Float64Array.from(a),
          b64 = Float64Array.from(b),
          w64 = Float64Array.from(weights);
        // d op(A) = W op(B)^T and d op(B) = op(A)^T W; transposing back where op is a transpose.
        const dOpA = product(w64, [m, n], false, b64, bShape, !transposeB);
        const dOpB = product(a64, aShape, !transposeA, w64, [m, n], false);
        const wantA = transposeA ? transpose(dOpA, m, k) : dOpA;
        const wantB = transposeB ? transpose(dOpB, k, n) : dOpB;
        close(gotA, wantA, 1e-5, `dA (${transposeA}, ${transposeB})`);
        close(gotB, wantB, 1e-5, `dB (${transposeA}, ${transposeB})`);
      }
    }
  });
});

function transpose(x: Float64Array, rows: number, cols: number) {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = x[i * cols + j];
  return out;
}

describe("convolution and batch-norm gradients", () => {
  it("Conv2D input gradient equals its definition (strides 1-2, same/valid, odd/even kernels)", async () => {
    const tf = await loadTfjs();
    const rng = createRng(4);
    const cases: [Shape4, Shape4, [number, number], "same" | "valid"][] = [
      [[2, 5, 7, 3], [3, 3, 3, 4], [1, 1], "same"],
      [[1, 7, 5, 2], [3, 3, 2, 5], [2, 2], "same"],
      [[3, 9, 8, 2], [5, 5, 2, 3], [2, 2], "valid"],
      [[1, 6, 6, 2], [2, 2, 2, 3], [1, 1], "same"],
      [[2, 6, 7, 1], [4, 2, 1, 2], [2, 1], "same"],
      [[1, 4, 4, 2], [1, 1, 2, 3], [2, 1], "valid"],
      [[1, 5, 5, 2], [1, 1, 2, 3], [2, 2], "valid"],
    ];
    for (const [xShape, kShape, strides, mode] of cases) {
      const w = Float32Array.from({ length: kShape.reduce((a, b) => a * b) }, () => rng.normal());
      const outShape = tf.tidy(() =>
        tf.conv2d(tf.zeros(xShape) as Tensor4D, tf.zeros(kShape) as Tensor4D, strides, mode).shape
      );
      const dy = Float32Array.from(
        { length: outShape.reduce((a, b) => a * b) },
        () => rng.normal(),
      );
      const got = tf.tidy(() =>
        conv2dInputGradient(
          tf,
          tf.tensor4d(dy, outShape as Shape4),
          tf.tensor4d(w, kShape),
          xShape,
          strides,
          mode,
        )
          .dataSync()
      );
      const want = inputGradientByDefinition(
        dy,
        outShape,
        w,
        kShape,
        xShape.slice(1, 3),
        strides,
        mode,
      );
      close(got, want, 1e-4, `${xShape} ${kShape} ${strides} ${mode}`);
    }
  });

  it("training batch norm: output, statistics and gradients match TF.js's moments + batchNorm", async () => {
    const tf = await loadTfjs();
    const rng = createRng(7);
    for (const shape of [[6, 3], [2, 3, 5, 4], [1, 2, 2, 1]]) {
      const size = shape.reduce((a, b) => a * b), channels = shape.at(-1)!;
      const x = Float32Array.from({ length: size }, () => 2 + 3 * rng.normal());
      const gamma = Float32Array.from({ length: channels }, () => 1 + rng.normal());
      const beta = Float32Array.from({ length: channels }, () => rng.normal());
      const weights = Float32Array.from({ length: size }, () => rng.normal());
      const axes = shape.slice(0, -1).map((_, i) => i);
      const run = (ours: boolean) =>
        tf.tidy(() => {
          const statistics: Float32Array[] = [];
          const w = tf.tensor(weights, shape);
          const loss = (input: Tensor, g: Tensor, b: Tensor) => {
            let y: Tensor;
            if (ours) {
              y = batchNormTraining(tf, input, g, b, 1e-3, (mean, variance) =>
                statistics.push(
                  mean.dataSync() as Float32Array,
                  variance.dataSync() as Float32Array,
                ));
            } else {
              const { mean, variance } = tf.moments(input, axes);
              statistics.push(mean.dataSync() as Float32Array, variance.dataSync() as Float32Array);
              y = tf.batchNorm(input, mean, variance, b, g, 1e-3);
            }
            return tf.sum(tf.mul(tf.square(y), w));
          };
          const { value, grads } = tf.valueAndGrads(loss)([
            tf.tensor(x, shape),
            tf.tensor1d(gamma),
            tf.tensor1d(beta),
          ]);
          return {
            value: value.dataSync()[0],
            grads: grads.map((g) => g.dataSync()),
            statistics,
          };
        });
      const [got, want] = [run(true), run(false)];
      close([got.value], [want.value], 1e-4, `${shape} loss`);
      got.statistics.forEach((s, i) =>
        close(s, want.statistics[i], 1e-4, `${shape} statistics ${i}`)
      );
      got.grads.forEach((g, i) => close(g, want.grads[i], 2e-3, `${shape} gradient ${i}`));
    }
  });
});
