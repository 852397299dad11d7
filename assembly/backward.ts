// Training's passes that TF.js's WASM backend has no fast kernel for (lib/train/backward_passes.ts
// calls them on views copied from its heap):
// - element-wise, over a layer's activations: a ReLU's output gradient masked and summed per
//   channel (the bias gradient), a non-overlapping max pool's gradient routed to the first maximum
//   of each window, and batch normalisation in training, both ways. These compute exactly what
//   their JavaScript versions in lib/train/ compute, bit for bit: a mask is a product by 1, 0 or
//   NaN, the per-channel sums run in float64 over positions in ascending order, every float64
//   expression keeps the JavaScript order of operations, and the routing only moves bits;
// - a convolution's filter gradient, summed in one fixed order of its own.

/**
 * dz = dy * step(y) (step 1 where y > 0, 0 where not, NaN where y is NaN) when `relu` is 1,
 * dz = dy when 0, over `positions` rows of `channels` values; and sums[o] = the float64 sum of
 * dz[p, o] over p ascending, from +0.
 *
 * Preconditions: dy, y, dz hold positions * channels f32 (dz may be dy); sums holds channels f64.
 */
export function maskedChannelSums(
  dy: usize,
  y: usize,
  dz: usize,
  positions: i32,
  channels: i32,
  sums: usize,
  relu: i32,
): void {
  const rowBytes = <usize> channels << 2;
  // Sixteen channels at a time, their sums in registers over every position, then four at a
  // time, then one: each channel's sum still runs over the positions in ascending order.
  let at: usize = 0;
  for (; at + 64 <= rowBytes; at += 64) {
    let s0 = f64x2.splat(0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
    for (let p = 0, row: usize = at; p < positions; p++, row += rowBytes) {
      const v0 = masked(dy, y, dz, row, relu), v1 = masked(dy, y, dz, row + 16, relu);
      const v2 = masked(dy, y, dz, row + 32, relu), v3 = masked(dy, y, dz, row + 48, relu);
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v0));
      s1 = f64x2.add(s1, f64x2.promote_low_f32x4(high(v0)));
      s2 = f64x2.add(s2, f64x2.promote_low_f32x4(v1));
      s3 = f64x2.add(s3, f64x2.promote_low_f32x4(high(v1)));
      s4 = f64x2.add(s4, f64x2.promote_low_f32x4(v2));
      s5 = f64x2.add(s5, f64x2.promote_low_f32x4(high(v2)));
      s6 = f64x2.add(s6, f64x2.promote_low_f32x4(v3));
      s7 = f64x2.add(s7, f64x2.promote_low_f32x4(high(v3)));
    }
    const sum = sums + (at << 1);
    v128.store(sum, s0);
    v128.store(sum, s1, 16);
    v128.store(sum, s2, 32);
    v128.store(sum, s3, 48);
    v128.store(sum, s4, 64);
    v128.store(sum, s5, 80);
    v128.store(sum, s6, 96);
    v128.store(sum, s7, 112);
  }
  for (; at + 16 <= rowBytes; at += 16) {
    let s0 = f64x2.splat(0), s1 = s0;
    for (let p = 0, row: usize = at; p < positions; p++, row += rowBytes) {
      const v = masked(dy, y, dz, row, relu);
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
      s1 = f64x2.add(s1, f64x2.promote_low_f32x4(high(v)));
    }
    v128.store(sums + (at << 1), s0);
    v128.store(sums + (at << 1), s1, 16);
  }
  for (; at < rowBytes; at += 4) {
    let sum: f64 = 0;
    for (let p = 0, row: usize = at; p < positions; p++, row += rowBytes) {
      let value = load<f32>(dy + row);
      if (relu) {
        const out = load<f32>(y + row);
        value *= out != out ? NaN : out > 0 ? 1 : 0;
      }
      store<f32>(dz + row, value);
      sum += <f64> value;
    }
    store<f64>(sums + (at << 1), sum);
  }
}

/** Four lanes of dz at byte offset `at`: dy masked by y's step when `relu` is 1, stored. */
// @ts-ignore: decorator

function masked(dy: usize, y: usize, dz: usize, at: usize, relu: i32): v128 {
  let value = v128.load(dy + at);
  if (relu) {
    const out = v128.load(y + at);
    const step = v128.bitselect(
      f32x4.splat(NaN),
      v128.and(f32x4.gt(out, f32x4.splat(0)), f32x4.splat(1)),
      f32x4.ne(out, out),
    );
    value = f32x4.mul(value, step);
  }
  v128.store(dz + at, value);
  return value;
}

