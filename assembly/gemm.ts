// Dense layer on a block of rows: out = act(in @ w + bias), row-major, f32.
//
// Tiling: columns in panels of 12 (then 4), rows in threes (then single rows, in panels of 8
// columns, then 4). The weight panel
// (depth x 12 floats) stays in L1/L2 while every row block of the call streams past it, which
// is why the host calls this on sample blocks of a few dozen to a few hundred rows.

import { block1x4, block1x8, block3x12, block3x4 } from "./gemm_blocks";

/**
 * out[r, j] = act(bias[j] + sum_k in[r, k] * w[k, j]) for r < rows, j < width.
 *
 * Preconditions (the host checks them; nothing is checked here):
 * - width % 4 == 0 (the host pads columns with zero weights and zero bias);
 * - rows >= 0, depth >= 0; all pointers 4-byte aligned (16 is faster);
 * - strides are in f32 elements: inStride >= depth, wStride >= width, outStride >= width;
 * - out does not overlap in, w or bias.
 * relu != 0 applies max(x, 0) with NaN kept; relu == 0 is the identity.
 */
export function gemmBias(
  inPtr: usize,
  inStride: i32,
  rows: i32,
  depth: i32,
  wPtr: usize,
  wStride: i32,
  biasPtr: usize,
  outPtr: usize,
  outStride: i32,
  width: i32,
  relu: i32,
): void {
  const inStep = <usize> inStride << 2;
  const wStep = <usize> wStride << 2;
  const outStep = <usize> outStride << 2;
  const useRelu = relu != 0;
  const wide = width - width % 12;
  const fullRows = rows - rows % 3;
  // Column panels outer, rows inner: one panel of w (depth x 12 floats) stays in L1/L2 while
  // every row of the call streams past it; rows outer re-read all of w from L3 for every three
  // rows (the 784x384 precompute ran at ~half speed that way, measured).
  let j = 0;
  for (; j < wide; j += 12) {
    const jb = <usize> j << 2;
    for (let r = 0; r < fullRows; r += 3) {
      const a = inPtr + <usize> r * inStep;
      const o = outPtr + <usize> r * outStep + jb;
      block3x12(a, inStep, depth, wPtr + jb, wStep, biasPtr + jb, o, outStep, useRelu);
    }
  }
  for (; j < width; j += 4) {
    const jb = <usize> j << 2;
    for (let r = 0; r < fullRows; r += 3) {
      const a = inPtr + <usize> r * inStep;
      const o = outPtr + <usize> r * outStep + jb;
      block3x4(a, inStep, depth, wPtr + jb, wStep, biasPtr + jb, o, outStep, useRelu);
    }
  }
  const eights = width & ~7;
  for (let r = fullRows; r < rows; r++) {
    const a = inPtr + <usize> r * inStep;
    const o = outPtr + <usize> r * outStep;
    for (let j = 0; j < eights; j += 8) {
      const jb = <usize> j << 2;
      block1x8(a, depth, wPtr + jb, wStep, biasPtr + jb, o + jb, useRelu);
    }
    if (eights < width) {
      const jb = <usize> eights << 2;
      block1x4(a, depth, wPtr + jb, wStep, biasPtr + jb, o + jb, useRelu);
    }
  }
}
