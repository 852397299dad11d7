// Softmax cross-entropy and top-1 hits over a block of logit rows.
//
// Numerically stable form: loss = log(sum_c exp(l_c - m)) + m - l_y with m = max_c l_c, so exp
// never overflows and the largest term is exactly 1 (log-sum-exp). Per-row losses are f32; the
// block sum is accumulated in f64 so that summing up to millions of rows adds less error than
// one f32 rounding (a compensated or pairwise sum is unnecessary at that precision).
//
// NaN: a NaN or infinite logit makes the row's loss NaN (inf - inf, or exp(NaN)), and NaN then
// propagates through the f64 sum; the host reports any non-finite sum as NaN.
//
// SIMD along each row (the logits of one sample are contiguous), with softmaxExp4 from ./exp
// (x - max <= 0): the scalar Mathf.exp version cost a third of a grid point on 784-128-10.

import { FastExp } from "./exp";

/**
 * Keeps `found` if a maximum was already found, else takes the first set lane of `bits`
 * (offset by `base`), else -1. Branch-free (wasm select): where the maximum sits is random, and
 * a mispredicted branch per row cost more than the rest of the row (measured).
 */
function firstHit(found: i32, base: i32, bits: i32): i32 {
  return select<i32>(found, select<i32>(base + ctz(bits), -1, bits != 0), found >= 0);
}

/**
 * Adds this block's loss sum to result[0] (f64) and its count of rows whose argmax equals the
 * label to result[1] (f64). Ties go to the lowest class index, as in tf.argMax.
 *
 * Preconditions: 1 <= classes <= stride (stride in f32 elements, the padded row width; padded
 * columns are ignored); rows >= 0; labels are i32 in [0, classes) (the host validates them);
 * resultPtr is 8-byte aligned and holds two f64.
 */
export function softmaxCrossEntropy(
  logitsPtr: usize,
  stride: i32,
  rows: i32,
  classes: i32,
  labelsPtr: usize,
  resultPtr: usize,
): void {
  const rowStep = <usize> stride << 2;
  const fullBytes = <usize> (classes & ~3) << 2; // vectors whose four lanes are all classes
  const tailLanes = classes & 3;
  // Lanes of the last, partial vector that hold classes; the rest are padding and ignored.
  const tailMask = i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(tailLanes));
  const tailBits = (1 << tailLanes) - 1;
  const negInf = f32x4.splat(-Infinity);
  let lossSum: f64 = 0;
  let hits: i32 = 0;
  for (let r = 0; r < rows; r++) {
    const row = logitsPtr + <usize> r * rowStep;
    let vmax = negInf;
    for (let c: usize = 0; c < fullBytes; c += 16) vmax = f32x4.pmax(v128.load(row + c), vmax);
    if (tailLanes) {
      vmax = f32x4.pmax(v128.bitselect(v128.load(row + fullBytes), negInf, tailMask), vmax);
    }
    vmax = f32x4.pmax(vmax, v128.shuffle<f32>(vmax, vmax, 2, 3, 0, 1));
    vmax = f32x4.pmax(vmax, v128.shuffle<f32>(vmax, vmax, 1, 0, 3, 2));
    // NaN may have been skipped by pmax above; it still reaches the sum through exp4(NaN).
    let vsum = f32x4.splat(0);
    let argmax: i32 = -1;
    for (let c: usize = 0; c < fullBytes; c += 16) {
      const logits = v128.load(row + c);
      vsum = f32x4.add(vsum, FastExp.softmaxExp4(f32x4.sub(logits, vmax)));
      const bits = i32x4.bitmask(f32x4.eq(logits, vmax));
      argmax = firstHit(argmax, <i32> (c >> 2), bits);
    }
    if (tailLanes) {
      const logits = v128.load(row + fullBytes);
      vsum = f32x4.add(vsum, v128.and(FastExp.softmaxExp4(f32x4.sub(logits, vmax)), tailMask));
      const bits = i32x4.bitmask(f32x4.eq(logits, vmax)) & tailBits;
      argmax = firstHit(argmax, <i32> (fullBytes >> 2), bits);
    }
    vsum = f32x4.add(vsum, v128.shuffle<f32>(vsum, vsum, 2, 3, 0, 1));
    vsum = f32x4.add(vsum, v128.shuffle<f32>(vsum, vsum, 1, 0, 3, 2));
    const maxLogit = f32x4.extract_lane(vmax, 0);
    const label = load<i32>(labelsPtr + (<usize> r << 2));
    const labelLogit = load<f32>(row + (<usize> label << 2));
    lossSum += <f64> Mathf.log(f32x4.extract_lane(vsum, 0)) + (<f64> maxLogit - <f64> labelLogit);
    if (argmax == label) hits++;
  }
  store<f64>(resultPtr, load<f64>(resultPtr) + lossSum);
  store<f64>(resultPtr, load<f64>(resultPtr, 8) + <f64> hits, 8);
}
