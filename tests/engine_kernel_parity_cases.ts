// The cases of tests/engine_kernel_parity.test.ts: for each kernel export, inputs of one size,
// a plain f64 TypeScript reference (written from the formula in the export's comment, never
// from its code) and the comparison with its tolerance.
import assert from "node:assert/strict";
import type { Kernel, KERNEL_FUNCTIONS } from "../lib/engine/mod.ts";
import { kernelVariantBytes } from "../lib/engine/mod.ts";

/** erf in f64: Maclaurin series below 3, the Laplace continued fraction of erfc above. */
function erf(x: number): number {
  const z = Math.abs(x);
  if (z < 3) {
    let term = z, sum = z;
    for (let n = 1; n < 200 && Math.abs(term) > 1e-18; n++) {
      term *= -z * z / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(x) * sum * 2 / Math.sqrt(Math.PI);
  }
  let fraction = z;
  for (let n = 200; n >= 1; n--) fraction = z + (n / 2) / fraction;
  return Math.sign(x) * (1 - Math.exp(-z * z) / Math.sqrt(Math.PI) / fraction);
}

/** One export's check at one size. */
export type Case = (kernel: Kernel, size: number, what: string) => void;

const pad4 = (n: number) => Math.ceil(n / 4) * 4;
const f = Math.fround;

/** Deterministic values in [lo, hi). */
function random(count: number, lo = -2, hi = 2, seed = count * 7919 + 17): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (hi - lo) * (state / 2 ** 32);
  }
  return out;
}

function put(kernel: Kernel, values: Float32Array | Int32Array): number {
  const pointer = kernel.allocate(Math.max(values.byteLength, 16));
  (values instanceof Int32Array ? kernel.i32 : kernel.f32).set(values, pointer / 4);
  return pointer;
}
const zeros = (kernel: Kernel, floats: number) => kernel.allocate(Math.max(floats, 4) * 4);
const read = (kernel: Kernel, pointer: number, floats: number) =>
  Array.from(kernel.f32.subarray(pointer / 4, pointer / 4 + floats));

/** |got - want| <= abs + rel |want| everywhere; NaN only where NaN is wanted. */
function close(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  abs: number,
  rel: number,
  what: string,
) {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i]) && Number.isNaN(got[i])) continue;
    const error = Math.abs(got[i] - want[i]);
    if (!(error <= abs + rel * Math.abs(want[i]))) {
      assert.fail(`${what}: [${i}] got ${got[i]}, want ${want[i]} (abs ${abs}, rel ${rel})`);
    }
  }
}

const labelsFor = (rows: number, classes: number) =>
  Int32Array.from({ length: rows }, (_, r) => (r * 5 + 2) % classes);

/** Sum of -log softmax(z)[label] and argmax hits (lowest index on ties), in f64. */
function crossEntropy(z: number[][], labels: Int32Array): [number, number] {
  let loss = 0, hits = 0;
  z.forEach((row, r) => {
    const top = Math.max(...row);
    const lse = top + Math.log(row.reduce((sum, v) => sum + Math.exp(v - top), 0));
    loss += lse - row[labels[r]];
    if (row.indexOf(top) === labels[r]) hits++;
  });
  return [loss, hits];
}

function lossResult(kernel: Kernel, call: (result: number) => void): number[] {
  const result = kernel.allocate(16);
  kernel.f64.fill(0, result / 8, result / 8 + 2);
  call(result);
  return Array.from(kernel.f64.subarray(result / 8, result / 8 + 2));
}

const rowsOf = (values: Float32Array, rows: number, stride: number, width: number) =>
  Array.from(
    { length: rows },
    (_, r) => Array.from(values.subarray(r * stride, r * stride + width)),
  );

const ACTIVATIONS: [number, (x: number, alpha: number) => number, number][] = [
  [1, (x) => Math.max(x, 0), 0],
  [2, (x, a) => (x >= 0 ? x : a * x), 3e-7],
  [3, (x, a) => (x > 0 ? x : a * Math.expm1(x)), 1e-6],
  [4, Math.tanh, 1e-6],
  [5, (x) => 1 / (1 + Math.exp(-x)), 1e-6],
  [6, (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)), 2e-6],
];

/** A Winograd tile transform `M x M^T` for a small matrix M (rows x cols) and a square x. */
function sandwich(m: number[][], x: number[][]): number[][] {
  const left = m.map((row) => x[0].map((_, j) => row.reduce((s, v, k) => s + v * x[k][j], 0)));
  return left.map((row) => m.map((mRow) => row.reduce((s, v, k) => s + v * mRow[k], 0)));
}
const G = [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]];
const BT = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]];
const AT = [[1, 1, 1, 0], [0, 1, -1, -1]];

/** Rows of mostly zeros (about 60%), as digit images are, with a few negative values. */
function sparseInput(n: number) {
  const rows = n, features = n + 3;
  const x = random(rows * features, -1, 2);
  const mask = random(rows * features, 0, 1, 99 + n);
  for (let i = 0; i < x.length; i++) if (mask[i] < 0.6) x[i] = 0;
  return { x, rows, features };
}

/** Lists x's nonzero entries in kernel memory (sparseRows); returns [idx, val, counts]. */
function listed(kernel: Kernel, x: Float32Array, rows: number, features: number) {
  const idx = zeros(kernel, rows * features), val = zeros(kernel, rows * features);
  const counts = zeros(kernel, rows);
  kernel.sparseRows(put(kernel, x), rows, features, idx, val, counts);
  return [idx, val, counts] as const;
}

