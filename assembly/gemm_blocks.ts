// Register-blocked GEMM micro-kernels: out[r, j..] = bias[j..] + sum_k in[r, k] * w[k, j..].
//
// All strides are in bytes. Plain f32x4 mul + add (no FMA), so results do not depend on whether
// the CPU fuses. Why these block shapes: 4 rows x 12 columns keeps 12 accumulators + 3 weight
// vectors + 1 broadcast = 16 live v128 values, exactly the 16 xmm registers V8 allocates on
// x86-64; more spill (measured). Unrolling k by two halves V8's per-iteration loop overhead
// (its stack/interrupt check): +30% on the 2000x128x12 product. The small helpers below are
// inlined by binaryen at -O3 (no decorators, so deno fmt can parse this file).

/** Adds a*w to the accumulator: separate mul and add, on purpose. */
function madd(acc: v128, a: v128, w: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, w));
}

/** Applies ReLU as pmax(x, 0): one maxps on x86 (f32x4.max is ~8), and NaN stays NaN. */
function act(x: v128, relu: bool): v128 {
  return relu ? f32x4.pmax(x, f32x4.splat(0)) : x;
}

/**
 * Four rows by twelve columns. Preconditions: depth >= 0; 12 columns readable at w, bias, out.
 */
export function block4x12(
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
  let c30 = c00, c31 = c01, c32 = c02;
  let p0 = a, p1 = a + aStride, p2 = p1 + aStride, p3 = p2 + aStride;
  let wp = w;
  const pairsEnd = a + (<usize> (depth & ~1) << 2);
  while (p0 < pairsEnd) {
    let w0 = v128.load(wp), w1 = v128.load(wp, 16), w2 = v128.load(wp, 32);
    let x = v128.load32_splat(p0);
    c00 = madd(c00, x, w0);
    c01 = madd(c01, x, w1);
    c02 = madd(c02, x, w2);
    x = v128.load32_splat(p1);
    c10 = madd(c10, x, w0);
    c11 = madd(c11, x, w1);
    c12 = madd(c12, x, w2);
    x = v128.load32_splat(p2);
    c20 = madd(c20, x, w0);
    c21 = madd(c21, x, w1);
    c22 = madd(c22, x, w2);
    x = v128.load32_splat(p3);
    c30 = madd(c30, x, w0);
    c31 = madd(c31, x, w1);
    c32 = madd(c32, x, w2);
    wp += wStride;
    w0 = v128.load(wp);
    w1 = v128.load(wp, 16);
    w2 = v128.load(wp, 32);
    x = v128.load32_splat(p0, 4);
    c00 = madd(c00, x, w0);
    c01 = madd(c01, x, w1);
    c02 = madd(c02, x, w2);
    x = v128.load32_splat(p1, 4);
    c10 = madd(c10, x, w0);
    c11 = madd(c11, x, w1);
    c12 = madd(c12, x, w2);
    x = v128.load32_splat(p2, 4);
    c20 = madd(c20, x, w0);
    c21 = madd(c21, x, w1);
    c22 = madd(c22, x, w2);
    x = v128.load32_splat(p3, 4);
    c30 = madd(c30, x, w0);
    c31 = madd(c31, x, w1);
    c32 = madd(c32, x, w2);
    wp += wStride;
    p0 += 8;
    p1 += 8;
    p2 += 8;
    p3 += 8;
  }
  if (depth & 1) {
    const w0 = v128.load(wp), w1 = v128.load(wp, 16), w2 = v128.load(wp, 32);
    let x = v128.load32_splat(p0);
    c00 = madd(c00, x, w0);
    c01 = madd(c01, x, w1);
    c02 = madd(c02, x, w2);
    x = v128.load32_splat(p1);
    c10 = madd(c10, x, w0);
    c11 = madd(c11, x, w1);
    c12 = madd(c12, x, w2);
    x = v128.load32_splat(p2);
    c20 = madd(c20, x, w0);
    c21 = madd(c21, x, w1);
    c22 = madd(c22, x, w2);
    x = v128.load32_splat(p3);
    c30 = madd(c30, x, w0);
    c31 = madd(c31, x, w1);
    c32 = madd(c32, x, w2);
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
  o += outStride;
  v128.store(o, act(c30, relu));
  v128.store(o, act(c31, relu), 16);
  v128.store(o, act(c32, relu), 32);
}

/**
 * Four rows by four columns, for the 4 or 8 columns left after the 12-wide blocks.
 * Preconditions: depth >= 0; 4 columns readable at w, bias, out.
 */
export function block4x4(
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
  let c0 = b, c1 = b, c2 = b, c3 = b;
  let p0 = a, p1 = a + aStride, p2 = p1 + aStride, p3 = p2 + aStride;
  let wp = w;
  const end = a + (<usize> depth << 2);
  while (p0 < end) {
    const w0 = v128.load(wp);
    c0 = madd(c0, v128.load32_splat(p0), w0);
    c1 = madd(c1, v128.load32_splat(p1), w0);
    c2 = madd(c2, v128.load32_splat(p2), w0);
    c3 = madd(c3, v128.load32_splat(p3), w0);
    wp += wStride;
    p0 += 4;
    p1 += 4;
    p2 += 4;
    p3 += 4;
  }
  v128.store(out, act(c0, relu));
  v128.store(out + outStride, act(c1, relu));
  v128.store(out + 2 * outStride, act(c2, relu));
  v128.store(out + 3 * outStride, act(c3, relu));
}

/**
 * One row by four columns, for the last rows % 4 rows.
 * Preconditions: depth >= 0; 4 columns readable at w, bias, out.
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
  let wp = w;
  let p0 = a;
  const end = a + (<usize> depth << 2);
  while (p0 < end) {
    c0 = madd(c0, v128.load32_splat(p0), v128.load(wp));
    wp += wStride;
    p0 += 4;
  }
  v128.store(out, act(c0, relu));
}
