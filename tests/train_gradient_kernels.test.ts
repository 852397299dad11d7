// Every gradient lib/train/gradients/ registers, against central differences of the kernel's
// float64 definition (tests/float64_ops.ts): for L = sum(w * f(x)) with seeded w and x, TF.js's
// dL/dx (float32) must be within 2e-5 x max(1, largest |reference|) of (L(x + h) - L(x - h)) / 2h
// taken in double precision with h = 1e-6 (good to about 1e-9; the tolerance is float32
// rounding through a few operations). Each case checks that it ran the kernel it names, and
// every registered kernel needs a case. Inputs avoid kinks (0 for ReLU, ties for Max) by design.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Tensor } from "npm:@tensorflow/tfjs-core@4.22.0";
import { gradientConfigs } from "../lib/train/gradients/register_gradients.ts";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { createRng } from "../lib/random.ts";
import * as f64 from "./float64_ops.ts";
import { build, get, map, type Nd, nd, reduce, total, zip } from "./float64_ops.ts";

const tf = await loadTfjs();
type Domain = "any" | "positive" | "away";
interface Case {
  kernel: string;
  /** Per input, its shape with an optional domain at the end: `[2, 3]`, `[5, "positive"]`. */
  inputs: (number | Domain)[][];
  tf: (...x: Tensor[]) => Tensor;
  ref: (...x: Nd[]) => Nd;
}
const away = (v: number) => Math.sign(v) * (0.2 + Math.abs(v));
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const oneHotOfArgMax = (a: Nd) => {
  const [rows, columns] = a.shape;
  const best = build([rows], ([r]) => {
    const row = [...a.data.subarray(r * columns, (r + 1) * columns)];
    return row.indexOf(Math.max(...row));
  });
  return build([rows, columns], ([r, c]) => (best.data[r] === c ? 1 : 0));
};
const x23 = [[2, 3]];

