// Register-blocked direct-convolution micro-kernels, channels-last: four output pixels by 8 or 4
// output channels. A convolution is a GEMM whose depth walks the kernel's taps (kh, kw) and
// input channels; every pixel's window starts at its own base pointer, and a tap moves all four
// windows by the same offset, so no im2col copy (kh * kw copies of the input per point) is needed.
//
// Pointers and strides are bytes. Why 4x8, not gemm's 4x12: with four window pointers, four
// output pointers and the tap loop live, 4x12 spilled and ran at half the speed (measured on the
// cnn preset's second conv); 8 accumulators + 2 weights + 1 broadcast leave room. The relaxed build
// fuses multiply-adds into FMA (see gemm_blocks.ts for why the two builds differ in the last bits).

import { Lanes } from "./lanes";

/** ReLU as pmax(x, 0) (one maxps; NaN kept) or the identity. */
function act(x: v128, relu: bool): v128 {
  return relu ? f32x4.pmax(x, f32x4.splat(0)) : x;
}

// The convolution's geometry in bytes, set once per call by setConvGeometry (module globals
// rather than a class: the kernel never allocates, so it has no object to hold them).
let tapsH: i32 = 0;
let tapsW: i32 = 0;
let rowBytes: usize = 0;
let pixelBytes: usize = 0;
let cinBytes: usize = 0;
let wStrideBytes: usize = 0;

/**
 * Sets the geometry the blocks read: kh x kw taps, the input's row and pixel steps, the input
 * channels each tap reads, and the weights' row step (all steps in bytes).
 */
export function setConvGeometry(
  kh: i32,
  kw: i32,
  inRowBytes: usize,
  inPixelBytes: usize,
  inChannelBytes: usize,
  weightRowBytes: usize,
): void {
  tapsH = kh;
  tapsW = kw;
  rowBytes = inRowBytes;
  pixelBytes = inPixelBytes;
  cinBytes = inChannelBytes;
  wStrideBytes = weightRowBytes;
}

/**
 * 4 pixels x 8 channels: out_p[0..8) = act(bias + sum over taps and input channels of
 * in_p[tap, c] * w[tap, c, 0..8)). Preconditions: every window lies inside the input; 8 floats
 * readable at w (per weight row) and bias, writable at each out_p.
 */
export function convBlock4x8(
  in0: usize,
  in1: usize,
  in2: usize,
  in3: usize,
  w: usize,
  bias: usize,
  out0: usize,
  out1: usize,
  out2: usize,
  out3: usize,
  relu: bool,
): void {
  let c00 = v128.load(bias), c01 = v128.load(bias, 16);
  let c10 = c00, c11 = c01;
  let c20 = c00, c21 = c01;
  let c30 = c00, c31 = c01;
  let wp = w;
  const wStride = wStrideBytes;
  for (let i = 0; i < tapsH; i++) {
    for (let j = 0; j < tapsW; j++) {
      const offset = <usize> i * rowBytes + <usize> j * pixelBytes;
      let p0 = in0 + offset, p1 = in1 + offset, p2 = in2 + offset, p3 = in3 + offset;
      const pairsEnd = p0 + (cinBytes & ~(<usize> 7));
      let w0: v128, w1: v128, x: v128;
      while (p0 < pairsEnd) {
        w0 = v128.load(wp);
        w1 = v128.load(wp, 16);
        x = v128.load32_splat(p0, 0);
        c00 = Lanes.madd(c00, x, w0);
        c01 = Lanes.madd(c01, x, w1);
        x = v128.load32_splat(p1, 0);
        c10 = Lanes.madd(c10, x, w0);
        c11 = Lanes.madd(c11, x, w1);
        x = v128.load32_splat(p2, 0);
        c20 = Lanes.madd(c20, x, w0);
        c21 = Lanes.madd(c21, x, w1);
        x = v128.load32_splat(p3, 0);
        c30 = Lanes.madd(c30, x, w0);
        c31 = Lanes.madd(c31, x, w1);
        w0 = v128.load(wp + wStride);
        w1 = v128.load(wp + wStride, 16);
        x = v128.load32_splat(p0, 4);
        c00 = Lanes.madd(c00, x, w0);
        c01 = Lanes.madd(c01, x, w1);
        x = v128.load32_splat(p1, 4);
        c10 = Lanes.madd(c10, x, w0);
        c11 = Lanes.madd(c11, x, w1);
        x = v128.load32_splat(p2, 4);
        c20 = Lanes.madd(c20, x, w0);
        c21 = Lanes.madd(c21, x, w1);
        x = v128.load32_splat(p3, 4);
        c30 = Lanes.madd(c30, x, w0);
        c31 = Lanes.madd(c31, x, w1);
        wp += wStride << 1;
        p0 += 8;
        p1 += 8;
        p2 += 8;
        p3 += 8;
      }
      if (cinBytes & 4) {
        w0 = v128.load(wp);
        w1 = v128.load(wp, 16);
        x = v128.load32_splat(p0, 0);
        c00 = Lanes.madd(c00, x, w0);
        c01 = Lanes.madd(c01, x, w1);
        x = v128.load32_splat(p1, 0);
        c10 = Lanes.madd(c10, x, w0);
        c11 = Lanes.madd(c11, x, w1);
        x = v128.load32_splat(p2, 0);
        c20 = Lanes.madd(c20, x, w0);
        c21 = Lanes.madd(c21, x, w1);
        x = v128.load32_splat(p3, 0);
        c30 = Lanes.madd(c30, x, w0);
        c31 = Lanes.madd(c31, x, w1);
        wp += wStride;
      }
    }
  }
  v128.store(out0, act(c00, relu));
  v128.store(out0, act(c01, relu), 16);
  v128.store(out1, act(c10, relu));
  v128.store(out1, act(c11, relu), 16);
  v128.store(out2, act(c20, relu));
  v128.store(out2, act(c21, relu), 16);
  v128.store(out3, act(c30, relu));
  v128.store(out3, act(c31, relu), 16);
}

/** 4 pixels x 4 channels, for a remainder of 4 columns. */
export function convBlock4x4(
  in0: usize,
  in1: usize,
  in2: usize,
  in3: usize,
  w: usize,
  bias: usize,
  out0: usize,
  out1: usize,
  out2: usize,
  out3: usize,
  relu: bool,
): void {
  const b = v128.load(bias);
  let c0 = b, c1 = b, c2 = b, c3 = b;
  let wp = w;
  const wStride = wStrideBytes;
  for (let i = 0; i < tapsH; i++) {
    for (let j = 0; j < tapsW; j++) {
      const offset = <usize> i * rowBytes + <usize> j * pixelBytes;
      let p0 = in0 + offset, p1 = in1 + offset, p2 = in2 + offset, p3 = in3 + offset;
      const end = p0 + cinBytes;
      while (p0 < end) {
        const w0 = v128.load(wp);
        c0 = Lanes.madd(c0, v128.load32_splat(p0), w0);
        c1 = Lanes.madd(c1, v128.load32_splat(p1), w0);
        c2 = Lanes.madd(c2, v128.load32_splat(p2), w0);
        c3 = Lanes.madd(c3, v128.load32_splat(p3), w0);
        wp += wStride;
        p0 += 4;
        p1 += 4;
        p2 += 4;
        p3 += 4;
      }
    }
  }
  v128.store(out0, act(c0, relu));
  v128.store(out1, act(c1, relu));
  v128.store(out2, act(c2, relu));
  v128.store(out3, act(c3, relu));
}
