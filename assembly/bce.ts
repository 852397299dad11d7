// Binary cross-entropy on one logit per sample, and hits, over a block of rows.
//
// Stable form on the logit z with label y in {0, 1}: max(z, 0) - z y + log(1 + e^-|z|), which
// equals -y log(sigmoid z) - (1 - y) log(1 - sigmoid z) without overflow (a final sigmoid is fused
// into this loss). A prediction is a hit when (z > 0) == y. Row losses are summed in f64 like the
// cross-entropy; a NaN or infinite logit makes the sum non-finite and the host reports NaN.

/**
 * Adds this block's loss sum to result[0] (f64) and its hits to result[1] (f64).
 *
 * Preconditions: logits sit `stride` f32 apart (column 0 of each row); labels are i32 in {0, 1};
 * rows >= 0; resultPtr is 8-byte aligned and holds two f64.
 */
export function binaryCrossEntropy(
  logitsPtr: usize,
  stride: i32,
  rows: i32,
  labelsPtr: usize,
  resultPtr: usize,
): void {
  const step = <usize> stride << 2;
  let lossSum: f64 = 0;
  let hits: i32 = 0;
  for (let r = 0; r < rows; r++) {
    const z = load<f32>(logitsPtr + <usize> r * step);
    const label = load<i32>(labelsPtr + (<usize> r << 2));
    const y = <f32> label;
    // log1p keeps the tail accurate where e^-|z| is far below f32's epsilon next to 1.
    lossSum += <f64> (max(z, <f32> 0) - z * y) + Math.log1p(Math.exp(-<f64> Mathf.abs(z)));
    if ((z > 0 ? 1 : 0) == label) hits++;
  }
  store<f64>(resultPtr, load<f64>(resultPtr) + lossSum);
  store<f64>(resultPtr, load<f64>(resultPtr, 8) + <f64> hits, 8);
}