/** Lanes 2 and 3 of v moved to 0 and 1, for the float64 widening of the upper half. */
// @ts-ignore: decorator

function high(v: v128): v128 {
  return v128.shuffle<f32>(v, v, 2, 3, 2, 3);
}

/**
 * The gradient of a max pool whose windows do not overlap (stride = window): each window's
 * output gradient goes to the first cell, row-major, that equals the window's maximum (as the
 * pool's output holds it), every other cell gets +0; a window of NaNs routes none. Cells outside
 * every window get +0.
 *
 * Preconditions: input and dx are [n, h, w, c], maxima and gradient [n, oh, ow, c] (f32); window
 * kh x kw with the pooling's padding before (top, left) as the output geometry implies.
 */
export function maxPoolRoute(
  input: usize,
  maxima: usize,
  gradient: usize,
  dx: usize,
  n: i32,
  h: i32,
  w: i32,
  c: i32,
  oh: i32,
  ow: i32,
  kh: i32,
  kw: i32,
  top: i32,
  left: i32,
): void {
  if (top > 0 || left > 0 || oh * kh < h || ow * kw < w) {
    memory.fill(dx, 0, (<usize> n * <usize> h * <usize> w * <usize> c) << 2);
  }
  const vectors = <usize> (c & ~3) << 2;
  const cellBytes = <usize> c << 2;
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < oh; r++) {
      const rowStart = max(r * kh - top, 0), rowEnd = min(r * kh - top + kh, h);
      for (let q = 0; q < ow; q++) {
        const colStart = max(q * kw - left, 0), colEnd = min(q * kw - left + kw, w);
        const out = ((<usize> b * <usize> oh + <usize> r) * <usize> ow + <usize> q) * cellBytes;
        let at: usize = 0;
        for (; at < vectors; at += 16) {
          const best = v128.load(maxima + out + at), g = v128.load(gradient + out + at);
          let open = i32x4.splat(-1);
          for (let row = rowStart; row < rowEnd; row++) {
            for (let col = colStart; col < colEnd; col++) {
              const cell = ((<usize> b * <usize> h + <usize> row) * <usize> w + <usize> col) *
                  cellBytes + at;
              const hit = v128.and(f32x4.eq(v128.load(input + cell), best), open);
              v128.store(dx + cell, v128.and(g, hit));
              open = v128.andnot(open, hit);
            }
          }
        }
        for (; at < cellBytes; at += 4) {
          const best = load<f32>(maxima + out + at), g = load<i32>(gradient + out + at);
          let open = -1;
          for (let row = rowStart; row < rowEnd; row++) {
            for (let col = colStart; col < colEnd; col++) {
              const cell = ((<usize> b * <usize> h + <usize> row) * <usize> w + <usize> col) *
                  cellBytes + at;
              const hit = -(<i32> (load<f32>(input + cell) == best)) & open;
              store<i32>(dx + cell, g & hit);
              open &= ~hit;
            }
          }
        }
      }
    }
  }
}

/**
 * A convolution's filter gradient, out[i, j, ci, co] = the sum over images b, then output rows
 * y and columns x, ascending, of x[b, y sh + i, x sw + j, ci] * dy[b, y, x, co], each product
 * rounded and then added (never fused), from +0: the same bits in both builds and on any machine.
 * Each image's rows of x and dy stay in cache while every tap, four input channels and eight (or
 * four) output channels at a time, runs over them.
 *
 * Preconditions: x is the padded input [n, ph, pw, c] with (oh - 1) sh + kh <= ph and
 * (ow - 1) sw + kw <= pw; dy is [n, oh, ow, o] with o % 4 == 0; out is [kh, kw, c, o] and
 * overlaps nothing.
 */
