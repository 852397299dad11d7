// The per-point arithmetic of a plane: w + a*d1 + b*d2, on weights and on first-layer products.
//
// First layer (DESIGN.md, "the engine's main idea"): X(W + aD1 + bD2) + (c + a e1 + b e2) equals
// (XW + c) + a (XD1 + e1) + b (XD2 + e2), so the host precomputes the three biased products once
// and each grid point costs one multiply-add pass instead of a depth-784 GEMM.
// Zero coefficients skip their term, so the centre (a = b = 0) reproduces XW + c exactly and a
// 1D line never touches a second product.

/**
 * Returns max(x, floor) with NaN kept: floor 0 is ReLU, floor -inf the identity, so one loop
 * serves both without a branch (pmax is one x86 instruction; f32x4.max is about eight).
 */
function clampBelow(x: v128, floor: v128): v128 {
  return f32x4.pmax(x, floor);
}

/**
 * out[r, j] = act(p0[r, j] + a * p1[r, j] + b * p2[r, j]) for r < rows, j < width, where act
 * is ReLU (NaN kept) when relu != 0 and the identity otherwise (a model without hidden layers).
 *
 * Preconditions: width % 4 == 0; rows >= 0; preStride and outStride in f32 elements, both
 * >= width; p1 and p2 may be any pointers with the same row stride as p0 (for a line, pass
 * b = 0 and p2 = p1); out does not overlap the products.
 */
export function combineFirstLayer(
  p0: usize,
  p1: usize,
  p2: usize,
  preStride: i32,
  rows: i32,
  width: i32,
  a: f32,
  b: f32,
  outPtr: usize,
  outStride: i32,
  relu: i32,
): void {
  const floor = f32x4.splat(relu != 0 ? <f32> 0 : -Infinity);
  const preStep = <usize> preStride << 2;
  const outStep = <usize> outStride << 2;
  const rowBytes = <usize> width << 2;
  const va = f32x4.splat(a);
  const vb = f32x4.splat(b);
  for (let r = 0; r < rows; r++) {
    const rowOffset = <usize> r * preStep;
    const src0 = p0 + rowOffset, src1 = p1 + rowOffset, src2 = p2 + rowOffset;
    const dst = outPtr + <usize> r * outStep;
    if (b != 0) {
      for (let j: usize = 0; j < rowBytes; j += 16) {
        const x = f32x4.add(
          f32x4.add(v128.load(src0 + j), f32x4.mul(va, v128.load(src1 + j))),
          f32x4.mul(vb, v128.load(src2 + j)),
        );
        v128.store(dst + j, clampBelow(x, floor));
      }
    } else if (a != 0) {
      for (let j: usize = 0; j < rowBytes; j += 16) {
        const x = f32x4.add(v128.load(src0 + j), f32x4.mul(va, v128.load(src1 + j)));
        v128.store(dst + j, clampBelow(x, floor));
      }
    } else {
      for (let j: usize = 0; j < rowBytes; j += 16) {
        v128.store(dst + j, clampBelow(v128.load(src0 + j), floor));
      }
    }
  }
}

/**
 * combineFirstLayer followed by a 2x2 stride-2 max pool, for first-layer images: out pixel
 * (oh, ow) of each sample = act(max over input pixels (2 oh + i, 2 ow + j), i, j < 2, of
 * p0 + a p1 + b p2), act as in combineFirstLayer (ReLU and max commute). A NaN anywhere in a
 * window gives NaN (tracked apart: pmax alone would drop it).
 *
 * Preconditions: width % 4 == 0; products of sample s, pixel (h, w) at
 * ((s * inH + h) * inW + w) * preStride floats from p0 (p1, p2 the same rows' other products;
 * for a line pass b = 0 and p2 = p1); outH = floor(inH / 2), outW = floor(inW / 2); out is
 * [samples, outH, outW, width] and overlaps nothing.
 */
export function combineFirstLayerMaxPool(
  p0: usize,
  p1: usize,
  p2: usize,
  preStride: i32,
  samples: i32,
  inH: i32,
  inW: i32,
  width: i32,
  a: f32,
  b: f32,
  outPtr: usize,
  outH: i32,
  outW: i32,
  relu: i32,
): void {
  const floor = f32x4.splat(relu != 0 ? <f32> 0 : -Infinity);
  const va = f32x4.splat(a), vb = f32x4.splat(b);
  const pixel = <usize> preStride << 2, row = <usize> inW * pixel;
  const rowBytes = <usize> width << 2;
  let dst = outPtr;
  for (let s = 0; s < samples; s++) {
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        const corner = <usize> ((s * inH + 2 * oh) * inW + 2 * ow) * pixel;
        for (let j: usize = 0; j < rowBytes; j += 16) {
          const q = corner + j;
          const x0 = combined(p0, p1, p2, q, va, vb), x1 = combined(p0, p1, p2, q + pixel, va, vb);
          const x2 = combined(p0, p1, p2, q + row, va, vb);
          const x3 = combined(p0, p1, p2, q + row + pixel, va, vb);
          const top = f32x4.pmax(f32x4.pmax(x0, x1), f32x4.pmax(x2, x3));
          const nan = v128.or(
            v128.or(f32x4.ne(x0, x0), f32x4.ne(x1, x1)),
            v128.or(f32x4.ne(x2, x2), f32x4.ne(x3, x3)),
          );
          v128.store(dst + j, v128.or(clampBelow(top, floor), nan));
        }
        dst += rowBytes;
      }
    }
  }
}

/** (p0 + a p1) + b p2 at byte offset q, rounded as combineFirstLayer rounds it. */
function combined(p0: usize, p1: usize, p2: usize, q: usize, va: v128, vb: v128): v128 {
  return f32x4.add(
    f32x4.add(v128.load(p0 + q), f32x4.mul(va, v128.load(p1 + q))),
    f32x4.mul(vb, v128.load(p2 + q)),
  );
}

/**
 * out[i] = (w[i] + a * d1[i]) + b * d2[i] in f32, rounding after every operation (the same
 * order a host computes with Math.fround, so both sides see bit-identical weights).
 *
 * Preconditions: length % 4 == 0; length >= 0; out may equal w but must not partially overlap
 * any input. With b == 0 the d2 term is skipped (d2 is then never read).
 */
export function combineWeights(
  outPtr: usize,
  wPtr: usize,
  d1Ptr: usize,
  d2Ptr: usize,
  a: f32,
  b: f32,
  length: i32,
): void {
  const bytes = <usize> length << 2;
  const va = f32x4.splat(a);
  const vb = f32x4.splat(b);
  if (b != 0) {
    for (let i: usize = 0; i < bytes; i += 16) {
      const partial = f32x4.add(v128.load(wPtr + i), f32x4.mul(va, v128.load(d1Ptr + i)));
      v128.store(outPtr + i, f32x4.add(partial, f32x4.mul(vb, v128.load(d2Ptr + i))));
    }
  } else {
    for (let i: usize = 0; i < bytes; i += 16) {
      v128.store(outPtr + i, f32x4.add(v128.load(wPtr + i), f32x4.mul(va, v128.load(d1Ptr + i))));
    }
  }
}
