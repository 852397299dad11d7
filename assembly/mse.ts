// Mean squared error against one-hot targets, and top-1 hits, over a block of output rows.
//
// A row's loss is (1/classes) * sum_c (z_c - t_c)^2 with t the one-hot label (Keras' "mse" on
// one-hot targets). Row losses are summed in f64 like the cross-entropy; NaN or infinite outputs
// make the sum non-finite, which the host reports as NaN.

/**
 * Adds this block's squared-error sum to result[0] (f64) and its count of rows whose argmax
 * equals the label to result[1] (f64). Ties go to the lowest class index, as in tf.argMax.
 *
 * Preconditions: 1 <= classes <= stride (stride in f32 elements; padded columns are ignored);
 * rows >= 0; labels are i32 in [0, classes); resultPtr is 8-byte aligned and holds two f64.
 */
export function meanSquaredError(
  outputsPtr: usize,
  stride: i32,
  rows: i32,
  classes: i32,
  labelsPtr: usize,
  resultPtr: usize,
): void {
  const rowStep = <usize> stride << 2;
  let lossSum: f64 = 0;
  let hits: i32 = 0;
  for (let r = 0; r < rows; r++) {
    const row = outputsPtr + <usize> r * rowStep;
    const label = load<i32>(labelsPtr + (<usize> r << 2));
    let squares: f32 = 0;
    let best: f32 = -Infinity;
    let argmax: i32 = -1;
    for (let c = 0; c < classes; c++) {
      const value = load<f32>(row + (<usize> c << 2));
      const error = value - (c == label ? <f32> 1 : <f32> 0);
      squares += error * error;
      if (value > best) {
        best = value;
        argmax = c;
      }
    }
    lossSum += <f64> squares / <f64> classes;
    if (argmax == label) hits++;
  }
  store<f64>(resultPtr, load<f64>(resultPtr) + lossSum);
  store<f64>(resultPtr, load<f64>(resultPtr, 8) + <f64> hits, 8);
}
