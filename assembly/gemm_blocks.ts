// Register-blocked GEMM micro-kernels: out[r, j..] = bias[j..] + sum_k in[r, k] * w[k, j..].
//
// All strides are in bytes. The plain SIMD build uses separate f32x4 mul + add, so its results do
// not depend on the CPU; the relaxed-SIMD build (ASC_FEATURE_RELAXED_SIMD) uses relaxed_madd,
// which V8 lowers to one FMA where the CPU has it (~1.35x on GEMM, FACTS.md) and whose last bits
// may differ across CPUs, so the host selects one variant per process.
//
// Why 3 rows x 12 columns: 9 accumulators + 3 weight vectors + 1 broadcast = 13 live v128
// values. V8 keeps xmm15 as its scratch register, so only 15 are allocatable on x86-64; the
// earlier 4x12 block (16 live values) spilled, and 4x12 with k unrolled by two reached ~36
// GFLOP/s plain and ~37 relaxed where 3x12 without unrolling reaches ~35 and ~43 (measured on
// 64x128x12 and 64x128x48 products, AMD EPYC). The small helpers below are inlined by binaryen
// at -O3 (no decorators, so deno fmt can parse this file).

import { Lanes } from "./lanes";

/** Applies ReLU as pmax(x, 0): one maxps on x86 (f32x4.max is ~8), and NaN stays NaN. */
function act(x: v128, relu: bool): v128 {
  return relu ? f32x4.pmax(x, f32x4.splat(0)) : x;
}

/**
 * Three rows by twelve columns. Preconditions: depth >= 0; 12 columns readable at w, bias, out.
 */
export function block3x12(
  a: usize,
  aStride: usize,
  depth: i32,
  w: usize,
  wStride: usize,
  bias: usize,
  out: usize,
  outStride: usize,
  relu: bool,
): void {
  let c00 = v128.load(bias), c01 = v128.load(bias, 16), c02 = v128.load(bias, 32);
  let c10 = c00, c11 = c01, c12 = c02;
  let c20 = c00, c21 = c01, c22 = c02;
  let p0 = a, p1 = a + aStride, p2 = p1 + aStride;
  let wp = w;
  const end = a + (<usize> depth << 2);
  while (p0 < end) {
    const w0 = v128.load(wp), w1 = v128.load(wp, 16), w2 = v128.load(wp, 32);
    let x = v128.load32_splat(p0);
    c00 = Lanes.madd(c00, x, w0);
    c01 = Lanes.madd(c01, x, w1);
    c02 = Lanes.madd(c02, x, w2);
    x = v128.load32_splat(p1);
    c10 = Lanes.madd(c10, x, w0);
    c11 = Lanes.madd(c11, x, w1);
    c12 = Lanes.madd(c12, x, w2);
    x = v128.load32_splat(p2);
    c20 = Lanes.madd(c20, x, w0);
    c21 = Lanes.madd(c21, x, w1);
    c22 = Lanes.madd(c22, x, w2);
    wp += wStride;
    p0 += 4;
    p1 += 4;
    p2 += 4;
  }
  let o = out;
  v128.store(o, act(c00, relu));
  v128.store(o, act(c01, relu), 16);
  v128.store(o, act(c02, relu), 32);
  o += outStride;
  v128.store(o, act(c10, relu));
  v128.store(o, act(c11, relu), 16);
  v128.store(o, act(c12, relu), 32);
  o += outStride;
  v128.store(o, act(c20, relu));
  v128.store(o, act(c21, relu), 16);
  v128.store(o, act(c22, relu), 32);
}

/**
 * Three rows by four columns, for the 4 or 8 columns left after the 12-wide blocks.
 * Preconditions: depth >= 0; 4 columns readable at w, bias, out.
 */