const CASES: Case[] = [
  { kernel: "Add", inputs: [[2, 3], [3]], tf: tf.add, ref: (a, b) => zip(a, b, (x, y) => x + y) },
  { kernel: "Sub", inputs: [[3], [2, 3]], tf: tf.sub, ref: (a, b) => zip(a, b, (x, y) => x - y) },
  {
    kernel: "Multiply",
    inputs: [[2, 3], [2, 1]],
    tf: tf.mul,
    ref: (a, b) => zip(a, b, (x, y) => x * y),
  },
  {
    kernel: "RealDiv",
    inputs: [[2, 3], [3, "away"]],
    tf: tf.div,
    ref: (a, b) => zip(a, b, (x, y) => x / y),
  },
  {
    kernel: "Maximum",
    inputs: [[2, 3], [1, 3]],
    tf: tf.maximum,
    ref: (a, b) => zip(a, b, Math.max),
  },
  {
    kernel: "Minimum",
    inputs: [[2, 3], [2, 3]],
    tf: tf.minimum,
    ref: (a, b) => zip(a, b, Math.min),
  },
  {
    kernel: "SquaredDifference",
    inputs: [[2, 3], [3]],
    tf: tf.squaredDifference,
    ref: (a, b) => zip(a, b, (x, y) => (x - y) ** 2),
  },
  { kernel: "Neg", inputs: [[5]], tf: tf.neg, ref: (a) => map(a, (v) => -v) },
  { kernel: "Abs", inputs: [[5, "away"]], tf: tf.abs, ref: (a) => map(a, Math.abs) },
  { kernel: "Exp", inputs: [[5]], tf: tf.exp, ref: (a) => map(a, Math.exp) },
  { kernel: "Log", inputs: [[5, "positive"]], tf: tf.log, ref: (a) => map(a, Math.log) },
  { kernel: "Log1p", inputs: [[5, "positive"]], tf: tf.log1p, ref: (a) => map(a, Math.log1p) },
  { kernel: "Sqrt", inputs: [[5, "positive"]], tf: tf.sqrt, ref: (a) => map(a, Math.sqrt) },
  {
    kernel: "Rsqrt",
    inputs: [[5, "positive"]],
    tf: tf.rsqrt,
    ref: (a) => map(a, (v) => 1 / Math.sqrt(v)),
  },
  { kernel: "Square", inputs: [[5]], tf: tf.square, ref: (a) => map(a, (v) => v * v) },
  { kernel: "Erf", inputs: [[5]], tf: tf.erf, ref: (a) => map(a, f64.erf) },
  {
    kernel: "Step",
    inputs: [[5, "away"]],
    tf: (a) => tf.step(a),
    ref: (a) => map(a, (v) => (v > 0 ? 1 : 0)),
  },
  { kernel: "Cast", inputs: [[5]], tf: (a) => tf.cast(a, "float32"), ref: (a) => a },
  { kernel: "Identity", inputs: [[5]], tf: (a) => tf.clone(a), ref: (a) => a },
  {
    kernel: "ClipByValue",
    inputs: [[6, "away"]],
    tf: (a) => tf.clipByValue(a, -1.1, 1.1),
    ref: (a) => map(a, (v) => Math.min(Math.max(v, -1.1), 1.1)),
  },
  { kernel: "ZerosLike", inputs: [[4]], tf: tf.zerosLike, ref: (a) => map(a, () => 0) },
  { kernel: "OnesLike", inputs: [[4]], tf: tf.onesLike, ref: (a) => map(a, () => 1) },
  {
    kernel: "OneHot",
    inputs: [[3, 4]],
    tf: (a) => tf.cast(tf.oneHot(tf.argMax(a, 1), 4), "float32"),
    ref: oneHotOfArgMax,
  },
  {
    kernel: "ArgMax",
    inputs: [[3, 4]],
    tf: (a) => tf.cast(tf.argMax(a, 1), "float32"),
    ref: (a) => reduce(a, [1], (v) => v.indexOf(Math.max(...v))),
  },
  {
    kernel: "Greater",
    inputs: x23,
    tf: (a) => tf.cast(tf.greater(a, 0.1), "float32"),
    ref: (a) => map(a, (v) => (v > 0.1 ? 1 : 0)),
  },
  { kernel: "Relu", inputs: [[6, "away"]], tf: tf.relu, ref: (a) => map(a, (v) => Math.max(v, 0)) },
  {
    kernel: "LeakyRelu",
    inputs: [[6, "away"]],
    tf: (a) => tf.leakyRelu(a, 0.2),
    ref: (a) => map(a, (v) => (v > 0 ? v : 0.2 * v)),
  },
  {
    kernel: "Elu",
    inputs: [[6, "away"]],
    tf: tf.elu,
    ref: (a) => map(a, (v) => (v > 0 ? v : Math.expm1(v))),
  },
  { kernel: "Tanh", inputs: [[6]], tf: tf.tanh, ref: (a) => map(a, Math.tanh) },
  { kernel: "Sigmoid", inputs: [[6]], tf: tf.sigmoid, ref: (a) => map(a, sigmoid) },
  { kernel: "Softmax", inputs: [[2, 4]], tf: (a) => tf.softmax(a), ref: f64.softmax },
  {
    kernel: "Sum",
    inputs: [[2, 3, 4]],
    tf: (a) => tf.sum(a, [0, 2]),
    ref: (a) => reduce(a, [0, 2], total),
  },
  {
    kernel: "Mean",
    inputs: [[2, 3, 4]],
    tf: (a) => tf.mean(a, -2),
    ref: (a) => reduce(a, [1], (v) => total(v) / v.length),
  },
  {
    kernel: "Max",
    inputs: [[3, 4]],
    tf: (a) => tf.max(a, 1),
    ref: (a) => reduce(a, [1], (v) => Math.max(...v)),
  },
  {
    kernel: "Reshape",
    inputs: [[2, 6]],
    tf: (a) => tf.reshape(a, [3, 4]),
    ref: (a) => nd([3, 4], a.data),
  },
  {
    kernel: "Transpose",
    inputs: [[2, 3, 4]],
    tf: (a) => tf.transpose(a, [2, 0, 1]),
    ref: (a) => f64.transpose(a, [2, 0, 1]),
  },
  {
    kernel: "Slice",
    inputs: [[4, 5]],
    tf: (a) => tf.slice(a, [1, 2], [2, -1]),
    ref: (a) => build([2, 3], ([i, j]) => get(a, [i + 1, j + 2])),
  },
  {
    kernel: "PadV2",
    inputs: x23,
    tf: (a) => tf.pad(a, [[1, 0], [2, 1]], 0.5),
    ref: (a) =>
      build([3, 6], ([i, j]) => (i >= 1 && j >= 2 && j < 5 ? get(a, [i - 1, j - 2]) : 0.5)),
  },
  {
    kernel: "Reverse",
    inputs: [[2, 3, 4]],
    tf: (a) => tf.reverse(a, [0, -1]),
    ref: (a) => build([2, 3, 4], ([i, j, k]) => get(a, [1 - i, j, 3 - k])),
  },
  {
    kernel: "Pack",
    inputs: [[2, 3], [2, 3], [2, 3]],
    tf: (...a) => tf.stack(a, 1),
    ref: (...a) => build([2, 3, 3], ([i, s, j]) => get(a[s], [i, j])),
  },
  {
    kernel: "AvgPool",
    inputs: [[1, 5, 6, 2]],
    tf: (a) => tf.avgPool(a as never, [2, 3], 2, "same"),
    ref: (a) => f64.avgPool(a, [2, 3], [2, 2], "same"),
  },
  {
    kernel: "AvgPool",
    inputs: [[2, 5, 6, 1]],
    tf: (a) => tf.avgPool(a as never, 2, [1, 2], "valid"),
    ref: (a) => f64.avgPool(a, [2, 2], [1, 2], "valid"),
  },
  {
    kernel: "FusedBatchNorm",
    inputs: [[3, 2, 2, 3], [3], [3, "positive"], [3], [3]],
    tf: (x, mean, variance, offset, scale) => tf.batchNorm(x, mean, variance, offset, scale, 0.01),
    ref: (x, mean, variance, offset, scale) => {
      const r = map(variance, (v) => 1 / Math.sqrt(v + 0.01));
      const normal = zip(zip(x, mean, (a, b) => a - b), r, (a, b) => a * b);
      return zip(zip(normal, scale, (a, b) => a * b), offset, (a, b) => a + b);
    },
  },
  {
    kernel: "BatchMatMul",
    inputs: [[2, 3, 4], [4, 5]],
    tf: (a, b) => tf.matMul(a, b),
    ref: f64.batchMatMul,
  },
  {
    kernel: "BatchMatMul",
    inputs: [[1, 3, 4], [2, 4, 5]],
    tf: (a, b) => tf.matMul(a, b),
    ref: f64.batchMatMul,
  },
];

