// Element-wise activations in place, and the softmax over channels, for activations that are not
// fused into a GEMM or convolution (those fuse ReLU only). Padded channels are transformed too:
// the next layer gives them zero weight, so their values never matter.

import { FastExp } from "./exp";
import { gelu4, sigmoid4, tanh4 } from "./special";
import { ELU, GELU, LEAKY_RELU, RELU, SIGMOID, TANH } from "./activation_codes";

/**
 * data[i] = f(data[i]) for i < length, f by code: 1 ReLU, 2 leaky ReLU (x >= 0 ? x : alpha x),
 * 3 ELU (x > 0 ? x : alpha (e^x - 1)), 4 tanh, 5 sigmoid, 6 GELU (exact erf form); any other code
 * leaves the data unchanged. Accuracy: see ./special.
 *
 * Preconditions: length % 4 == 0; dataPtr 4-byte aligned.
 */
export function activate(dataPtr: usize, length: i32, kind: i32, alpha: f32): void {
  const end = dataPtr + (<usize> length << 2);
  const zero = f32x4.splat(0);
  const va = f32x4.splat(alpha);
  for (let p = dataPtr; p < end; p += 16) {
    const x = v128.load(p);
    let y = x;
    if (kind == RELU) {
      y = f32x4.pmax(x, zero);
    } else if (kind == LEAKY_RELU) {
      y = v128.bitselect(x, f32x4.mul(va, x), f32x4.ge(x, zero));
    } else if (kind == ELU) {
      const negative = f32x4.mul(va, f32x4.sub(FastExp.exp4(x), f32x4.splat(1)));
      y = v128.bitselect(x, negative, f32x4.gt(x, zero));
    } else if (kind == TANH) {
      y = tanh4(x);
    } else if (kind == SIGMOID) {
      y = sigmoid4(x);
    } else if (kind == GELU) {
      y = gelu4(x);
    }
    v128.store(p, y);
  }
}

/**
 * Softmax over the first `width` values of each of `rows` rows `stride` floats apart, in place:
 * e^(x - max) / sum, so exp never overflows. Values past `width` are left alone.
 *
 * Preconditions: 1 <= width <= stride; rows >= 0.
 */
export function softmaxRows(dataPtr: usize, stride: i32, rows: i32, width: i32): void {
  const step = <usize> stride << 2;
  for (let r = 0; r < rows; r++) {
    const row = dataPtr + <usize> r * step;
    let top: f32 = -Infinity;
    for (let c = 0; c < width; c++) top = max(top, load<f32>(row + (<usize> c << 2)));
    let sum: f32 = 0;
    for (let c = 0; c < width; c++) {
      const e = Mathf.exp(load<f32>(row + (<usize> c << 2)) - top);
      store<f32>(row + (<usize> c << 2), e);
      sum += e;
    }
    const scale: f32 = 1 / sum;
    for (let c = 0; c < width; c++) {
      store<f32>(row + (<usize> c << 2), load<f32>(row + (<usize> c << 2)) * scale);
    }
  }
}