export function convFilterGradient(
  x: usize,
  ph: i32,
  pw: i32,
  c: i32,
  dy: usize,
  n: i32,
  oh: i32,
  ow: i32,
  o: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  out: usize,
): void {
  const pixelBytes = <usize> c << 2, outBytes = <usize> o << 2;
  memory.fill(out, 0, <usize> (kh * kw * c) * outBytes);
  for (let b = 0; b < n; b++) {
    const image = x + <usize> b * <usize> (ph * pw) * pixelBytes;
    const gradient = dy + <usize> b * <usize> (oh * ow) * outBytes;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const tap = out + <usize> ((i * kw + j) * c) * outBytes;
        const first = image + <usize> (i * pw + j) * pixelBytes;
        let ci = 0;
        for (; ci + 4 <= c; ci += 4) {
          const rows = tap + <usize> ci * outBytes;
          let co = 0;
          for (; co + 8 <= o; co += 8) {
            filterBlock4x8(
              first + (<usize> ci << 2),
              gradient + (<usize> co << 2),
              rows + (<usize> co << 2),
              pw,
              pixelBytes,
              outBytes,
              oh,
              ow,
              sh,
              sw,
            );
          }
          if (co < o) {
            filterBlock4x4(
              first + (<usize> ci << 2),
              gradient + (<usize> co << 2),
              rows + (<usize> co << 2),
              pw,
              pixelBytes,
              outBytes,
              oh,
              ow,
              sh,
              sw,
            );
          }
        }
        for (; ci < c; ci++) {
          const row = tap + <usize> ci * outBytes;
          for (let co = 0; co < o; co += 4) {
            filterBlock1x4(
              first + (<usize> ci << 2),
              gradient + (<usize> co << 2),
              row + (<usize> co << 2),
              pw,
              pixelBytes,
              outBytes,
              oh,
              ow,
              sh,
              sw,
            );
          }
        }
      }
    }
  }
}

/** Adds one image's x^T dy to four rows (input channels) by eight columns of the filter gradient. */
// @ts-ignore: decorator

function filterBlock4x8(
  x: usize,
  dy: usize,
  acc: usize,
  pw: i32,
  pixelBytes: usize,
  outBytes: usize,
  oh: i32,
  ow: i32,
  sh: i32,
  sw: i32,
): void {
  let a0 = v128.load(acc), b0 = v128.load(acc, 16);
  let a1 = v128.load(acc + outBytes), b1 = v128.load(acc + outBytes, 16);
  let a2 = v128.load(acc + 2 * outBytes), b2 = v128.load(acc + 2 * outBytes, 16);
  let a3 = v128.load(acc + 3 * outBytes), b3 = v128.load(acc + 3 * outBytes, 16);
  const step = <usize> sw * pixelBytes;
  for (let y = 0; y < oh; y++) {
    let src = x + <usize> (y * sh * pw) * pixelBytes;
    let g = dy + <usize> (y * ow) * outBytes;
    for (let q = 0; q < ow; q++, src += step, g += outBytes) {
      const d0 = v128.load(g), d1 = v128.load(g, 16);
      const x0 = v128.load32_splat(src), x1 = v128.load32_splat(src, 4);
      const x2 = v128.load32_splat(src, 8), x3 = v128.load32_splat(src, 12);
      a0 = f32x4.add(a0, f32x4.mul(x0, d0));
      b0 = f32x4.add(b0, f32x4.mul(x0, d1));
      a1 = f32x4.add(a1, f32x4.mul(x1, d0));
      b1 = f32x4.add(b1, f32x4.mul(x1, d1));
      a2 = f32x4.add(a2, f32x4.mul(x2, d0));
      b2 = f32x4.add(b2, f32x4.mul(x2, d1));
      a3 = f32x4.add(a3, f32x4.mul(x3, d0));
      b3 = f32x4.add(b3, f32x4.mul(x3, d1));
    }
  }
  v128.store(acc, a0);
  v128.store(acc, b0, 16);
  v128.store(acc + outBytes, a1);
  v128.store(acc + outBytes, b1, 16);
  v128.store(acc + 2 * outBytes, a2);
  v128.store(acc + 2 * outBytes, b2, 16);
  v128.store(acc + 3 * outBytes, a3);
  v128.store(acc + 3 * outBytes, b3, 16);
}

/** {@link filterBlock4x8} for the last four columns. */
// @ts-ignore: decorator

function filterBlock4x4(
  x: usize,
  dy: usize,
  acc: usize,
  pw: i32,
  pixelBytes: usize,
  outBytes: usize,
  oh: i32,
  ow: i32,
  sh: i32,
  sw: i32,
): void {
  let a0 = v128.load(acc), a1 = v128.load(acc + outBytes);
  let a2 = v128.load(acc + 2 * outBytes), a3 = v128.load(acc + 3 * outBytes);
  const step = <usize> sw * pixelBytes;
  for (let y = 0; y < oh; y++) {
    let src = x + <usize> (y * sh * pw) * pixelBytes;
    let g = dy + <usize> (y * ow) * outBytes;
    for (let q = 0; q < ow; q++, src += step, g += outBytes) {
      const d0 = v128.load(g);
      a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(src), d0));
      a1 = f32x4.add(a1, f32x4.mul(v128.load32_splat(src, 4), d0));
      a2 = f32x4.add(a2, f32x4.mul(v128.load32_splat(src, 8), d0));
      a3 = f32x4.add(a3, f32x4.mul(v128.load32_splat(src, 12), d0));
    }
  }
  v128.store(acc, a0);
  v128.store(acc + outBytes, a1);
  v128.store(acc + 2 * outBytes, a2);
  v128.store(acc + 3 * outBytes, a3);
}

