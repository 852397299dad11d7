// Float64 definitions of the kernels lib/train/gradients/ differentiates, on plain arrays (no
// TF.js): the independent side of the gradient tests, whose central differences in double
// precision are good to about 1e-9.

/** A float64 n-dimensional array, C order. */
export interface Nd {
  shape: number[];
  data: Float64Array;
}

export const nd = (shape: number[], values: ArrayLike<number>): Nd => ({
  shape,
  data: Float64Array.from(values),
});
const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const stridesOf = (shape: readonly number[]) => shape.map((_, i) => sizeOf(shape.slice(i + 1)));
/** The multi-index of flat position `flat` in `shape`. */
const unravel = (flat: number, shape: readonly number[]) =>
  stridesOf(shape).map((stride, i) => Math.floor(flat / stride) % shape[i]);
const ravel = (index: readonly number[], shape: readonly number[]) =>
  stridesOf(shape).reduce((at, stride, i) => at + index[i] * stride, 0);

/** Builds an array of `shape` from a function of the multi-index. */
export function build(shape: number[], at: (index: number[]) => number): Nd {
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = at(unravel(i, shape));
  return { shape, data };
}
/** The element of `a` at a multi-index. */
export const get = (a: Nd, index: readonly number[]) => a.data[ravel(index, a.shape)];

export const map = (a: Nd, f: (v: number) => number): Nd => ({
  shape: a.shape,
  data: a.data.map(f),
});

/** An element-wise binary function with NumPy broadcasting. */
export function zip(a: Nd, b: Nd, f: (x: number, y: number) => number): Nd {
  const rank = Math.max(a.shape.length, b.shape.length);
  const pad = (s: number[]) => [...Array(rank - s.length).fill(1), ...s];
  const [sa, sb] = [pad(a.shape), pad(b.shape)];
  const shape = sa.map((n, i) => Math.max(n, sb[i]));
  const pick = (s: number[], index: number[]) => index.map((v, i) => (s[i] === 1 ? 0 : v));
  return build(
    shape,
    (index) => f(a.data[ravel(pick(sa, index), sa)], b.data[ravel(pick(sb, index), sb)]),
  );
}

/** Reduces over `axes` (kept as size 1 when `keep`). */
export function reduce(a: Nd, axes: number[], f: (values: number[]) => number, keep = false): Nd {
  const kept = a.shape.map((n, i) => (axes.includes(i) ? 1 : n));
  const groups: number[][] = Array.from({ length: sizeOf(kept) }, () => []);
  for (let i = 0; i < a.data.length; i++) {
    const index = unravel(i, a.shape).map((v, axis) => (axes.includes(axis) ? 0 : v));
    groups[ravel(index, kept)].push(a.data[i]);
  }
  const shape = keep ? kept : a.shape.filter((_, i) => !axes.includes(i));
  return { shape, data: Float64Array.from(groups, f) };
}
export const total = (v: number[]) => v.reduce((s, x) => s + x, 0);

export function transpose(a: Nd, perm: number[]): Nd {
  return build(perm.map((p) => a.shape[p]), (index) => {
    const source: number[] = [];
    perm.forEach((p, i) => (source[p] = index[i]));
    return get(a, source);
  });
}

export function softmax(a: Nd): Nd {
  const last = a.shape.length - 1;
  const max = reduce(a, [last], (v) => Math.max(...v), true);
  const e = zip(a, max, (x, m) => Math.exp(x - m));
  return zip(e, reduce(e, [last], total, true), (x, s) => x / s);
}

/** Matrix products over the last two axes, batch axes broadcast. */
export function batchMatMul(a: Nd, b: Nd): Nd {
  const [m, k] = a.shape.slice(-2), n = b.shape[b.shape.length - 1];
  const batchA = a.shape.slice(0, -2), batchB = b.shape.slice(0, -2);
  const rank = Math.max(batchA.length, batchB.length);
  const pad = (s: number[]) => [...Array(rank - s.length).fill(1), ...s];
  const [pa, pb] = [pad(batchA), pad(batchB)];
  const batch = pa.map((v, i) => Math.max(v, pb[i]));
  return build([...batch, m, n], (index) => {
    const lead = index.slice(0, rank), [i, j] = index.slice(rank);
    const ia = lead.map((v, d) => (pa[d] === 1 ? 0 : v)).slice(rank - batchA.length);
    const ib = lead.map((v, d) => (pb[d] === 1 ? 0 : v)).slice(rank - batchB.length);
    let sum = 0;
    for (let t = 0; t < k; t++) sum += get(a, [...ia, i, t]) * get(b, [...ib, t, j]);
    return sum;
  });
}

/** Average pooling, NHWC; "same" windows average only the cells inside the input (as TF). */
export function avgPool(x: Nd, [kh, kw]: number[], [sh, sw]: number[], mode: string): Nd {
  const [n, h, w, c] = x.shape;
  const out = (size: number, k: number, s: number) =>
    mode === "same" ? Math.ceil(size / s) : Math.floor((size - k) / s) + 1;
  const [oh, ow] = [out(h, kh, sh), out(w, kw, sw)];
  const before = (size: number, o: number, k: number, s: number) =>
    mode === "same" ? Math.floor(Math.max((o - 1) * s + k - size, 0) / 2) : 0;
  const [top, left] = [before(h, oh, kh, sh), before(w, ow, kw, sw)];
  return build([n, oh, ow, c], ([b, y, xx, ch]) => {
    const cells: number[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const r = y * sh + i - top, q = xx * sw + j - left;
        if (r >= 0 && r < h && q >= 0 && q < w) cells.push(get(x, [b, r, q, ch]));
      }
    }
    return total(cells) / cells.length;
  });
}

/** erf by its Maclaurin series (enough terms for |x| < 3 in double precision). */
export function erf(x: number): number {
  let term = x, sum = x;
  for (let n = 1; n < 80; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