export function block3x4(
  a: usize,
  aStride: usize,
  depth: i32,
  w: usize,
  wStride: usize,
  bias: usize,
  out: usize,
  outStride: usize,
  relu: bool,
): void {
  const b = v128.load(bias);
  let c0 = b, c1 = b, c2 = b;
  let p0 = a, p1 = a + aStride, p2 = p1 + aStride;
  let wp = w;
  const end = a + (<usize> depth << 2);
  while (p0 < end) {
    const w0 = v128.load(wp);
    c0 = Lanes.madd(c0, v128.load32_splat(p0), w0);
    c1 = Lanes.madd(c1, v128.load32_splat(p1), w0);
    c2 = Lanes.madd(c2, v128.load32_splat(p2), w0);
    wp += wStride;
    p0 += 4;
    p1 += 4;
    p2 += 4;
  }
  v128.store(out, act(c0, relu));
  v128.store(out + outStride, act(c1, relu));
  v128.store(out + 2 * outStride, act(c2, relu));
}

/**
 * One row by four columns, for the last rows % 3 rows and a last 4-column panel. Depth runs in
 * four interleaved quarters (k mod 4), so four multiply-add chains run at once instead of one
 * latency-bound chain (see block1x8). Preconditions: depth >= 0; 4 columns readable at w, bias,
 * out.
 */
export function block1x4(
  a: usize,
  depth: i32,
  w: usize,
  wStride: usize,
  bias: usize,
  out: usize,
  relu: bool,
): void {
  let c0 = v128.load(bias);
  let c1 = f32x4.splat(0), c2 = c1, c3 = c1;
  let wp = w;
  let p0 = a;
  const quadsEnd = a + (<usize> (depth & ~3) << 2);
  const end = a + (<usize> depth << 2);
  while (p0 < quadsEnd) {
    c0 = Lanes.madd(c0, v128.load32_splat(p0), v128.load(wp));
    c1 = Lanes.madd(c1, v128.load32_splat(p0, 4), v128.load(wp + wStride));
    c2 = Lanes.madd(c2, v128.load32_splat(p0, 8), v128.load(wp + 2 * wStride));
    c3 = Lanes.madd(c3, v128.load32_splat(p0, 12), v128.load(wp + 3 * wStride));
    wp += wStride << 2;
    p0 += 16;
  }
  while (p0 < end) {
    c0 = Lanes.madd(c0, v128.load32_splat(p0), v128.load(wp));
    wp += wStride;
    p0 += 4;
  }
  v128.store(out, act(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), relu));
}

/**
 * One row by eight columns, for the last rows % 3 rows (and the one-sample blocks of large
 * convolutional models). Depth runs in two interleaved halves (even and odd k) so four
 * multiply-add chains run at once: one chain per column vector made this block latency-bound,
 * ~4 cycles per term (the cnn preset's last dense layer, 1,568 deep on one row, cost a sixth of
 * a grid point). Preconditions: depth >= 0; 8 columns readable at w, bias, out.
 */
export function block1x8(
  a: usize,
  depth: i32,
  w: usize,
  wStride: usize,
  bias: usize,
  out: usize,
  relu: bool,
): void {
  let c0 = v128.load(bias), c1 = v128.load(bias, 16);
  let d0 = f32x4.splat(0), d1 = d0;
  let wp = w;
  let p0 = a;
  const pairsEnd = a + (<usize> (depth & ~1) << 2);
  while (p0 < pairsEnd) {
    const x = v128.load32_splat(p0), y = v128.load32_splat(p0, 4);
    c0 = Lanes.madd(c0, x, v128.load(wp));
    c1 = Lanes.madd(c1, x, v128.load(wp, 16));
    d0 = Lanes.madd(d0, y, v128.load(wp + wStride));
    d1 = Lanes.madd(d1, y, v128.load(wp + wStride, 16));
    wp += wStride << 1;
    p0 += 8;
  }
  if (depth & 1) {
    const x = v128.load32_splat(p0);
    c0 = Lanes.madd(c0, x, v128.load(wp));
    c1 = Lanes.madd(c1, x, v128.load(wp, 16));
  }
  v128.store(out, act(f32x4.add(c0, d0), relu));
  v128.store(out, act(f32x4.add(c1, d1), relu), 16);
}