/** {@link filterBlock4x8} for one input channel by four columns. */
// @ts-ignore: decorator

function filterBlock1x4(
  x: usize,
  dy: usize,
  acc: usize,
  pw: i32,
  pixelBytes: usize,
  outBytes: usize,
  oh: i32,
  ow: i32,
  sh: i32,
  sw: i32,
): void {
  let a0 = v128.load(acc);
  const step = <usize> sw * pixelBytes;
  for (let y = 0; y < oh; y++) {
    let src = x + <usize> (y * sh * pw) * pixelBytes;
    let g = dy + <usize> (y * ow) * outBytes;
    for (let q = 0; q < ow; q++, src += step, g += outBytes) {
      a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(src), v128.load(g)));
    }
  }
  v128.store(acc, a0);
}

// Batch normalisation in training (lib/train/batch_norm_training.ts) on rows of `channels`
// values, in float64 exactly as the JavaScript passes compute it: per channel, sums over the
// rows in ascending order, and every expression in the same order of operations.

/**
 * mean[c] = (the sum over rows of x[r, c]) / rows, then squares[c] = the sum over rows of
 * (x[r, c] - mean[c])^2, each sum from +0 in float64, rows ascending.
 *
 * Preconditions: x holds rows * channels f32; mean and squares hold channels f64 each.
 */
export function batchNormStatistics(
  x: usize,
  rows: i32,
  channels: i32,
  mean: usize,
  squares: usize,
): void {
  const rowBytes = <usize> channels << 2, pairs = <usize> (channels & ~1) << 2;
  memory.fill(mean, 0, <usize> channels << 3);
  memory.fill(squares, 0, <usize> channels << 3);
  for (let r = 0, row = x; r < rows; r++, row += rowBytes) {
    let at: usize = 0;
    for (; at < pairs; at += 8) {
      const sum = mean + (at << 1);
      v128.store(sum, f64x2.add(v128.load(sum), pair(row + at)));
    }
    for (; at < rowBytes; at += 4) {
      const sum = mean + (at << 1);
      store<f64>(sum, load<f64>(sum) + <f64> load<f32>(row + at));
    }
  }
  const count = <f64> rows;
  for (let c = 0; c < channels; c++) {
    const at = mean + (<usize> c << 3);
    store<f64>(at, load<f64>(at) / count);
  }
  for (let r = 0, row = x; r < rows; r++, row += rowBytes) {
    let at: usize = 0;
    for (; at < pairs; at += 8) {
      const deviation = f64x2.sub(pair(row + at), v128.load(mean + (at << 1)));
      const sum = squares + (at << 1);
      v128.store(sum, f64x2.add(v128.load(sum), f64x2.mul(deviation, deviation)));
    }
    for (; at < rowBytes; at += 4) {
      const deviation = <f64> load<f32>(row + at) - load<f64>(mean + (at << 1));
      const sum = squares + (at << 1);
      store<f64>(sum, load<f64>(sum) + deviation * deviation);
    }
  }
}

/**
 * out[r, c] = f32((x[r, c] - mean[c]) * gains[c] + beta[c]), in float64 then rounded.
 *
 * Preconditions: x and out hold rows * channels f32 (out may be x); mean, gains and beta hold
 * channels f64 each.
 */
export function batchNormApply(
  x: usize,
  out: usize,
  rows: i32,
  channels: i32,
  mean: usize,
  gains: usize,
  beta: usize,
): void {
  const rowBytes = <usize> channels << 2, pairs = <usize> (channels & ~1) << 2;
  for (let r = 0, offset: usize = 0; r < rows; r++, offset += rowBytes) {
    let at: usize = 0;
    for (; at < pairs; at += 8) {
      const wide = at << 1;
      const centred = f64x2.sub(pair(x + offset + at), v128.load(mean + wide));
      const value = f64x2.add(f64x2.mul(centred, v128.load(gains + wide)), v128.load(beta + wide));
      v128.store64_lane(out + offset + at, f32x4.demote_f64x2_zero(value), 0);
    }
    for (; at < rowBytes; at += 4) {
      const wide = at << 1;
      const centred = <f64> load<f32>(x + offset + at) - load<f64>(mean + wide);
      store<f32>(
        out + offset + at,
        <f32> (centred * load<f64>(gains + wide) + load<f64>(beta + wide)),
      );
    }
  }
}

