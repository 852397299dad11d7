// Spatial pooling, channels-last, vectorised over channels (the pixel stride is a multiple of 4).
//
// Windows are clipped to the image, which is TF's "same" padding for pooling: padded positions
// are ignored by the max and excluded from the average's count (tf.avgPool divides by the number
// of valid elements). A NaN anywhere in a window must reach the loss, so that a point whose
// activations are not finite is reported as NaN (see maxWindow).

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
  const isAverage = average != 0;
  let out = outPtr;
  for (let s = 0; s < samples; s++) {
    const sample = inPtr + <usize> s * inSampleBytes;
    for (let oh = 0; oh < outH; oh++) {
      const h0 = max(oh * sh - padTop, 0), h1 = min(oh * sh - padTop + ph, inH);
      for (let ow = 0; ow < outW; ow++) {
        const w0 = max(ow * sw - padLeft, 0), w1 = min(ow * sw - padLeft + pw, inW);
        const first = sample + <usize> h0 * inRowBytes + <usize> w0 * pixelBytes;
        if (isAverage) {
          const count = (h1 - h0) * (w1 - w0);
          averageWindow(first, h1 - h0, w1 - w0, inRowBytes, pixelBytes, count, out);
        } else if (h1 - h0 == 2 && w1 - w0 == 2) {
          maxWindow2x2(first, inRowBytes, pixelBytes, out);
        } else {
          maxWindow(first, h1 - h0, w1 - w0, inRowBytes, pixelBytes, out);
        }
        out += pixelBytes;
      }
    }
  }
}

/**
 * Max over a window of rows x cols pixels into one output pixel. pmax is one maxps where
 * f32x4.max is about eight x86 instructions (it made this op cost a sixth of a cnn grid point),
 * but pmax drops a NaN held in the accumulator, so NaN lanes are tracked apart (x != x) and put
 * back at the end: all-ones bits are a NaN.
 */
function maxWindow(
  first: usize,
  rows: i32,
  cols: i32,
  rowBytes: usize,
  pixelBytes: usize,
  out: usize,
): void {
  for (let c: usize = 0; c < pixelBytes; c += 16) {
    let acc = f32x4.splat(-Infinity);
    let nan = i32x4.splat(0);
    for (let h = 0; h < rows; h++) {
      let p = first + <usize> h * rowBytes + c;
      for (let w = 0; w < cols; w++) {
        const x = v128.load(p);
        acc = f32x4.pmax(acc, x);
        nan = v128.or(nan, f32x4.ne(x, x));
        p += pixelBytes;
      }
    }
    v128.store(out + c, v128.or(acc, nan));
  }
}

/** maxWindow for a full 2x2 window (the common pooling), with its four loads in a tree. */
function maxWindow2x2(first: usize, rowBytes: usize, pixelBytes: usize, out: usize): void {
  for (let c: usize = 0; c < pixelBytes; c += 16) {
    const p = first + c;
    const x0 = v128.load(p), x1 = v128.load(p + pixelBytes);
    const x2 = v128.load(p + rowBytes), x3 = v128.load(p + rowBytes + pixelBytes);
    const top = f32x4.pmax(f32x4.pmax(x0, x1), f32x4.pmax(x2, x3));
    const nan = v128.or(
      v128.or(f32x4.ne(x0, x0), f32x4.ne(x1, x1)),
      v128.or(f32x4.ne(x2, x2), f32x4.ne(x3, x3)),
    );
    v128.store(out + c, v128.or(top, nan));
  }
}

/** Mean over a window of rows x cols pixels (count of them) into one output pixel. */
function averageWindow(
  first: usize,
  rows: i32,
  cols: i32,
  rowBytes: usize,
  pixelBytes: usize,
  count: i32,
  out: usize,
): void {
  const scale = f32x4.splat(<f32> 1 / <f32> count);
  for (let c: usize = 0; c < pixelBytes; c += 16) {
    let acc = f32x4.splat(0);
    for (let h = 0; h < rows; h++) {
      let p = first + <usize> h * rowBytes + c;
      for (let w = 0; w < cols; w++) {
        acc = f32x4.add(acc, v128.load(p));
        p += pixelBytes;
      }
    }
    v128.store(out + c, f32x4.mul(acc, scale));
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