/** Every export's case; `satisfies` makes a missing export a compile error. */
export const PARITY_CASES = {
  heapBase(kernel, _size, what) {
    const raw = new WebAssembly.Instance(new WebAssembly.Module(kernelVariantBytes("simd")));
    const exports = raw.exports as { heapBase(): number; memory: WebAssembly.Memory };
    const base = exports.heapBase();
    assert.ok(base > 0 && base <= exports.memory.buffer.byteLength, `${what}: ${base}`);
    assert.equal(kernel.allocate(4), Math.ceil(base / 64) * 64, what);
  },
  gemmBias(kernel, n, what) {
    const rows = n, depth = n, width = pad4(Math.max(n, 1));
    const inStride = depth + 1, wStride = width + 4, outStride = width + 4;
    const x = random(rows * inStride), w = random(depth * wStride), bias = random(width);
    for (const relu of [0, 1]) {
      const out = zeros(kernel, rows * outStride);
      kernel.gemmBias(
        put(kernel, x),
        inStride,
        rows,
        depth,
        put(kernel, w),
        wStride,
        put(kernel, bias),
        out,
        outStride,
        width,
        relu,
      );
      const want: number[] = [], got: number[] = [];
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < width; c++) {
          let sum = bias[c];
          for (let k = 0; k < depth; k++) sum += x[r * inStride + k] * w[k * wStride + c];
          want.push(relu ? Math.max(sum, 0) : sum);
          got.push(kernel.f32[out / 4 + r * outStride + c]);
        }
      }
      close(got, want, 1e-6 * (depth + 1) * 4, 1e-5, `${what} relu ${relu}`);
    }
  },
  combineFirstLayer(kernel, n, what) {
    const rows = n, width = pad4(Math.max(n, 1)), preStride = 3 * width, a = 0.37, b = -1.3;
    const p = random(rows * preStride);
    for (const relu of [0, 1]) {
      const out = zeros(kernel, rows * width), p0 = put(kernel, p);
      kernel.combineFirstLayer(
        p0,
        p0 + width * 4,
        p0 + 8 * width,
        preStride,
        rows,
        width,
        a,
        b,
        out,
        width,
        relu,
      );
      const want: number[] = [];
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < width; j++) {
          const at = r * preStride + j;
          const v = p[at] + f(a) * p[at + width] + f(b) * p[at + 2 * width];
          want.push(relu ? Math.max(v, 0) : v);
        }
      }
      close(read(kernel, out, rows * width), want, 1e-6, 1e-6, `${what} relu ${relu}`);
    }
  },
  combineFirstLayerMaxPool(kernel, n, what) {
    const samples = 2, inH = n, inW = n + 1, width = 4, preStride = 3 * width, a = -0.6, b = 0.8;
    const outH = Math.floor(inH / 2), outW = Math.floor(inW / 2);
    const p = random(samples * inH * inW * preStride);
    const out = zeros(kernel, samples * outH * outW * width), p0 = put(kernel, p);
    kernel.combineFirstLayerMaxPool(
      p0,
      p0 + width * 4,
      p0 + 8 * width,
      preStride,
      samples,
      inH,
      inW,
      width,
      a,
      b,
      out,
      outH,
      outW,
      1,
    );
    const want: number[] = [];
    for (let s = 0; s < samples; s++) {
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++) {
          for (let j = 0; j < width; j++) {
            let top = -Infinity;
            for (let i = 0; i < 4; i++) {
              const at = ((s * inH + 2 * oh + (i >> 1)) * inW + 2 * ow + (i & 1)) * preStride + j;
              top = Math.max(top, p[at] + f(a) * p[at + width] + f(b) * p[at + 2 * width]);
            }
            want.push(Math.max(top, 0));
          }
        }
      }
    }
    close(read(kernel, out, want.length), want, 1e-6, 1e-6, what);
  },
  combineWeights(kernel, n, what) {
    const length = pad4(n), a = 0.3, b = -0.7;
    const w = random(length), d1 = random(length, -1, 1, 5), d2 = random(length, -1, 1, 9);
    const out = zeros(kernel, length);
    kernel.combineWeights(out, put(kernel, w), put(kernel, d1), put(kernel, d2), a, b, length);
    const want = Array.from(w, (v, i) => f(f(v + f(f(a) * d1[i])) + f(f(b) * d2[i])));
    close(read(kernel, out, length), want, 0, 0, what);
  },
  softmaxCrossEntropy(kernel, n, what) {
    const rows = n, classes = Math.max(n, 1), stride = classes + 3;
    const z = random(rows * stride, -6, 6), labels = labelsFor(rows, classes);
    const got = lossResult(
      kernel,
      (result) =>
        kernel.softmaxCrossEntropy(
          put(kernel, z),
          stride,
          rows,
          classes,
          put(kernel, labels),
          result,
        ),
    );
    const want = crossEntropy(rowsOf(z, rows, stride, classes), labels);
    close(got, want, 1e-5 * (rows + 1), 1e-6, what);
  },
  meanSquaredError(kernel, n, what) {
    const rows = n, classes = Math.max(n, 1), stride = classes + 2;
    const z = random(rows * stride), labels = labelsFor(rows, classes);
    const got = lossResult(
      kernel,
      (result) =>
        kernel.meanSquaredError(put(kernel, z), stride, rows, classes, put(kernel, labels), result),
    );
    let loss = 0, hits = 0;
    rowsOf(z, rows, stride, classes).forEach((row, r) => {
      loss += row.reduce((s, v, c) => s + (v - (c === labels[r] ? 1 : 0)) ** 2, 0) / classes;
      if (row.indexOf(Math.max(...row)) === labels[r]) hits++;
    });
    close(got, [loss, hits], 1e-6 * (rows + 1), 1e-6, what);
  },
  expInPlace(kernel, n, what) {
    const x = random(pad4(n), -87, 88), pointer = put(kernel, x);
    kernel.expInPlace(pointer, x.length);
    close(read(kernel, pointer, x.length), Array.from(x, Math.exp), 0, 2e-7, what);
  },
  softmaxExpInPlace(kernel, n, what) {
    const x = random(pad4(n), -87, 0), pointer = put(kernel, x);
    kernel.softmaxExpInPlace(pointer, x.length);
    close(read(kernel, pointer, x.length), Array.from(x, Math.exp), 1e-38, 3e-7, what);
  },
  mlpPointLoss(kernel, n, what) {
    const rows = n, width = pad4(Math.max(n, 1)), classes = 10, a = 0.4, b = -0.2;
    const products = random(rows * 3 * width), w2 = random(width * 12, -1, 1), bias = random(12);
    const labels = labelsFor(rows, classes);
    // The kernel's layout: groups of eight rows, [width][3][8] floats each, rows padded to a
    // multiple of 8 with NaN products and stray labels that must not count.
    const padded = Math.ceil(rows / 8) * 8;
    const groups = new Float32Array(padded * 3 * width).fill(NaN);
    for (let r = 0; r < rows; r++) {
      for (let v = 0; v < 3; v++) {
        for (let k = 0; k < width; k++) {
          groups[(r >> 3) * 24 * width + 8 * (3 * k + v) + (r & 7)] =
            products[r * 3 * width + v * width + k];
        }
      }
    }
    const paddedLabels = new Int32Array(padded).fill(classes - 1);
    paddedLabels.set(labels);
    const scratch = zeros(kernel, 8 * width + 96);
    const got = lossResult(
      kernel,
      (result) =>
        kernel.mlpPointLoss(
          put(kernel, groups),
          rows,
          width,
          3,
          a,
          b,
          1,
          put(kernel, w2),
          put(kernel, bias),
          classes,
          put(kernel, paddedLabels),
          scratch,
          result,
        ),
    );
    const logits = Array.from({ length: rows }, (_, r) => {
      const h = Array.from({ length: width }, (_, j) => {
        const at = r * 3 * width + j;
        return Math.max(
          products[at] + f(a) * products[at + width] + f(b) * products[at + 2 * width],
          0,
        );
      });
      return Array.from(
        { length: classes },
        (_, c) => h.reduce((s, v, j) => s + v * w2[j * 12 + c], bias[c]),
      );
    });
    close(got, crossEntropy(logits, labels), 1e-5 * (rows + 1) * Math.sqrt(width), 1e-5, what);
  },
  padImage(kernel, n, what) {
    const samples = 2, inH = n, inW = n + 1, stride = 3, outH = n + 2, outW = n + 2;
    const x = random(samples * inH * inW * stride),
      out = zeros(kernel, samples * outH * outW * stride);
    kernel.f32.fill(7, out / 4, out / 4 + samples * outH * outW * stride); // must all be written
    kernel.padImage(put(kernel, x), inH, inW, stride, samples, 1, 2, out, outH, outW);
    const want: number[] = [];
    for (let s = 0; s < samples; s++) {
      for (let h = 0; h < outH; h++) {
        for (let w = 0; w < outW; w++) {
          for (let c = 0; c < stride; c++) {
            const ih = h - 1, iw = w - 2, inside = ih >= 0 && ih < inH && iw >= 0 && iw < inW;
            want.push(inside ? x[((s * inH + ih) * inW + iw) * stride + c] : 0);
          }
        }
      }
    }
    close(read(kernel, out, want.length), want, 0, 0, what);
  },
  conv2d(kernel, n, what) {
    const samples = 2, cin = n, stride = n + 1, coutp = pad4(Math.max(n, 1));
    const inH = Math.min(n, 9) + 2, inW = Math.min(n, 9) + 3, kh = 3, kw = 2, sh = 1, sw = 2;
    const outH = inH - kh + 1, outW = Math.floor((inW - kw) / sw) + 1;
    const x = random(samples * inH * inW * stride),
      w = random(kh * kw * cin * coutp, -1, 1),
      bias = random(coutp);
    const out = zeros(kernel, samples * outH * outW * coutp);
    kernel.conv2d(
      put(kernel, x),
      inH,
      inW,
      stride,
      cin,
      samples,
      kh,
      kw,
      sh,
      sw,
      outH,
      outW,
      put(kernel, w),
      put(kernel, bias),
      coutp,
      out,
      1,
      zeros(kernel, coutp),
    );
    const want: number[] = [];
    for (let s = 0; s < samples; s++) {
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++) {
          for (let o = 0; o < coutp; o++) {
            let sum = bias[o];
            for (let i = 0; i < kh; i++) {
              for (let j = 0; j < kw; j++) {
                for (let c = 0; c < cin; c++) {
                  const at = ((s * inH + oh * sh + i) * inW + ow * sw + j) * stride + c;
                  sum += x[at] * w[((i * kw + j) * cin + c) * coutp + o];
                }
              }
            }
            want.push(Math.max(sum, 0));
          }
        }
      }
    }
    close(read(kernel, out, want.length), want, 1e-6 * (kh * kw * cin + 1) * 4, 1e-5, what);
  },
  pool2d(kernel, n, what) {
    const samples = 2, cp = 4, inH = n, inW = n + 2, ph = 3, pw = 3, sh = 2, sw = 2;
    const outH = Math.ceil(inH / sh), outW = Math.ceil(inW / sw);
    const padTop = Math.floor(Math.max((outH - 1) * sh + ph - inH, 0) / 2);
    const padLeft = Math.floor(Math.max((outW - 1) * sw + pw - inW, 0) / 2);
    const x = random(samples * inH * inW * cp);
    for (const average of [0, 1]) {
      const out = zeros(kernel, samples * outH * outW * cp);
      kernel.pool2d(
        put(kernel, x),
        inH,
        inW,
        cp,
        samples,
        ph,
        pw,
        sh,
        sw,
        padTop,
        padLeft,
        outH,
        outW,
        out,
        average,
      );
      const want: number[] = [];
      for (let s = 0; s < samples; s++) {
        for (let oh = 0; oh < outH; oh++) {
          for (let ow = 0; ow < outW; ow++) {
            for (let c = 0; c < cp; c++) {
              const values: number[] = [];
              for (let h = oh * sh - padTop; h < oh * sh - padTop + ph; h++) {
                for (let w = ow * sw - padLeft; w < ow * sw - padLeft + pw; w++) {
                  if (h >= 0 && h < inH && w >= 0 && w < inW) {
                    values.push(x[((s * inH + h) * inW + w) * cp + c]);
                  }
                }
              }
              want.push(
                average ? values.reduce((a, v) => a + v, 0) / values.length : Math.max(...values),
              );
            }
          }
        }
      }
      close(
        read(kernel, out, want.length),
        want,
        1e-6,
        average ? 1e-6 : 0,
        `${what} average ${average}`,
      );
    }
  },
  globalAvgPool(kernel, n, what) {
    const samples = 2, pixels = Math.max(n, 1), cp = pad4(Math.max(n, 1));
    const x = random(samples * pixels * cp), out = zeros(kernel, samples * cp);
    kernel.globalAvgPool(put(kernel, x), pixels, cp, samples, out);
    const want: number[] = [];
    for (let s = 0; s < samples; s++) {
      for (let c = 0; c < cp; c++) {
        let sum = 0;
        for (let p = 0; p < pixels; p++) sum += x[(s * pixels + p) * cp + c];
        want.push(sum / pixels);
      }
    }
    close(read(kernel, out, want.length), want, 1e-6, 1e-5, what);
  },
  activate(kernel, n, what) {
    const x = random(pad4(n), -6, 6), alpha = 0.3;
    for (const [code, reference, rel] of ACTIVATIONS) {
      const pointer = put(kernel, x);
      kernel.activate(pointer, x.length, code, alpha);
      const want = Array.from(x, (v) => reference(v, f(alpha)));
      close(read(kernel, pointer, x.length), want, 2e-7, rel, `${what} code ${code}`);
    }
  },
  softmaxRows(kernel, n, what) {
    const rows = n, width = Math.max(n, 1), stride = width + 2;
    const x = random(rows * stride, -8, 8), pointer = put(kernel, x);
    kernel.softmaxRows(pointer, stride, rows, width);
    const want: number[] = [];
    rowsOf(x, rows, stride, stride).forEach((row) => {
      const top = Math.max(...row.slice(0, width));
      const sum = row.slice(0, width).reduce((s, v) => s + Math.exp(v - top), 0);
      row.forEach((v, c) => want.push(c < width ? Math.exp(v - top) / sum : v));
    });
    close(read(kernel, pointer, rows * stride), want, 1e-7, 1e-5, what);
  },
  batchNorm(kernel, n, what) {
    const rows = n, cp = pad4(Math.max(n, 1)), epsilon = 1e-3;
    const x = random(rows * cp), gamma = random(cp), beta = random(cp), mean = random(cp);
    const variance = random(cp, 0.1, 3), out = zeros(kernel, rows * cp);
    kernel.batchNorm(
      put(kernel, x),
      rows,
      cp,
      put(kernel, gamma),
      put(kernel, beta),
      put(kernel, mean),
      put(kernel, variance),
      epsilon,
      out,
      zeros(kernel, 2 * cp),
    );
    const want = Array.from(x, (v, i) => {
      const c = i % cp;
      return (v - mean[c]) * gamma[c] / Math.sqrt(variance[c] + f(epsilon)) + beta[c];
    });
    close(read(kernel, out, want.length), want, 1e-6, 1e-5, what);
  },
  addTensors(kernel, n, what) {
    const length = pad4(n), a = random(length), b = random(length, -2, 2, 3);
    for (const relu of [0, 1]) {
      const out = zeros(kernel, length);
      kernel.addTensors(put(kernel, a), put(kernel, b), out, length, relu);
      const want = Array.from(a, (v, i) => (relu ? Math.max(f(v + b[i]), 0) : f(v + b[i])));
      close(read(kernel, out, length), want, 0, 0, `${what} relu ${relu}`);
    }
  },
  binaryCrossEntropy(kernel, n, what) {
    const rows = n, stride = 3, z = random(rows * stride, -9, 9), labels = labelsFor(rows, 2);
    const got = lossResult(
      kernel,
      (result) =>
        kernel.binaryCrossEntropy(put(kernel, z), stride, rows, put(kernel, labels), result),
    );
    let loss = 0, hits = 0;
    for (let r = 0; r < rows; r++) {
      const v = z[r * stride], y = labels[r];
      loss += Math.max(v, 0) - v * y + Math.log1p(Math.exp(-Math.abs(v)));
      if ((v > 0 ? 1 : 0) === y) hits++;
    }
    close(got, [loss, hits], 1e-6 * (rows + 1), 1e-6, what);
  },
  winogradWeights(kernel, n, what) {
    const cin = n, cinStride = pad4(Math.max(n, 1)), coutp = pad4(Math.max(n, 1));
    const g = random(9 * cin * coutp), out = zeros(kernel, 16 * cinStride * coutp);
    kernel.winogradWeights(put(kernel, g), cin, cinStride, coutp, out);
    const got: number[] = [], want: number[] = [];
    for (let c = 0; c < cin; c++) {
      for (let o = 0; o < coutp; o++) {
        const tap = [0, 1, 2].map((i) =>
          [0, 1, 2].map((j) => g[((i * 3 + j) * cin + c) * coutp + o])
        );
        sandwich(G, tap).flat().forEach((v, xi) => {
          want.push(v);
          got.push(kernel.f32[out / 4 + (xi * cinStride + c) * coutp + o]);
        });
      }
    }
    close(got, want, 1e-6, 1e-6, what);
  },
  winogradInput(kernel, n, what) {
    const samples = 2,
      stride = pad4(Math.max(n, 1)),
      tilesH = Math.min(n, 4),
      tilesW = Math.min(n, 5);
    const inH = 2 * tilesH + 2, inW = 2 * tilesW + 2;
    const x = random(samples * inH * inW * stride),
      out = zeros(kernel, samples * tilesH * tilesW * 16 * stride);
    kernel.winogradInput(put(kernel, x), inH, inW, stride, samples, tilesH, tilesW, out);
    const want: number[] = [];
    for (let s = 0; s < samples; s++) {
      for (let ty = 0; ty < tilesH; ty++) {
        for (let tx = 0; tx < tilesW; tx++) {
          const tile = Array.from({ length: 16 * stride });
          for (let c = 0; c < stride; c++) {
            const d = [0, 1, 2, 3].map((i) =>
              [0, 1, 2, 3].map((j) => x[((s * inH + 2 * ty + i) * inW + 2 * tx + j) * stride + c])
            );
            sandwich(BT, d).flat().forEach((v, xi) => (tile[xi * stride + c] = v));
          }
          want.push(...(tile as number[]));
        }
      }
    }
    close(read(kernel, out, want.length), want, 1e-6, 1e-6, what);
  },
  winogradMultiply(kernel, n, what) {
    const tiles = n, cinStride = pad4(Math.max(n, 1)), coutp = 8;
    const v = random(tiles * 16 * cinStride), u = random(16 * cinStride * coutp, -1, 1);
    const out = zeros(kernel, tiles * 16 * coutp);
    kernel.winogradMultiply(
      put(kernel, v),
      tiles,
      cinStride,
      put(kernel, u),
      coutp,
      zeros(kernel, coutp),
      out,
    );
    const want: number[] = [];
    for (let t = 0; t < tiles; t++) {
      for (let xi = 0; xi < 16; xi++) {
        for (let o = 0; o < coutp; o++) {
          let sum = 0;
          for (let c = 0; c < cinStride; c++) {
            sum += v[(t * 16 + xi) * cinStride + c] * u[(xi * cinStride + c) * coutp + o];
          }
          want.push(sum);
        }
      }
    }
    close(read(kernel, out, want.length), want, 1e-6 * (cinStride + 1) * 4, 1e-5, what);
  },
  winogradOutput(kernel, n, what) {
    const samples = 2, coutp = 8, outH = n, outW = n + 1;
    const tilesH = Math.ceil(outH / 2), tilesW = Math.ceil(outW / 2);
    const m = random(samples * tilesH * tilesW * 16 * coutp), bias = random(coutp);
    const out = zeros(kernel, samples * outH * outW * coutp);
    kernel.winogradOutput(
      put(kernel, m),
      samples,
      tilesH,
      tilesW,
      coutp,
      put(kernel, bias),
      1,
      outH,
      outW,
      0,
      out,
    );
    const want = new Array<number>(samples * outH * outW * coutp).fill(0);
    for (let s = 0; s < samples; s++) {
      for (let ty = 0; ty < tilesH; ty++) {
        for (let tx = 0; tx < tilesW; tx++) {
          for (let o = 0; o < coutp; o++) {
            const base = ((s * tilesH + ty) * tilesW + tx) * 16;
            const tile = [0, 1, 2, 3].map((i) =>
              [0, 1, 2, 3].map((j) => m[(base + i * 4 + j) * coutp + o])
            );
            sandwich(AT, tile).forEach((row, i) =>
              row.forEach((value, j) => {
                const h = 2 * ty + i, w = 2 * tx + j;
                if (h < outH && w < outW) {
                  want[((s * outH + h) * outW + w) * coutp + o] = Math.max(bias[o] + value, 0);
                }
              })
            );
          }
        }
      }
    }
    close(read(kernel, out, want.length), want, 1e-6, 1e-5, what);
    // With the 2x2 max pool folded in (pool = 1): the max over each whole tile of the output
    // above (valid pooling: floor(outH / 2) x floor(outW / 2) pixels), and a NaN in a tile's
    // products gives NaN.
    const pooledH = Math.floor(outH / 2), pooledW = Math.floor(outW / 2);
    const nanTile = m.slice();
    if (pooledH > 0) nanTile[3 * coutp + 1] = NaN; // sample 0, tile (0, 0), xi 3, channel 1
    const pooled = zeros(kernel, samples * pooledH * pooledW * coutp);
    kernel.winogradOutput(
      put(kernel, nanTile),
      samples,
      tilesH,
      tilesW,
      coutp,
      put(kernel, bias),
      1,
      outH,
      outW,
      1,
      pooled,
    );
    const wantPooled: number[] = [];
    for (let s = 0; s < samples; s++) {
      for (let ph = 0; ph < pooledH; ph++) {
        for (let pw = 0; pw < pooledW; pw++) {
          for (let o = 0; o < coutp; o++) {
            const at = (i: number, j: number) =>
              want[((s * outH + 2 * ph + i) * outW + 2 * pw + j) * coutp + o];
            const nan = s === 0 && ph === 0 && pw === 0 && o === 1;
            wantPooled.push(nan ? NaN : Math.max(at(0, 0), at(0, 1), at(1, 0), at(1, 1)));
          }
        }
      }
    }
    close(read(kernel, pooled, wantPooled.length), wantPooled, 1e-6, 1e-5, `${what}, pooled`);
  },
  sparseRows(kernel, n, what) {
    const { x, rows, features } = sparseInput(n);
    const idx = zeros(kernel, rows * features), val = zeros(kernel, rows * features);
    const counts = zeros(kernel, rows);
    const total = kernel.sparseRows(put(kernel, x), rows, features, idx, val, counts);
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const row = Array.from(x.subarray(r * features, (r + 1) * features));
      const columns = row.flatMap((v, k) => (v !== 0 ? [k] : []));
      sum += columns.length;
      assert.equal(kernel.i32[counts / 4 + r], columns.length, `${what}: count of row ${r}`);
      const at = r * features;
      assert.deepEqual(
        Array.from(kernel.i32.subarray(idx / 4 + at, idx / 4 + at + columns.length)),
        columns,
        `${what}: columns of row ${r}`,
      );
      close(
        read(kernel, val + at * 4, columns.length),
        columns.map((k) => row[k]),
        0,
        0,
        `${what}: values of row ${r}`,
      );
    }
    assert.equal(total, sum, `${what}: total`);
  },
  sparseTimesDense(kernel, n, what) {
    const { x, rows, features } = sparseInput(n);
    const units = n + 2; // 16-wide blocks, 4-wide vectors and a scalar tail across the sizes
    const w = random(features * units);
    const list = listed(kernel, x, rows, features);
    const out = zeros(kernel, rows * units);
    kernel.sparseTimesDense(...list, rows, features, put(kernel, w), units, out);
    // Products then sums, each rounded to f32, inputs ascending, zeros skipped: exactly.
    const want: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (let u = 0; u < units; u++) {
        let sum = 0;
        for (let k = 0; k < features; k++) {
          const v = x[r * features + k];
          if (v !== 0) sum = f(sum + f(v * w[k * units + u]));
        }
        want.push(sum);
      }
    }
    close(read(kernel, out, want.length), want, 0, 0, what);
  },
  sparseTransposeTimesDense(kernel, n, what) {
    const { x, rows, features } = sparseInput(n);
    const units = n + 2;
    const dz = random(rows * units);
    const list = listed(kernel, x, rows, features);
    const out = kernel.allocate(Math.max(features * units, 4) * 4);
    kernel.f32.fill(7, out / 4, out / 4 + features * units); // overwritten, not added to
    kernel.sparseTransposeTimesDense(...list, rows, features, put(kernel, dz), units, out);
    const want: number[] = [];
    for (let k = 0; k < features; k++) {
      for (let u = 0; u < units; u++) {
        let sum = 0;
        for (let r = 0; r < rows; r++) {
          const v = x[r * features + k];
          if (v !== 0) sum = f(sum + f(v * dz[r * units + u]));
        }
        want.push(sum);
      }
    }
    close(read(kernel, out, want.length), want, 0, 0, what);
  },
  maskedChannelSums(kernel, n, what) {
    // Channels across sizes: 16-wide blocks, 4-wide vectors and a scalar tail (n + 18 at 67: 85).
    const positions = n + 1, channels = n + 18 * +(n > 8) + 1;
    const dy = random(positions * channels), y = random(positions * channels, -1, 1, 5 + n);
    if (y.length > 2) y[1] = NaN, dy[2] = NaN; // NaN in y masks to NaN; NaN in dy stays NaN
    for (const relu of [1, 0]) {
      const dz = zeros(kernel, dy.length), sums = kernel.allocate(channels * 8 + 8);
      kernel.f64.fill(7, sums / 8, sums / 8 + channels); // overwritten, not added to
      kernel.maskedChannelSums(
        put(kernel, dy),
        put(kernel, y),
        dz,
        positions,
        channels,
        sums,
        relu,
      );
      const step = (v: number) => (Number.isNaN(v) ? NaN : v > 0 ? 1 : 0);
      const want = Array.from(dy, (g, i) => (relu ? g * step(y[i]) : g));
      const wantSums = Array.from({ length: channels }, (_, o) => {
        let sum = 0; // float64, positions ascending
        for (let p = 0; p < positions; p++) sum += want[p * channels + o];
        return sum;
      });
      close(read(kernel, dz, want.length), want, 0, 0, `${what}, relu ${relu}: dz`);
      const got = Array.from(kernel.f64.subarray(sums / 8, sums / 8 + channels));
      close(got, wantSums, 0, 0, `${what}, relu ${relu}: sums`);
    }
  },
  maxPoolRoute(kernel, n, what) {
    // 2x2 windows on an odd-sized "valid" image (a last row and column no window covers), and
    // 3x2 windows with "same" padding that puts a padded row before the image.
    for (const [kh, kw, top, left] of [[2, 2, 0, 0], [3, 2, 1, 0]]) {
      const batch = 2, h = 2 * kh + 1, w = 2 * kw + 1, c = n + 1;
      const oh = top ? Math.ceil(h / kh) : Math.floor(h / kh);
      const ow = Math.floor(w / kw);
      // Few distinct values, so windows hold ties; one window of NaNs.
      const input = random(batch * h * w * c, 0, 3).map(Math.floor);
      for (let ch = 0; ch < c; ch++) {
        for (let i = 0; i < kh - top; i++) {
          for (let j = 0; j < kw; j++) {
            input[(i * w + j) * c + ch] = ch === 0 ? NaN : input[(i * w + j) * c + ch];
          }
        }
      }
      const cell = (b: number, row: number, col: number, ch: number) =>
        ((b * h + row) * w + col) * c + ch;
      const maxima: number[] = [], gradient = random(batch * oh * ow * c, 1, 2);
      const want = new Array(input.length).fill(0);
      for (let b = 0, at = 0; b < batch; b++) {
        for (let r = 0; r < oh; r++) {
          for (let q = 0; q < ow; q++) {
            for (let ch = 0; ch < c; ch++, at++) {
              const rows: number[] = [], cols: number[] = [];
              for (let i = r * kh - top; i < r * kh - top + kh; i++) {
                if (i >= 0 && i < h) rows.push(i);
              }
              for (let j = q * kw - left; j < q * kw - left + kw; j++) if (j < w) cols.push(j);
              const values = rows.flatMap((i) => cols.map((j) => input[cell(b, i, j, ch)]));
              const best = values.some(Number.isNaN) ? NaN : Math.max(...values);
              maxima.push(best);
              const first = values.indexOf(best); // -1 for NaN: no cell takes the gradient
              if (first >= 0) {
                want[
                  cell(b, rows[Math.floor(first / cols.length)], cols[first % cols.length], ch)
                ] = gradient[at];
              }
            }
          }
        }
      }
      const dx = kernel.allocate(input.length * 4 + 4);
      kernel.f32.fill(7, dx / 4, dx / 4 + input.length); // overwritten everywhere
      const pointers = [input, Float32Array.from(maxima), gradient].map((v) => put(kernel, v));
      kernel.maxPoolRoute(
        pointers[0],
        pointers[1],
        pointers[2],
        dx,
        batch,
        h,
        w,
        c,
        oh,
        ow,
        kh,
        kw,
        top,
        left,
      );
      close(read(kernel, dx, want.length), want, 0, 0, `${what}, ${kh}x${kw} windows`);
    }
  },
  convFilterGradient(kernel, n, what) {
    // Input channels: blocks of four and a remainder; outputs: blocks of eight and one of four.
    for (const [kh, kw, sh, sw] of [[3, 3, 1, 1], [2, 3, 2, 1]]) {
      const batch = 2, c = n + 2, o = pad4(n + 1), oh = 3, ow = 2 + (n % 3);
      const ph = (oh - 1) * sh + kh + 1, pw = (ow - 1) * sw + kw; // a row no window reads
      const x = random(batch * ph * pw * c), dy = random(batch * oh * ow * o, -1, 1, 3 + n);
      const out = zeros(kernel, kh * kw * c * o);
      kernel.f32.fill(7, out / 4, out / 4 + kh * kw * c * o); // overwritten, not added to
      kernel.convFilterGradient(
        put(kernel, x),
        ph,
        pw,
        c,
        put(kernel, dy),
        batch,
        oh,
        ow,
        o,
        kh,
        kw,
        sh,
        sw,
        out,
      );
      // Images, then rows, then columns ascending; each product rounded, then each sum: exactly.
      const want: number[] = [];
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          for (let ci = 0; ci < c; ci++) {
            for (let co = 0; co < o; co++) {
              let sum = 0;
              for (let b = 0; b < batch; b++) {
                for (let y = 0; y < oh; y++) {
                  for (let q = 0; q < ow; q++) {
                    const input = x[((b * ph + y * sh + i) * pw + q * sw + j) * c + ci];
                    sum = f(sum + f(input * dy[((b * oh + y) * ow + q) * o + co]));
                  }
                }
              }
              want.push(sum);
            }
          }
        }
      }
      close(read(kernel, out, want.length), want, 0, 0, `${what}, ${kh}x${kw} stride ${sh}x${sw}`);
    }
  },
  batchNormStatistics(kernel, n, what) {
    const { rows, channels, x } = normInput(n);
    const mean = kernel.allocate(channels * 8 + 8), squares = kernel.allocate(channels * 8 + 8);
    kernel.batchNormStatistics(put(kernel, x), rows, channels, mean, squares);
    const want = columnsOf(x, rows, channels).map((column) => {
      let sum = 0;
      for (const v of column) sum += v;
      const m = sum / rows;
      let square = 0;
      for (const v of column) square += (v - m) * (v - m);
      return [m, square];
    });
    close(f64s(kernel, mean, channels), want.map((p) => p[0]), 0, 0, `${what}: mean`);
    close(f64s(kernel, squares, channels), want.map((p) => p[1]), 0, 0, `${what}: squares`);
  },
  batchNormApply(kernel, n, what) {
    const { rows, channels, x } = normInput(n);
    const [mean, gains, beta] = [1, 2, 3].map((seed) => fullF64(random(channels, -1, 1, seed)));
    const out = zeros(kernel, x.length);
    const tables = [mean, gains, beta].map((values) => f64Table(kernel, values));
    kernel.batchNormApply(put(kernel, x), out, rows, channels, tables[0], tables[1], tables[2]);
    const want = Array.from(x, (v, i) => {
      const c = i % channels;
      return f((v - mean[c]) * gains[c] + beta[c]);
    });
    close(read(kernel, out, want.length), want, 0, 0, what);
  },
  batchNormGradientSums(kernel, n, what) {
    const { rows, channels, x } = normInput(n);
    const dy = random(x.length, -1, 1, 11 + n);
    const [mean, inverseStd] = [4, 5].map((seed) => fullF64(random(channels, 0.5, 2, seed)));
    const [sumDy, sumDyXhat] = [0, 1].map(() => kernel.allocate(channels * 8 + 8));
    const tables = [mean, inverseStd].map((values) => f64Table(kernel, values));
    kernel.batchNormGradientSums(
      put(kernel, dy),
      put(kernel, x),
      rows,
      channels,
      tables[0],
      tables[1],
      sumDy,
      sumDyXhat,
    );
    const wantDy = new Array(channels).fill(0), wantDyXhat = new Array(channels).fill(0);
    for (let i = 0; i < x.length; i++) {
      const c = i % channels;
      wantDy[c] += dy[i];
      wantDyXhat[c] += dy[i] * (x[i] - mean[c]) * inverseStd[c];
    }
    close(f64s(kernel, sumDy, channels), wantDy, 0, 0, `${what}: sum dy`);
    close(f64s(kernel, sumDyXhat, channels), wantDyXhat, 0, 0, `${what}: sum dy xhat`);
  },
  batchNormInputGradient(kernel, n, what) {
    const { rows, channels, x } = normInput(n);
    const dy = random(x.length, -1, 1, 13 + n);
    const factors = [6, 7, 8, 9, 10].map((seed) => fullF64(random(channels, -2, 2, seed)));
    const [mean, inverseStd, gains, meanDy, meanDyXhat] = factors;
    const dx = zeros(kernel, x.length);
    const t = factors.map((values) => f64Table(kernel, values));
    kernel.batchNormInputGradient(
      put(kernel, dy),
      put(kernel, x),
      dx,
      rows,
      channels,
      ...t as [
        number,
        number,
        number,
        number,
        number,
      ],
    );
    const want = Array.from(x, (v, i) => {
      const c = i % channels;
      const xhat = (v - mean[c]) * inverseStd[c];
      return f(gains[c] * (dy[i] - meanDy[c] - xhat * meanDyXhat[c]));
    });
    close(read(kernel, dx, want.length), want, 0, 0, what);
  },
} satisfies Record<typeof KERNEL_FUNCTIONS[number], Case>;

/** Rows of channels for the batch-norm cases: odd channel counts run the scalar tail. */
function normInput(n: number) {
  const rows = n + 2, channels = n + 1;
  return { rows, channels, x: random(rows * channels, -3, 5, 17 + n) };
}

/** The columns (channels) of a row-major [rows, channels] array. */
function columnsOf(x: Float32Array, rows: number, channels: number): number[][] {
  return Array.from(
    { length: channels },
    (_, c) => Array.from({ length: rows }, (_, r) => x[r * channels + c]),
  );
}

/**
 * Factors with all 53 bits of a float64 (as a batch's mean or 1 / sqrt(var + eps) has), so that
 * their products round and a change in the order of operations changes the bits.
 */
function fullF64(values: Float32Array): number[] {
  return Array.from(values, (v) => v / 3);
}

/** float64 values into kernel memory; returns the byte pointer. */
function f64Table(kernel: Kernel, values: number[]): number {
  const pointer = kernel.allocate(values.length * 8 + 8);
  kernel.f64.set(values, pointer / 8);
  return pointer;
}

/** float64 values read back. */
function f64s(kernel: Kernel, pointer: number, count: number): number[] {
  return Array.from(kernel.f64.subarray(pointer / 8, pointer / 8 + count));
}