/**
 * sumDy[c] = the sum over rows of dy[r, c], sumDyXhat[c] = the sum of
 * (dy[r, c] * (x[r, c] - mean[c])) * inverseStd[c], each from +0 in float64, rows ascending.
 *
 * Preconditions: dy and x hold rows * channels f32; mean, inverseStd, sumDy and sumDyXhat
 * hold channels f64 each.
 */
export function batchNormGradientSums(
  dy: usize,
  x: usize,
  rows: i32,
  channels: i32,
  mean: usize,
  inverseStd: usize,
  sumDy: usize,
  sumDyXhat: usize,
): void {
  const rowBytes = <usize> channels << 2, pairs = <usize> (channels & ~1) << 2;
  memory.fill(sumDy, 0, <usize> channels << 3);
  memory.fill(sumDyXhat, 0, <usize> channels << 3);
  for (let r = 0, offset: usize = 0; r < rows; r++, offset += rowBytes) {
    let at: usize = 0;
    for (; at < pairs; at += 8) {
      const wide = at << 1;
      const g = pair(dy + offset + at);
      const centred = f64x2.sub(pair(x + offset + at), v128.load(mean + wide));
      const term = f64x2.mul(f64x2.mul(g, centred), v128.load(inverseStd + wide));
      v128.store(sumDy + wide, f64x2.add(v128.load(sumDy + wide), g));
      v128.store(sumDyXhat + wide, f64x2.add(v128.load(sumDyXhat + wide), term));
    }
    for (; at < rowBytes; at += 4) {
      const wide = at << 1;
      const g = <f64> load<f32>(dy + offset + at);
      const centred = <f64> load<f32>(x + offset + at) - load<f64>(mean + wide);
      store<f64>(sumDy + wide, load<f64>(sumDy + wide) + g);
      store<f64>(
        sumDyXhat + wide,
        load<f64>(sumDyXhat + wide) + g * centred * load<f64>(inverseStd + wide),
      );
    }
  }
}

/**
 * dx[r, c] = f32(gains[c] * ((dy[r, c] - meanDy[c]) - xhat * meanDyXhat[c])) with
 * xhat = (x[r, c] - mean[c]) * inverseStd[c], in float64 then rounded.
 *
 * Preconditions: dy, x and dx hold rows * channels f32 (dx may be dy); the five factors hold
 * channels f64 each.
 */
export function batchNormInputGradient(
  dy: usize,
  x: usize,
  dx: usize,
  rows: i32,
  channels: i32,
  mean: usize,
  inverseStd: usize,
  gains: usize,
  meanDy: usize,
  meanDyXhat: usize,
): void {
  const rowBytes = <usize> channels << 2, pairs = <usize> (channels & ~1) << 2;
  for (let r = 0, offset: usize = 0; r < rows; r++, offset += rowBytes) {
    let at: usize = 0;
    for (; at < pairs; at += 8) {
      const wide = at << 1;
      const centred = f64x2.sub(pair(x + offset + at), v128.load(mean + wide));
      const xhat = f64x2.mul(centred, v128.load(inverseStd + wide));
      const shifted = f64x2.sub(pair(dy + offset + at), v128.load(meanDy + wide));
      const inner = f64x2.sub(shifted, f64x2.mul(xhat, v128.load(meanDyXhat + wide)));
      const value = f64x2.mul(v128.load(gains + wide), inner);
      v128.store64_lane(dx + offset + at, f32x4.demote_f64x2_zero(value), 0);
    }
    for (; at < rowBytes; at += 4) {
      const wide = at << 1;
      const xhat = (<f64> load<f32>(x + offset + at) - load<f64>(mean + wide)) *
        load<f64>(inverseStd + wide);
      const inner = <f64> load<f32>(dy + offset + at) - load<f64>(meanDy + wide) -
        xhat * load<f64>(meanDyXhat + wide);
      store<f32>(dx + offset + at, <f32> (load<f64>(gains + wide) * inner));
    }
  }
}

/** Two f32 at p widened to an f64x2. */
// @ts-ignore: decorator

function pair(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}
