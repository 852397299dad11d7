// Products of a mostly-zero left factor with a dense matrix, for training's first layer (MNIST
// digits are about 80% zero pixels): a dense layer's X W and X^T dZ, and a convolution's filter
// gradient P^T dy from its im2col patches, read only the nonzero entries. Every sum runs in one fixed order, a product then a sum
// (never fused), so the plain and relaxed builds give the same bits on any machine.

/**
 * Lists the nonzero entries of each row of x [rows, features]: row r's column indices go to idx
 * and its values to val, both from element r * features, in ascending column order, and
 * counts[r] is how many. Returns the total. NaN counts as nonzero.
 *
 * Preconditions: idx, val hold rows * features i32 / f32; counts holds rows i32.
 */
export function sparseRows(
  x: usize,
  rows: i32,
  features: i32,
  idx: usize,
  val: usize,
  counts: usize,
): i32 {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const base = <usize> r * <usize> features;
    const src = x + (base << 2);
    const ri = idx + (base << 2), rv = val + (base << 2);
    let n = 0;
    for (let k = 0; k < features; k++) {
      const v = load<f32>(src + (<usize> k << 2));
      if (v != 0) {
        store<i32>(ri + (<usize> n << 2), k);
        store<f32>(rv + (<usize> n << 2), v);
        n++;
      }
    }
    store<i32>(counts + (<usize> r << 2), n);
    total += n;
  }
  return total;
}

/**
 * out[r, u] = the sum over row r's listed entries (k, v), in listed order, of v * w[k, u],
 * starting from +0, for r < rows, u < units: X W with X's zeros skipped.
 *
 * Preconditions: idx, val, counts as sparseRows wrote them (row stride `features`); w is
 * [features, units] and out [rows, units], both of row stride `units`; out overlaps nothing.
 */
export function sparseTimesDense(
  idx: usize,
  val: usize,
  counts: usize,
  rows: i32,
  features: i32,
  w: usize,
  units: i32,
  out: usize,
): void {
  const rowBytes = <usize> units << 2;
  const blocks = <usize> (units & ~15) << 2;
  const vectors = <usize> (units & ~3) << 2;
  for (let r = 0; r < rows; r++) {
    const n = load<i32>(counts + (<usize> r << 2));
    const base = (<usize> r * <usize> features) << 2;
    const ri = idx + base, rv = val + base;
    const dst = out + <usize> r * rowBytes;
    let u: usize = 0;
    for (; u < blocks; u += 64) {
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      const column = w + u;
      for (let j = 0; j < n; j++) {
        const at = <usize> j << 2;
        const v = f32x4.splat(load<f32>(rv + at));
        const src = column + <usize> load<i32>(ri + at) * rowBytes;
        a0 = f32x4.add(a0, f32x4.mul(v, v128.load(src)));
        a1 = f32x4.add(a1, f32x4.mul(v, v128.load(src, 16)));
        a2 = f32x4.add(a2, f32x4.mul(v, v128.load(src, 32)));
        a3 = f32x4.add(a3, f32x4.mul(v, v128.load(src, 48)));
      }
      v128.store(dst + u, a0);
      v128.store(dst + u, a1, 16);
      v128.store(dst + u, a2, 32);
      v128.store(dst + u, a3, 48);
    }
    for (; u < vectors; u += 16) {
      let a = f32x4.splat(0);
      for (let j = 0; j < n; j++) {
        const at = <usize> j << 2;
        const v = f32x4.splat(load<f32>(rv + at));
        a = f32x4.add(a, f32x4.mul(v, v128.load(w + u + <usize> load<i32>(ri + at) * rowBytes)));
      }
      v128.store(dst + u, a);
    }
    for (; u < rowBytes; u += 4) {
      let a: f32 = 0;
      for (let j = 0; j < n; j++) {
        const at = <usize> j << 2;
        a += load<f32>(rv + at) * load<f32>(w + u + <usize> load<i32>(ri + at) * rowBytes);
      }
      store<f32>(dst + u, a);
    }
  }
}

/**
 * out[k, u] = the sum over rows r < rows, ascending, of row r's listed value v at column k
 * times dz[r, u], starting from +0 (columns never listed stay +0): X^T dZ with X's zeros skipped.
 *
 * Preconditions: idx, val, counts as sparseRows wrote them (row stride `features`); dz is
 * [rows, units] and out [features, units], both of row stride `units`; out overlaps nothing.
 */
export function sparseTransposeTimesDense(
  idx: usize,
  val: usize,
  counts: usize,
  rows: i32,
  features: i32,
  dz: usize,
  units: i32,
  out: usize,
): void {
  const rowBytes = <usize> units << 2;
  const vectors = <usize> (units & ~3) << 2;
  memory.fill(out, 0, <usize> features * rowBytes);
  for (let r = 0; r < rows; r++) {
    const n = load<i32>(counts + (<usize> r << 2));
    const base = (<usize> r * <usize> features) << 2;
    const ri = idx + base, rv = val + base;
    const src = dz + <usize> r * rowBytes;
    for (let j = 0; j < n; j++) {
      const at = <usize> j << 2;
      const value = load<f32>(rv + at);
      const v = f32x4.splat(value);
      const dst = out + <usize> load<i32>(ri + at) * rowBytes;
      let u: usize = 0;
      for (; u < vectors; u += 16) {
        v128.store(dst + u, f32x4.add(v128.load(dst + u), f32x4.mul(v, v128.load(src + u))));
      }
      for (; u < rowBytes; u += 4) {
        store<f32>(dst + u, load<f32>(dst + u) + value * load<f32>(src + u));
      }
    }
  }
}
