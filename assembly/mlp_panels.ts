// The two halves of the fused MLP point (./mlp_fused) on groups of eight rows stored feature by
// feature (group[k] = rows r..r+7 of feature k, two f32x4 "panels" of four rows), so one vector
// operation works on four samples at once and the second layer's 10 classes are 10 accumulators
// instead of 12 padded columns (the row-major 3x12 block spent a sixth of its multiply-adds on
// the two padding columns). Reading p0, p1 and p2 of a feature from one 96-byte run, instead of
// three streams 2 KB apart, took the point from 1.38x to 1.28x its GEMM (CPU time, measured).
//
// Why 8 rows x 5 classes: 10 accumulators + 2 hidden vectors + 1 broadcast weight = 13 live
// v128 values, within V8's 15 allocatable xmm registers on x86-64 (./gemm_blocks explains the
// limit); 10 classes run as two passes over the 8 rows' hidden layer, which stays in L1.

import { Lanes } from "./lanes";

/**
 * hidden[k] = act(p0[k] + a p1[k] + b p2[k]) for one group of 8 rows: the group is
 * [width][vectors][8] floats (per feature k: p0's 8 rows, p1's, then p2's, all in one run of
 * 96 bytes, so the loop reads one stream at constant offsets) and hidden is [width][8] floats.
 * act is pmax with `floor` (0: ReLU, NaN kept; -inf: the identity). With vectors == 2, b is
 * not used.
 */
export function combineGroup(
  group: usize,
  width: i32,
  vectors: i32,
  a: f32,
  b: f32,
  floor: f32,
  hidden: usize,
): void {
  const va = f32x4.splat(a), vb = f32x4.splat(b), low = f32x4.splat(floor);
  const end = hidden + (<usize> width << 5);
  let p = group;
  if (vectors == 3) {
    for (let h = hidden; h < end; h += 32) {
      const x = Lanes.madd(Lanes.madd(v128.load(p), va, v128.load(p, 32)), vb, v128.load(p, 64));
      const y = Lanes.madd(
        Lanes.madd(v128.load(p, 16), va, v128.load(p, 48)),
        vb,
        v128.load(p, 80),
      );
      v128.store(h, f32x4.pmax(x, low));
      v128.store(h, f32x4.pmax(y, low), 16);
      p += 96;
    }
  } else {
    for (let h = hidden; h < end; h += 32) {
      v128.store(h, f32x4.pmax(Lanes.madd(v128.load(p), va, v128.load(p, 32)), low));
      v128.store(h, f32x4.pmax(Lanes.madd(v128.load(p, 16), va, v128.load(p, 48)), low), 16);
      p += 64;
    }
  }
}

/**
 * logits[c] = bias[c] + sum_k hidden[k] * w[k, c] for classes c = first..first+4 and the 8 rows
 * of `hidden` ([width][8] floats, as combineGroup writes it): logits is [12][8] floats, class c
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
    c0 = Lanes.madd(c0, x, s);
    d0 = Lanes.madd(d0, y, s);
    s = v128.load32_splat(wp, 4);
    c1 = Lanes.madd(c1, x, s);
    d1 = Lanes.madd(d1, y, s);
    s = v128.load32_splat(wp, 8);
    c2 = Lanes.madd(c2, x, s);
    d2 = Lanes.madd(d2, y, s);
    s = v128.load32_splat(wp, 12);
    c3 = Lanes.madd(c3, x, s);
    d3 = Lanes.madd(d3, y, s);
    s = v128.load32_splat(wp, 16);
    c4 = Lanes.madd(c4, x, s);
    d4 = Lanes.madd(d4, y, s);
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
