// One grid point of a one-hidden-layer classifier on a block of samples, fused: three rows at a
// time, the first layer's products are combined (XW + a XD1 + b XD2, DESIGN.md "the engine's
// main idea") and activated into a 3-row buffer that stays in L1, multiplied by the second layer
// in registers (gemm's 3x12 block), and turned into softmax cross-entropy and top-1 hits straight
// from those registers: the hidden layer and the logits never reach L2.
//
// The losses are log(sum_j exp(l_j - m)) + m - l_y per row (log-sum-exp, as ./softmax_ce), with
// the faster softmaxExp4. The margins m - l_y are added in f64; the logs are taken of the f64
// product of up to 32 rows' sums (each in [1, 12], so at most 12^32 ~ 3.4e34: no overflow), one
// log per 32 rows instead of one per row (the per-row scalar log was a sixth of a point); the
// product rounds 31 times, 3.5e-15 relative, far below the f32 rounding of the logits.

import { FastExp } from "./exp";
import { block1x4, block3x12 } from "./gemm_blocks";

/** Adds a*w to the accumulator: fused in the relaxed build, separate mul and add otherwise. */
function madd(acc: v128, a: v128, w: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, w, acc);
  return f32x4.add(acc, f32x4.mul(a, w));
}

// Per call: the running product of row sums, the f64 margins and hits; lanes of the last logit
// vector that hold classes. Module globals: the kernel never allocates.
let product: f64 = 1;
let productRows: i32 = 0;
let logSum: f64 = 0;
let marginSum: f64 = 0;
let hitCount: i32 = 0;
let tailMask: v128 = i32x4.splat(0);

/**
 * Adds this block's loss sum to result[0] (f64) and its count of rows whose argmax (lowest index
 * on ties) equals the label to result[1] (f64), for the model
 * logits = act(p0 + a p1 + b p2) @ w2 + bias, act being ReLU (NaN kept) when relu != 0, else
 * the identity, and p0, p1, p2 the first layer's biased products of centre, d1, d2.
 *
 * Preconditions: products row-major, row r's p0 at productsPtr + r * vectors * width floats,
 * then p1 (and p2 when vectors == 3; with 2, b is ignored) each `width` floats; width % 4 == 0;
 * w2 is [width, 12] and bias [12]; 9 <= classes <= 12; labels i32 in [0, classes); scratch holds
 * 3 * width + 36 floats, 16-byte aligned; resultPtr 8-byte aligned. NaN or infinite logits make the sum NaN.
 */
export function mlpPointLoss(
  productsPtr: usize,
  rows: i32,
  width: i32,
  vectors: i32,
  a: f32,
  b: f32,
  relu: i32,
  w2Ptr: usize,
  biasPtr: usize,
  classes: i32,
  labelsPtr: usize,
  scratchPtr: usize,
  resultPtr: usize,
): void {
  const rowStep = <usize> (vectors * width) << 2, widthBytes = <usize> width << 2;
  product = 1;
  productRows = 0;
  logSum = 0;
  marginSum = 0;
  hitCount = 0;
  tailMask = i32x4.lt_s(i32x4(8, 9, 10, 11), i32x4.splat(classes));
  const logits = scratchPtr + 3 * widthBytes; // 3 rows x 12 logits after the hidden rows
  const fullRows = rows - rows % 3;
  let r = 0;
  for (; r < fullRows; r += 3) {
    const source = productsPtr + <usize> r * rowStep;
    combineRow(source, widthBytes, vectors, a, b, relu, scratchPtr);
    combineRow(source + rowStep, widthBytes, vectors, a, b, relu, scratchPtr + widthBytes);
    combineRow(source + 2 * rowStep, widthBytes, vectors, a, b, relu, scratchPtr + 2 * widthBytes);
    block3x12(scratchPtr, widthBytes, width, w2Ptr, 48, biasPtr, logits, 48, false);
    scoreRow(logits, labelsPtr, r);
    scoreRow(logits + 48, labelsPtr, r + 1);
    scoreRow(logits + 96, labelsPtr, r + 2);
  }
  for (; r < rows; r++) {
    combineRow(productsPtr + <usize> r * rowStep, widthBytes, vectors, a, b, relu, scratchPtr);
    for (let j: usize = 0; j < 48; j += 16) {
      block1x4(scratchPtr, width, w2Ptr + j, 48, biasPtr + j, logits + j, false);
    }
    scoreRow(logits, labelsPtr, r);
  }
  flushLogs();
  store<f64>(resultPtr, load<f64>(resultPtr) + logSum + marginSum);
  store<f64>(resultPtr, load<f64>(resultPtr, 8) + <f64> hitCount, 8);
}

