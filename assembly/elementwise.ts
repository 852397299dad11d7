// Batch normalisation at inference and the residual sum, vectorised over channels.

/**
 * Inference batch norm over channels-last rows: out[r, c] = (in[r, c] - mean[c]) * s[c] + beta[c]
 * with s = gamma / sqrt(variance + epsilon) (Ioffe & Szegedy 2015, the moving statistics).
 * The per-channel factors go to scratch first (cp floats each for s and the shift), so the
 * square roots run once per call, not once per pixel.
 *
 * Preconditions: cp % 4 == 0 (pixel stride and parameter length; padded channels should have
 * gamma = beta = mean = variance = 0, which makes them 0); epsilon > 0; scratch holds 2 * cp
 * floats; out may equal in.
 */
export function batchNorm(
  inPtr: usize,
  rows: i32,
  cp: i32,
  gammaPtr: usize,
  betaPtr: usize,
  meanPtr: usize,
  variancePtr: usize,
  epsilon: f32,
  outPtr: usize,
  scratchPtr: usize,
): void {
  const bytes = <usize> cp << 2;
  const shiftPtr = scratchPtr + bytes;
  const eps = f32x4.splat(epsilon);
  for (let c: usize = 0; c < bytes; c += 16) {
    const scale = f32x4.div(
      v128.load(gammaPtr + c),
      f32x4.sqrt(f32x4.add(v128.load(variancePtr + c), eps)),
    );
    v128.store(scratchPtr + c, scale);
    v128.store(
      shiftPtr + c,
      f32x4.sub(v128.load(betaPtr + c), f32x4.mul(v128.load(meanPtr + c), scale)),
    );
  }
  const end = <usize> rows * bytes;
  for (let r: usize = 0; r < end; r += bytes) {
    for (let c: usize = 0; c < bytes; c += 16) {
      const x = v128.load(inPtr + r + c);
      v128.store(
        outPtr + r + c,
        f32x4.add(f32x4.mul(x, v128.load(scratchPtr + c)), v128.load(shiftPtr + c)),
      );
    }
  }
}

/**
 * out[i] = a[i] + b[i], then ReLU (NaN kept) when relu != 0: the join of a residual block.
 *
 * Preconditions: length % 4 == 0; out may equal a or b.
 */
export function addTensors(aPtr: usize, bPtr: usize, outPtr: usize, length: i32, relu: i32): void {
  const bytes = <usize> length << 2;
  const floor = f32x4.splat(relu != 0 ? <f32> 0 : -Infinity);
  for (let i: usize = 0; i < bytes; i += 16) {
    const sum = f32x4.add(v128.load(aPtr + i), v128.load(bPtr + i));
    v128.store(outPtr + i, f32x4.pmax(sum, floor));
  }
}
