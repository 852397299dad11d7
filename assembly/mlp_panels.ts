// The two halves of the fused MLP point (./mlp_fused) on panels of rows: a panel holds four
// samples side by side, one f32x4 per feature (panel[k] = rows r..r+3 of feature k), so one
// vector operation works on four samples at once and the second layer's 10 classes are 10
// accumulators instead of 12 padded columns (the row-major 3x12 block spent a sixth of its
// multiply-adds on the two padding columns).
//
// Why 8 rows x 5 classes: 10 accumulators + 2 hidden vectors + 1 broadcast weight = 13 live
// v128 values, within V8's 15 allocatable xmm registers on x86-64 (./gemm_blocks explains the
// limit); 10 classes run as two passes over the 8 rows' hidden layer, which stays in L1.

/** Adds a*w to the accumulator: fused in the relaxed build, separate mul and add otherwise. */
function madd(acc: v128, a: v128, w: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, w, acc);
  return f32x4.add(acc, f32x4.mul(a, w));
}

/**
 * hidden[k] = act(p0[k] + a p1[k] + b p2[k]) for two panels (8 rows): hidden is [width][8]
 * floats, the first panel's 4 rows then the second's. act is pmax with `floor` (0: ReLU, NaN
 * kept; -inf: the identity). Panel layout: [vectors][width][4] floats per panel, panels
 * `panelBytes` apart; with vectors == 2, b and p2 are not used.
 */
export function combinePanels(
  panels: usize,
  panelBytes: usize,
  width: i32,
  vectors: i32,
  a: f32,
  b: f32,
  floor: f32,
  hidden: usize,
): void {
  const va = f32x4.splat(a), vb = f32x4.splat(b), low = f32x4.splat(floor);
  const vectorBytes = <usize> width << 4;
  const end = hidden + (<usize> width << 5);
  let p = panels, q = panels + panelBytes;
  if (vectors == 3) {
    for (let h = hidden; h < end; h += 32) {
      const x = madd(
        madd(v128.load(p), va, v128.load(p + vectorBytes)),
        vb,
        v128.load(p + 2 * vectorBytes),
      );
      const y = madd(
        madd(v128.load(q), va, v128.load(q + vectorBytes)),
        vb,
        v128.load(q + 2 * vectorBytes),
      );
      v128.store(h, f32x4.pmax(x, low));
      v128.store(h, f32x4.pmax(y, low), 16);
      p += 16;
      q += 16;
    }
  } else {
    for (let h = hidden; h < end; h += 32) {
      v128.store(h, f32x4.pmax(madd(v128.load(p), va, v128.load(p + vectorBytes)), low));
      v128.store(h, f32x4.pmax(madd(v128.load(q), va, v128.load(q + vectorBytes)), low), 16);
      p += 16;
      q += 16;
    }
  }
}

/**
 * logits[c] = bias[c] + sum_k hidden[k] * w[k, c] for classes c = first..first+4 and the 8 rows
 * of `hidden` ([width][8] floats, as combinePanels writes it): logits is [12][8] floats, class c
 * at logits + 32 c. The sum runs over k in order from the bias, as the row-major GEMM blocks do.
 * Preconditions: w is [width][12] floats (48-byte rows); first + 5 <= 12.
 */
export function panelLogits5(
  hidden: usize,
  width: i32,
  w: usize,
  bias: usize,
  first: i32,
  logits: usize,
): void {
  const column = <usize> first << 2;
  let c0 = v128.load32_splat(bias + column), c1 = v128.load32_splat(bias + column, 4);
  let c2 = v128.load32_splat(bias + column, 8), c3 = v128.load32_splat(bias + column, 12);
  let c4 = v128.load32_splat(bias + column, 16);
  let d0 = c0, d1 = c1, d2 = c2, d3 = c3, d4 = c4;
  let wp = w + column;
  const end = hidden + (<usize> width << 5);
  for (let h = hidden; h < end; h += 32) {
    const x = v128.load(h), y = v128.load(h, 16);
    let s = v128.load32_splat(wp);
    c0 = madd(c0, x, s);
    d0 = madd(d0, y, s);
    s = v128.load32_splat(wp, 4);
    c1 = madd(c1, x, s);
    d1 = madd(d1, y, s);
    s = v128.load32_splat(wp, 8);
    c2 = madd(c2, x, s);
    d2 = madd(d2, y, s);
    s = v128.load32_splat(wp, 12);
    c3 = madd(c3, x, s);
    d3 = madd(d3, y, s);
    s = v128.load32_splat(wp, 16);
    c4 = madd(c4, x, s);
    d4 = madd(d4, y, s);
    wp += 48;
  }
  const out = logits + (<usize> first << 5);
  v128.store(out, c0);
  v128.store(out, d0, 16);
  v128.store(out, c1, 32);
  v128.store(out, d1, 48);
  v128.store(out, c2, 64);
  v128.store(out, d2, 80);
  v128.store(out, c3, 96);
  v128.store(out, d3, 112);
  v128.store(out, c4, 128);
  v128.store(out, d4, 144);
}