/** out[k] = act(p0[k] + a p1[k] + b p2[k]) for one row (p1, p2 follow p0 by widthBytes). */
function combineRow(
  source: usize,
  widthBytes: usize,
  vectors: i32,
  a: f32,
  b: f32,
  relu: i32,
  out: usize,
): void {
  const va = f32x4.splat(a), vb = f32x4.splat(b);
  const floor = f32x4.splat(relu != 0 ? <f32> 0 : -Infinity);
  if (vectors == 3) {
    for (let k: usize = 0; k < widthBytes; k += 16) {
      const p = source + k;
      const x = madd(
        madd(v128.load(p), va, v128.load(p + widthBytes)),
        vb,
        v128.load(p + 2 * widthBytes),
      );
      v128.store(out + k, f32x4.pmax(x, floor));
    }
  } else {
    for (let k: usize = 0; k < widthBytes; k += 16) {
      const p = source + k;
      v128.store(out + k, f32x4.pmax(madd(v128.load(p), va, v128.load(p + widthBytes)), floor));
    }
  }
}

/** Adds one row's margin m - l_y, its exp-sum to the product, and its hit. */
function scoreRow(logits: usize, labelsPtr: usize, r: i32): void {
  const negInf = f32x4.splat(-Infinity);
  const v0 = v128.load(logits), v1 = v128.load(logits, 16);
  const v2 = v128.bitselect(v128.load(logits, 32), negInf, tailMask);
  let m = f32x4.pmax(f32x4.pmax(v0, v1), v2);
  m = f32x4.pmax(m, v128.shuffle<f32>(m, m, 2, 3, 0, 1));
  m = f32x4.pmax(m, v128.shuffle<f32>(m, m, 1, 0, 3, 2));
  // exp(-inf - m) = 0 for the padded classes; a NaN logit reaches the sum through its exp
  // even where pmax skipped it.
  let sum = f32x4.add(
    f32x4.add(FastExp.softmaxExp4(f32x4.sub(v0, m)), FastExp.softmaxExp4(f32x4.sub(v1, m))),
    FastExp.softmaxExp4(f32x4.sub(v2, m)),
  );
  sum = f32x4.add(sum, v128.shuffle<f32>(sum, sum, 2, 3, 0, 1));
  sum = f32x4.add(sum, v128.shuffle<f32>(sum, sum, 1, 0, 3, 2));
  const bits = i32x4.bitmask(f32x4.eq(v0, m)) | (i32x4.bitmask(f32x4.eq(v1, m)) << 4) |
    (i32x4.bitmask(f32x4.eq(v2, m)) << 8);
  const label = load<i32>(labelsPtr + (<usize> r << 2));
  const top = f32x4.extract_lane(m, 0);
  marginSum += <f64> top - <f64> load<f32>(logits + (<usize> label << 2));
  hitCount += select<i32>(1, 0, bits != 0 && ctz(bits) == label);
  product *= <f64> f32x4.extract_lane(sum, 0);
  if (++productRows == 32) flushLogs();
}

/** Moves the running product of row sums into the log sum. */
function flushLogs(): void {
  if (productRows == 0) return;
  logSum += Math.log(product);
  product = 1;
  productRows = 0;
}
