// One grid point of a one-hidden-layer classifier on a block of samples, fused, on groups of
// eight samples stored feature by feature (./mlp_panels): per group the first layer's products
// are combined (XW + a XD1 + b XD2, DESIGN.md "the engine's main idea") and activated into an
// 8-row hidden buffer that stays in L1, multiplied by the second layer five classes at a time,
// and the logits (class-major, [12][8] in L1) turned into softmax cross-entropy and top-1 hits
// four rows at a time, one row per lane (a panel): the max, the exps and their sum are
// vertical, with no shuffles and no padded classes.
//
// The losses are log(sum_j exp(l_j - m)) + m - l_y per row (log-sum-exp, as ./softmax_ce), with
// the faster softmaxExp4. The margins m - l_y are taken and added in f64; the logs are taken of
// f64 products of row sums, one product per lane over up to 32 panels (each sum in [1, 12], so
// at most 12^32 ~ 3.4e34: no overflow), one log per 32 rows instead of one per row; a product
// rounds 31 times, 3.5e-15 relative, far below the f32 rounding of the logits.

import { FastExp } from "./exp";
import { combineGroup, panelLogits5 } from "./mlp_panels";

// Per call: the running products of row sums (two f64x2, one lane per panel row), the f64
// margins and hits. Module globals: the kernel never allocates.
let productLow: v128 = f64x2.splat(1);
let productHigh: v128 = f64x2.splat(1);
let productPanels: i32 = 0;
let logSum: f64 = 0;
let marginSum: v128 = f64x2.splat(0);
let hitCount: i32 = 0;

/**
 * Adds this block's loss sum to result[0] (f64) and its count of rows whose argmax (lowest index
 * on ties) equals the label to result[1] (f64), for the model
 * logits = act(p0 + a p1 + b p2) @ w2 + bias, act being ReLU (NaN kept) when relu != 0, else
 * the identity, and p0, p1, p2 the first layer's biased products of centre, d1, d2.
 *
 * Preconditions: the products in groups of eight rows, group g (rows 8g..8g+7) at
 * groupsPtr + g * vectors * width * 32 bytes, as [width][vectors][8] floats: per feature the 8
 * rows of p0, of p1 (and of p2 when vectors == 3; with 2, b is ignored); groups and labels
 * (i32) readable for rows rounded up to a multiple of 8 (the rows past `rows` are ignored,
 * whatever they hold); w2 is [width, 12] and bias [12]; 9 <= classes <= 12; labels in
 * [0, classes); scratch holds 8 * width + 96 floats, 16-byte aligned; resultPtr 8-byte
 * aligned. NaN or infinite logits make the sum NaN.
 */
export function mlpPointLoss(
  groupsPtr: usize,
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
  const groupBytes = <usize> (vectors * width) << 5;
  const floor: f32 = relu != 0 ? 0 : -Infinity;
  const logits = scratchPtr + (<usize> width << 5);
  productLow = f64x2.splat(1);
  productHigh = f64x2.splat(1);
  productPanels = 0;
  logSum = 0;
  marginSum = f64x2.splat(0);
  hitCount = 0;
  // Five classes per pass; the last pass overlaps the one before when classes is not 10
  // (9: 0-4 and 4-8; 11: 0-4, 5-9 and 6-10), rewriting a few logits with the same bits.
  const lastFirst = classes - 5;
  for (let r = 0; r < rows; r += 8) {
    const group = groupsPtr + (<usize> (r >> 3)) * groupBytes;
    combineGroup(group, width, vectors, a, b, floor, scratchPtr);
    for (let first = 0; first < classes; first += 5) {
      panelLogits5(scratchPtr, width, w2Ptr, biasPtr, min(first, lastFirst), logits);
    }
    const labels = labelsPtr + (<usize> r << 2);
    scorePanel(logits, classes, labels, rows - r);
    scorePanel(logits + 16, classes, labels + 16, rows - r - 4);
  }
  flushLogs();
  const margins = f64x2.extract_lane(marginSum, 0) + f64x2.extract_lane(marginSum, 1);
  store<f64>(resultPtr, load<f64>(resultPtr) + logSum + margins);
  store<f64>(resultPtr, load<f64>(resultPtr, 8) + <f64> hitCount, 8);
}

/**
 * Scores the four rows of one panel (lanes; logits of class c at logits + 32 c): adds their
 * margins, multiplies their exp-sums into the products and counts their hits. Lanes >= `left`
 * are padding and count nothing.
 */
function scorePanel(logits: usize, classes: i32, labelsPtr: usize, left: i32): void {
  if (left <= 0) return;
  const valid = i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(left));
  const labels = v128.load(labelsPtr);
  // Running max and first argmax: a class replaces the best only when strictly greater.
  let m = v128.load(logits);
  let best = i32x4.splat(0);
  for (let c = 1; c < classes; c++) {
    const x = v128.load(logits + (<usize> c << 5));
    best = v128.bitselect(i32x4.splat(c), best, f32x4.gt(x, m));
    m = f32x4.pmax(m, x);
  }
  // exp(x - m) <= 1 per class; a NaN logit reaches the sum through its exp even where pmax
  // skipped it. The label's logit is picked on the way.
  let sum = f32x4.splat(0);
  let picked = f32x4.splat(0);
  for (let c = 0; c < classes; c++) {
    const x = v128.load(logits + (<usize> c << 5));
    sum = f32x4.add(sum, FastExp.softmaxExp4(f32x4.sub(x, m)));
    picked = v128.bitselect(x, picked, i32x4.eq(labels, i32x4.splat(c)));
  }
  hitCount += <i32> popcnt(i32x4.bitmask(v128.and(i32x4.eq(best, labels), valid)));
  const one = f32x4.splat(1);
  const sums = v128.bitselect(sum, one, valid);
  productLow = f64x2.mul(productLow, f64x2.promote_low_f32x4(sums));
  productHigh = f64x2.mul(
    productHigh,
    f64x2.promote_low_f32x4(v128.shuffle<f32>(sums, sums, 2, 3, 0, 1)),
  );
  // m - l_y exactly in f64 (the f32 difference could round), zero in padding lanes.
  const zero = f32x4.splat(0);
  const top = v128.bitselect(m, zero, valid), label = v128.bitselect(picked, zero, valid);
  const highTop = v128.shuffle<f32>(top, top, 2, 3, 0, 1);
  const highLabel = v128.shuffle<f32>(label, label, 2, 3, 0, 1);
  marginSum = f64x2.add(
    marginSum,
    f64x2.add(
      f64x2.sub(f64x2.promote_low_f32x4(top), f64x2.promote_low_f32x4(label)),
      f64x2.sub(f64x2.promote_low_f32x4(highTop), f64x2.promote_low_f32x4(highLabel)),
    ),
  );
  if (++productPanels == 32) flushLogs();
}

/** Moves the running products of row sums into the log sum. */
function flushLogs(): void {
  if (productPanels == 0) return;
  logSum += Math.log(f64x2.extract_lane(productLow, 0)) +
    Math.log(f64x2.extract_lane(productLow, 1)) +
    Math.log(f64x2.extract_lane(productHigh, 0)) +
    Math.log(f64x2.extract_lane(productHigh, 1));
  productLow = f64x2.splat(1);
  productHigh = f64x2.splat(1);
  productPanels = 0;
}
