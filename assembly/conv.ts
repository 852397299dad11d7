// 2D convolution, channels-last, on a block of samples: zero padding as an explicit copy, then
// a "valid" convolution whose output pixels are taken four at a time across rows and samples
// (so a 14x14 output wastes no lanes on row ends) and whose output channels run in panels of 8,
// then 4 (./conv_blocks).

import { convBlock4x4, convBlock4x8, setConvGeometry } from "./conv_blocks";

/**
 * Copies `samples` images of [inH, inW, pixelStride] f32 into [outH, outW, pixelStride] with the
 * input's pixel (0, 0) at (padTop, padLeft); everything else becomes 0, and input rows or columns
 * that fall beyond outH or outW are dropped (TF's "same" padding puts the odd pixel at the end).
 *
 * Preconditions: padTop, padLeft >= 0; out does not overlap in; pixelStride >= 1.
 */
export function padImage(
  inPtr: usize,
  inH: i32,
  inW: i32,
  pixelStride: i32,
  samples: i32,
  padTop: i32,
  padLeft: i32,
  outPtr: usize,
  outH: i32,
  outW: i32,
): void {
  const pixelBytes = <usize> pixelStride << 2;
  const inSample = <usize> (inH * inW) * pixelBytes;
  const outSample = <usize> (outH * outW) * pixelBytes;
  memory.fill(outPtr, 0, <usize> samples * outSample);
  const rows = min(inH, outH - padTop), cols = min(inW, outW - padLeft);
  if (rows <= 0 || cols <= 0) return;
  const rowBytes = <usize> cols * pixelBytes;
  for (let s = 0; s < samples; s++) {
    const src = inPtr + <usize> s * inSample;
    const dst = outPtr + <usize> s * outSample;
    for (let r = 0; r < rows; r++) {
      memory.copy(
        dst + (<usize> ((r + padTop) * outW + padLeft)) * pixelBytes,
        src + <usize> (r * inW) * pixelBytes,
        rowBytes,
      );
    }
  }
}

/**
 * out[s, oh, ow, 0..coutp) = act(bias + sum_{i,j,c} in[s, oh*sh + i, ow*sw + j, c] * w[i, j, c, :])
 * for every sample s, output pixel and output channel; act is ReLU (NaN kept) when relu != 0.
 *
 * Preconditions: coutp % 4 == 0; every window fits: (outH-1)*sh + kh <= inH and
 * (outW-1)*sw + kw <= inW (pad with padImage first); cin <= pixelStride (input pixel stride in
 * f32; only channels [0, cin) are read); weights are [kh, kw, cin, coutp] row-major, bias
 * [coutp]; output pixels are coutp floats apart; dummyPtr has coutp writable floats (the missing
 * pixels of the last group of four land there); out overlaps nothing.
 */
export function conv2d(
  inPtr: usize,
  inH: i32,
  inW: i32,
  pixelStride: i32,
  cin: i32,
  samples: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  outH: i32,
  outW: i32,
  wPtr: usize,
  biasPtr: usize,
  coutp: i32,
  outPtr: usize,
  relu: i32,
  dummyPtr: usize,
): void {
  const pixelBytes = <usize> pixelStride << 2;
  const inRowBytes = <usize> inW * pixelBytes;
  const inSampleBytes = <usize> inH * inRowBytes;
  const outPixelBytes = <usize> coutp << 2;
  setConvGeometry(kh, kw, inRowBytes, pixelBytes, <usize> cin << 2, outPixelBytes);
  const perSample = outH * outW;
  const total = samples * perSample;
  const useRelu = relu != 0;
  for (let p = 0; p < total; p += 4) {
    const in0 = windowOf(p, perSample, outW, sh, sw, inPtr, inSampleBytes, inRowBytes, pixelBytes);
    const in1 = p + 1 < total
      ? windowOf(p + 1, perSample, outW, sh, sw, inPtr, inSampleBytes, inRowBytes, pixelBytes)
      : in0;
    const in2 = p + 2 < total
      ? windowOf(p + 2, perSample, outW, sh, sw, inPtr, inSampleBytes, inRowBytes, pixelBytes)
      : in0;
    const in3 = p + 3 < total
      ? windowOf(p + 3, perSample, outW, sh, sw, inPtr, inSampleBytes, inRowBytes, pixelBytes)
      : in0;
    const out0 = outPtr + <usize> p * outPixelBytes;
    const out1 = p + 1 < total ? out0 + outPixelBytes : dummyPtr;
    const out2 = p + 2 < total ? out0 + 2 * outPixelBytes : dummyPtr;
    const out3 = p + 3 < total ? out0 + 3 * outPixelBytes : dummyPtr;
    // Panels of 8 channels: 8 accumulators + 2 weights + 1 broadcast fit V8's xmm registers;
    // 4x12 blocks (as in gemm) spilled here and ran at half the speed (measured, cnn conv2).
    let col: usize = 0;
    const end = <usize> coutp << 2;
    for (; col + 32 <= end; col += 32) {
      convBlock4x8(
        in0,
        in1,
        in2,
        in3,
        wPtr + col,
        biasPtr + col,
        out0 + col,
        out1 + col,
        out2 + col,
        out3 + col,
        useRelu,
      );
    }
    if (col < end) {
      convBlock4x4(
        in0,
        in1,
        in2,
        in3,
        wPtr + col,
        biasPtr + col,
        out0 + col,
        out1 + col,
        out2 + col,
        out3 + col,
        useRelu,
      );
    }
  }
}

/** The first input byte of output pixel p's window (p counts pixels across samples). */
function windowOf(
  p: i32,
  perSample: i32,
  outW: i32,
  sh: i32,
  sw: i32,
  inPtr: usize,
  inSampleBytes: usize,
  inRowBytes: usize,
  pixelBytes: usize,
): usize {
  const s = p / perSample;
  const rest = p - s * perSample;
  const oh = rest / outW;
  const ow = rest - oh * outW;
  return inPtr + <usize> s * inSampleBytes + <usize> (oh * sh) * inRowBytes +
    <usize> (ow * sw) * pixelBytes;
}