/** Central differences of sum(w * ref(x)) with respect to every element of input `which`. */
function centralDifferences(c: Case, inputs: Nd[], w: Nd, which: number): Float64Array {
  const h = 1e-6;
  const loss = () => total([...zip(c.ref(...inputs), w, (a, b) => a * b).data]);
  const x = inputs[which].data, out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const saved = x[i];
    x[i] = saved + h;
    const up = loss();
    x[i] = saved - h;
    out[i] = (up - loss()) / (2 * h);
    x[i] = saved;
  }
  return out;
}

describe("registered gradients against central differences of float64 definitions", () => {
  it("every registered kernel has a case", () => {
    const tested = new Set(CASES.map((c) => c.kernel));
    const missing = gradientConfigs(tf).map((g) => g.kernelName).filter((k) => !tested.has(k));
    assert.deepEqual(missing, []);
  });
  CASES.forEach((c, n) => {
    const shapes = c.inputs.map((input) => input.filter((v) => typeof v === "number"));
    it(`${c.kernel} ${shapes.map((shape) => `[${shape}]`).join(" ")}`, async () => {
      const rng = createRng(100 + n);
      const draw = (shape: number[], n: number) => {
        const domain = c.inputs[n].find((v) => typeof v === "string") ?? "any";
        return nd(
          shape,
          Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => {
            const v = 1.5 * rng.normal();
            return Math.fround(
              domain === "positive" ? 0.3 + Math.abs(v) : domain === "away" ? away(v) : v,
            );
          }),
        );
      };
      const inputs = shapes.map(draw);
      const outShape = c.ref(...inputs).shape;
      const w = nd(
        outShape,
        Array.from(
          { length: outShape.reduce((a, b) => a * b, 1) },
          () => Math.fround(rng.normal()),
        ),
      );
      const before = tf.memory().numTensors;
      const tensors = inputs.map((a) => tf.tensor(Float32Array.from(a.data), a.shape));
      const weights = tf.tensor(Float32Array.from(w.data), w.shape);
      const { kernelNames, result } = await tf.profile(() => tf.tidy(() => c.tf(...tensors)));
      tf.dispose(result as Tensor);
      assert.ok(kernelNames.includes(c.kernel), `ran ${kernelNames}, not ${c.kernel}`);
      const grads = tf.grads((...x: Tensor[]) => tf.sum(tf.mul(c.tf(...x), weights)))(tensors);
      grads.forEach((g, which) => {
        const reference = centralDifferences(c, inputs, w, which);
        const tolerance = 2e-5 * Math.max(1, ...reference.map(Math.abs));
        assert.deepEqual(g.shape, inputs[which].shape);
        g.dataSync().forEach((v, i) => {
          assert.ok(
            Math.abs(v - reference[i]) <= tolerance,
            `input ${which}[${i}]: ${v} vs ${reference[i]}`,
          );
        });
      });
      tf.dispose([...tensors, weights, ...grads]);
      assert.equal(tf.memory().numTensors, before, "tensors leaked");
    });
  });
});
