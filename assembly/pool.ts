// Spatial pooling, channels-last, vectorised over channels (the pixel stride is a multiple of 4).
//
// Windows are clipped to the image, which is TF's "same" padding for pooling: padded positions
// are ignored by the max and excluded from the average's count (tf.avgPool divides by the number
// of valid elements). f32x4.max, not pmax: a NaN anywhere in a window must reach the loss, so
// that a point whose activations are not finite is reported as NaN.

/**
 * out[s, oh, ow, c] = max (average != 0: mean) of in[s, h, w, c] over the window rows
 * [oh*sh - padTop, +ph) and columns [ow*sw - padLeft, +pw), clipped to the image.
 *
 * Preconditions: cp % 4 == 0 (pixel stride and channels of both tensors); every window holds at
 * least one pixel; out does not overlap in.
 */
export function pool2d(
  inPtr: usize,
  inH: i32,
  inW: i32,
  cp: i32,
  samples: i32,
  ph: i32,
  pw: i32,
  sh: i32,
  sw: i32,
  padTop: i32,
  padLeft: i32,
  outH: i32,
  outW: i32,
  outPtr: usize,
  average: i32,
): void {
  const pixelBytes = <usize> cp << 2;
  const inRowBytes = <usize> inW * pixelBytes;
  const inSampleBytes = <usize> inH * inRowBytes;
  let out = outPtr;
  for (let s = 0; s < samples; s++) {
    const sample = inPtr + <usize> s * inSampleBytes;
    for (let oh = 0; oh < outH; oh++) {
      const h0 = max(oh * sh - padTop, 0), h1 = min(oh * sh - padTop + ph, inH);
      for (let ow = 0; ow < outW; ow++) {
        const w0 = max(ow * sw - padLeft, 0), w1 = min(ow * sw - padLeft + pw, inW);
        const scale = f32x4.splat(<f32> 1 / <f32> ((h1 - h0) * (w1 - w0)));
        for (let c: usize = 0; c < pixelBytes; c += 16) {
          let acc = average != 0 ? f32x4.splat(0) : f32x4.splat(-Infinity);
          for (let h = h0; h < h1; h++) {
            let p = sample + <usize> h * inRowBytes + <usize> w0 * pixelBytes + c;
            for (let w = w0; w < w1; w++) {
              const x = v128.load(p);
              acc = average != 0 ? f32x4.add(acc, x) : f32x4.max(acc, x);
              p += pixelBytes;
            }
          }
          v128.store(out + c, average != 0 ? f32x4.mul(acc, scale) : acc);
        }
        out += pixelBytes;
      }
    }
  }
}

/**
 * out[s, c] = mean over the `pixels` pixels of in[s, :, c]: global average pooling.
 *
 * Preconditions: cp % 4 == 0 (pixel stride of in and row width of out); pixels >= 1.
 */
export function globalAvgPool(
  inPtr: usize,
  pixels: i32,
  cp: i32,
  samples: i32,
  outPtr: usize,
): void {
  const pixelBytes = <usize> cp << 2;
  const scale = f32x4.splat(<f32> 1 / <f32> pixels);
  for (let s = 0; s < samples; s++) {
    const sample = inPtr + <usize> s * <usize> pixels * pixelBytes;
    const out = outPtr + <usize> s * pixelBytes;
    for (let c: usize = 0; c < pixelBytes; c += 16) {
      let acc = f32x4.splat(0);
      let p = sample + c;
      for (let i = 0; i < pixels; i++) {
        acc = f32x4.add(acc, v128.load(p));
        p += pixelBytes;
      }
      v128.store(out + c, f32x4.mul(acc, scale));
    }
  }
}
