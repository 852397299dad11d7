// Winograd F(2x2, 3x3) convolution (assembly/winograd.ts, run by lib/engine/ops/conv2d_winograd.ts)
// against tf.conv2d on the wasm backend, at awkward sizes: image sides, input and output channels
// of 1, 3, 4, 5, 8, 9 and large, batches of 0, 1 and 3, "same" and "valid" padding, odd outputs
// (the last tile half outside), with and without ReLU, on both kernel builds.
//
// Tolerance (float32): |engine - TF.js| <= 2e-6 * (|bias| + sum |x| |w|) per output. Both sides
// round every term; Winograd adds, subtracts and halves each term a few more times (its
// transforms have coefficients 1 and 1/2), so its error is a few ulp of the sum of magnitudes
// (2e-6 ~ 16 ulp); a wrong tap, channel or tile is off by the size of a whole term (~1e-1).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { instantiateKernel, type Kernel } from "../lib/engine/mod.ts";
import { KERNEL_VARIANTS, kernelVariantBytes } from "../lib/engine/kernel/variants.ts";
import { padTo4 } from "../lib/engine/program/types.ts";
import { createRng } from "../lib/random.ts";
import { loadTfjs } from "../lib/train/tfjs.ts";

const tf = await loadTfjs();

/** [samples, h, w, cin, cout, same] */
type Case = [number, number, number, number, number, boolean];
const CASES: Case[] = [
  [3, 1, 1, 1, 1, true],
  [1, 3, 3, 3, 3, false],
  [3, 4, 4, 4, 4, true],
  [1, 5, 5, 5, 5, true],
  [3, 8, 8, 8, 8, true],
  [1, 9, 9, 9, 9, true],
  [1, 9, 9, 9, 9, false],
  [3, 5, 8, 3, 9, true],
  [1, 4, 9, 9, 1, false],
  [0, 5, 5, 4, 8, true],
  [2, 30, 29, 16, 33, true],
  [1, 14, 14, 16, 32, true],
];

function normals(length: number, rng: ReturnType<typeof createRng>): Float32Array {
  return Float32Array.from({ length }, () => rng.normal());
}

/** Runs the Winograd passes as the runner does; returns the output [n, oh, ow, coutp]. */
function winograd(
  kernel: Kernel,
  [n, h, w, cin, cout, same]: Case,
  x: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  relu: boolean,
): { out: Float32Array; oh: number; ow: number; coutp: number } {
  const stride = padTo4(cin), coutp = padTo4(cout);
  const oh = same ? h : h - 2, ow = same ? w : w - 2, pad = same ? 1 : 0;
  const tilesH = Math.ceil(oh / 2), tilesW = Math.ceil(ow / 2);
  const ph = 2 * tilesH + 2, pw = 2 * tilesW + 2, tiles = n * tilesH * tilesW;
  const put = (floats: number, values?: Float32Array, rowLength = 0, rowStride = 0) => {
    const pointer = kernel.allocate(Math.max(floats, 1) * 4);
    kernel.f32.fill(0, pointer / 4, pointer / 4 + floats);
    if (values) {
      for (let r = 0; r * rowLength < values.length; r++) {
        kernel.f32.set(
          values.subarray(r * rowLength, (r + 1) * rowLength),
          pointer / 4 + r * rowStride,
        );
      }
    }
    return pointer;
  };
  const input = put(n * h * w * stride, x, cin, stride);
  const g = put(9 * cin * coutp, weights, cout, coutp);
  const b = put(coutp, bias, cout, coutp);
  const u = put(16 * stride * coutp), zeros = put(coutp);
  const padded = put(n * ph * pw * stride), v = put(tiles * 16 * stride);
  const m = put(tiles * 16 * coutp), out = put(n * oh * ow * coutp);
  kernel.winogradWeights(g, cin, stride, coutp, u);
  kernel.padImage(input, h, w, stride, n, pad, pad, padded, ph, pw);
  kernel.winogradInput(padded, ph, pw, stride, n, tilesH, tilesW, v);
  kernel.winogradMultiply(v, tiles, stride, u, coutp, zeros, m);
  kernel.winogradOutput(m, n, tilesH, tilesW, coutp, b, relu ? 1 : 0, oh, ow, 0, out);
  return { out: kernel.f32.slice(out / 4, out / 4 + n * oh * ow * coutp), oh, ow, coutp };
}

for (const variant of KERNEL_VARIANTS) {
  const skip = !WebAssembly.validate(kernelVariantBytes(variant));
  describe(`Winograd F(2x2, 3x3) vs tf.conv2d (${variant})`, { skip }, () => {
    for (const testCase of CASES) {
      const [n, h, w, cin, cout, same] = testCase;
      for (const relu of [false, true]) {
        const name = `${n} x ${h}x${w}x${cin} -> ${cout}, ${same ? "same" : "valid"}` +
          (relu ? ", ReLU" : "");
        it(name, async () => {
          const rng = createRng(n * 1000 + h * 100 + w * 10 + cin + cout);
          const x = normals(n * h * w * cin, rng), weights = normals(9 * cin * cout, rng);
          const bias = normals(cout, rng);
          const kernel = await instantiateKernel(variant);
          const { out, oh, ow, coutp } = winograd(kernel, testCase, x, weights, bias, relu);
          if (n === 0) return assert.equal(out.length, 0);
          const padding = same ? "same" : "valid";
          const [want, scale] = tf.tidy(() => {
            const xt = tf.tensor4d(x, [n, h, w, cin]), wt = tf.tensor4d(weights, [3, 3, cin, cout]);
            const z = tf.add(tf.conv2d(xt, wt, 1, padding), tf.tensor1d(bias));
            const magnitude = tf.add(
              tf.conv2d(tf.abs(xt), tf.abs(wt), 1, padding),
              tf.abs(tf.tensor1d(bias)),
            );
            return [relu ? tf.relu(z) : z, magnitude].map((t) => t.dataSync() as Float32Array);
          });
          for (let p = 0; p < n * oh * ow; p++) {
            for (let o = 0; o < cout; o++) {
              const got = out[p * coutp + o], ref = want[p * cout + o];
              const bound = 2e-6 * scale[p * cout + o];
              assert.ok(
                Math.abs(got - ref) <= bound,
                `${name}: pixel ${p} channel ${o}: ${got} vs TF.js ${ref} (bound ${bound})`,
              );
            }
          }
        });
      }
    }
  });
}
