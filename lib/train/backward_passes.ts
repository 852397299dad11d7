/**
 * Training's passes on the engine's SIMD kernel (assembly/backward.ts), one instance per thread
 * that trains. Element-wise ones: a ReLU's output gradient masked and summed per channel (a conv
 * layer's dz and bias gradient, ./conv2d_layer.ts; a ReLU's gradient, ./relu_gradient.ts), a
 * non-overlapping max pool's gradient (./max_pool_gradient.ts) and batch normalisation in
 * training, both ways (./batch_norm_training.ts). In JavaScript they are scalar loops (about a
 * third of a `cnn` training step); in the kernel they run four channels (batch norm: two float64
 * lanes) at a time and give the same bits as the JavaScript passes kept beside them
 * (tests/train_backward_passes.test.ts). And a convolution's filter gradient (./conv_gradient.ts),
 * which the backend can only run as a convolution over relaid-out tensors, at about half its
 * forward convolution's speed. All read and write views of TF.js's heap (./host_op.ts): the
 * inputs are copied into the kernel's memory, the results copied back.
 * @module
 */
import type { Kernel } from "../engine/kernel/kernel.ts";

/** Sizes of a pooling: input, output, window, strides and the padding before. */
export interface PoolGeometry {
  n: number;
  h: number;
  w: number;
  c: number;
  oh: number;
  ow: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  top: number;
  left: number;
}

/**
 * Batch normalisation's passes over rows of `mean.length` channels (./batch_norm_training.ts),
 * every per-channel sum in float64 over the rows in ascending order.
 */
export interface BatchNormPasses {
  /** mean = the channel means of xs; squares = the sums of (xs - mean)^2. */
  statistics(xs: Float32Array, mean: Float64Array, squares: Float64Array): void;
  /** out = (xs - mean) gains + beta, in float64, rounded. */
  apply(
    xs: Float32Array,
    out: Float32Array,
    mean: Float64Array,
    gains: Float64Array,
    beta: Float32Array,
  ): void;
  /** sumDy = the channel sums of dy, sumDyXhat = those of dy (xs - mean) inverseStd. */
  gradientSums(
    dy: Float32Array,
    xs: Float32Array,
    mean: Float64Array,
    inverseStd: Float64Array,
    sumDy: Float64Array,
    sumDyXhat: Float64Array,
  ): void;
  /** dx = gains (dy - meanDy - xhat meanDyXhat), xhat = (xs - mean) inverseStd; rounded. */
  inputGradient(
    dy: Float32Array,
    xs: Float32Array,
    dx: Float32Array,
    f: Record<"mean" | "inverseStd" | "gains" | "meanDy" | "meanDyXhat", Float64Array>,
  ): void;
}

/** The passes over float32 views; made by {@linkcode createBackwardPasses}. */
export interface BackwardPasses {
  /** Batch normalisation's passes, in both directions. */
  batchNorm: BatchNormPasses;
  /**
   * A convolution's filter gradient dW[i, j, c, o] = the sum over (n, y, x) of
   * xpad[n, y sh + i, x sw + j, c] dy[n, y, x, o] (xpad: x with `before` zero rows and columns
   * before it and as many after as the windows need), summed per image in cache. Needs o % 4 == 0.
   *
   * @param x The input `[n, h, w, c]`, values of shape `xShape`.
   * @param dy The output gradient `[n, oh, ow, o]`, values of shape `dyShape`.
   * @param kernel `[kh, kw]`.
   * @param strides `[sh, sw]`.
   * @param before The padding before: `[top, left]`.
   * @param out dW, `kh kw c o` values.
   */
  filterGradient(
    x: Float32Array,
    xShape: readonly number[],
    dy: Float32Array,
    dyShape: readonly number[],
    kernel: [number, number],
    strides: [number, number],
    before: [number, number],
    out: Float32Array,
  ): void;
  /**
   * dz = dy step(y) (1 where y > 0, 0 where not, NaN where y is NaN), or dz = dy when `relu` is
   * false, and `sums[o]` = the float64 sum of dz over every position of channel o (the channels
   * are the last axis, `sums.length` of them).
   */
  maskedChannelSums(
    dy: Float32Array,
    y: Float32Array,
    dz: Float32Array,
    sums: Float64Array,
    relu: boolean,
  ): void;
  /**
   * A max pool's input gradient when its windows do not overlap (stride = window): each window's
   * output gradient goes to its first cell (row-major) equal to the pool's output; every other
   * cell, and any cell outside every window, gets +0.
   */
  maxPoolRoute(
    input: Float32Array,
    maxima: Float32Array,
    gradient: Float32Array,
    dx: Float32Array,
    geometry: PoolGeometry,
  ): void;
}

/**
 * Creates the passes on a kernel instance, which they own from now on (its memory is reset and
 * regrown when a larger pass comes; it stays at the largest).
 *
 * @param kernel A kernel instance (`instantiateKernel`).
 * @returns The passes.
 * @example
 * ```ts
 * import { instantiateKernel } from "../engine/mod.ts";
 * import { createBackwardPasses } from "./backward_passes.ts";
 * const passes = createBackwardPasses(await instantiateKernel());
 * const dz = new Float32Array(2), sums = new Float64Array(1);
 * passes.maskedChannelSums(Float32Array.of(3, 4), Float32Array.of(1, -1), dz, sums, true);
 * console.log(dz, sums); // Float32Array [3, 0] Float64Array [3]
 * ```
 */
export function createBackwardPasses(kernel: Kernel): BackwardPasses {
  let capacity = -1, base = 0;
  /** A region of at least `bytes`, at a fixed pointer until a larger one is asked for. */
  const region = (bytes: number) => {
    if (bytes > capacity) {
      kernel.reset();
      capacity = bytes;
      base = kernel.allocate(bytes);
    }
    return base;
  };
  // Batch norm reads the same input in two passes each way: it stays in the kernel from the first
  // to the second (the same view object, and no other pass between them).
  let resident: { xs: Float32Array; dy?: Float32Array; at: number } | null = null;
  /** Region for batch norm on `count` values of `channels` channels: x, dy, out, six tables. */
  const batchNormRegion = (count: number, channels: number) => {
    const at = region(12 * count + 48 * channels + 64);
    const table = (i: number) => (at + 12 * count + 8 * channels * i + 7) & ~7;
    return { x: at, dy: at + 4 * count, out: at + 8 * count, table };
  };
  const putTable = (pointer: number, values: ArrayLike<number>) =>
    kernel.f64.set(values, pointer / 8);
  const getTable = (pointer: number, into: Float64Array) =>
    into.set(kernel.f64.subarray(pointer / 8, pointer / 8 + into.length));
  const batchNorm: BatchNormPasses = {
    statistics(xs, mean, squares) {
      const channels = mean.length, rows = xs.length / channels;
      const r = batchNormRegion(xs.length, channels);
      kernel.f32.set(xs, r.x / 4);
      resident = { xs, at: r.x };
      kernel.batchNormStatistics(r.x, rows, channels, r.table(0), r.table(1));
      getTable(r.table(0), mean);
      getTable(r.table(1), squares);
    },
    apply(xs, out, mean, gains, beta) {
      const channels = mean.length, rows = xs.length / channels;
      const r = batchNormRegion(xs.length, channels);
      if (resident?.xs !== xs || resident.at !== r.x) kernel.f32.set(xs, r.x / 4);
      resident = null;
      putTable(r.table(0), mean);
      putTable(r.table(1), gains);
      putTable(r.table(2), beta);
      kernel.batchNormApply(r.x, r.out, rows, channels, r.table(0), r.table(1), r.table(2));
      out.set(kernel.f32.subarray(r.out / 4, r.out / 4 + xs.length));
    },
    gradientSums(dy, xs, mean, inverseStd, sumDy, sumDyXhat) {
      const channels = mean.length, rows = xs.length / channels;
      const r = batchNormRegion(xs.length, channels);
      kernel.f32.set(xs, r.x / 4);
      kernel.f32.set(dy, r.dy / 4);
      resident = { xs, dy, at: r.x };
      putTable(r.table(0), mean);
      putTable(r.table(1), inverseStd);
      kernel.batchNormGradientSums(
        r.dy,
        r.x,
        rows,
        channels,
        r.table(0),
        r.table(1),
        r.table(2),
        r.table(3),
      );
      getTable(r.table(2), sumDy);
      getTable(r.table(3), sumDyXhat);
    },
    inputGradient(dy, xs, dx, f) {
      const channels = f.mean.length, rows = xs.length / channels;
      const r = batchNormRegion(xs.length, channels);
      if (resident?.xs !== xs || resident.dy !== dy || resident.at !== r.x) {
        kernel.f32.set(xs, r.x / 4);
        kernel.f32.set(dy, r.dy / 4);
      }
      resident = null;
      const tables = [f.mean, f.inverseStd, f.gains, f.meanDy, f.meanDyXhat];
      tables.forEach((values, i) => putTable(r.table(i), values));
      kernel.batchNormInputGradient(
        r.dy,
        r.x,
        r.out,
        rows,
        channels,
        r.table(0),
        r.table(1),
        r.table(2),
        r.table(3),
        r.table(4),
      );
      dx.set(kernel.f32.subarray(r.out / 4, r.out / 4 + xs.length));
    },
  };
  return {
    batchNorm,
    filterGradient(x, [n, h, w, c], dy, [, oh, ow, o], [kh, kw], [sh, sw], [top, left], out) {
      const ph = (oh - 1) * sh + kh, pw = (ow - 1) * sw + kw;
      const padded = n * ph * pw * c, size = kh * kw * c * o;
      const at = region(4 * (padded + dy.length + size));
      const dyAt = at + 4 * padded, outAt = dyAt + 4 * dy.length;
      const { f32 } = kernel;
      // The input's rows straight into their padded places; the rest of the region zero.
      f32.fill(0, at / 4, at / 4 + padded);
      const rows = Math.min(h, ph - top), cols = Math.min(w, pw - left);
      for (let b = 0; b < n; b++) {
        for (let r = 0; r < rows; r++) {
          const from = ((b * h + r) * w) * c;
          f32.set(
            x.subarray(from, from + cols * c),
            at / 4 + ((b * ph + r + top) * pw + left) * c,
          );
        }
      }
      f32.set(dy, dyAt / 4);
      kernel.convFilterGradient(at, ph, pw, c, dyAt, n, oh, ow, o, kh, kw, sh, sw, outAt);
      out.set(kernel.f32.subarray(outAt / 4, outAt / 4 + size));
    },
    maskedChannelSums(dy, y, dz, sums, relu) {
      const count = dy.length, channels = sums.length;
      // dy (overwritten by dz), y, the sums; 2 * count * 4 bytes keeps the sums 8-aligned.
      const at = region(8 * count + 8 * channels);
      const yAt = at + 4 * count, sumsAt = at + 8 * count;
      kernel.f32.set(dy, at / 4);
      if (relu) kernel.f32.set(y, yAt / 4);
      kernel.maskedChannelSums(at, yAt, at, count / channels, channels, sumsAt, relu ? 1 : 0);
      dz.set(kernel.f32.subarray(at / 4, at / 4 + count));
      sums.set(kernel.f64.subarray(sumsAt / 8, sumsAt / 8 + channels));
    },
    maxPoolRoute(input, maxima, gradient, dx, g) {
      const cells = input.length, outputs = maxima.length;
      const at = region(8 * cells + 8 * outputs);
      const maximaAt = at + 4 * cells, gradientAt = maximaAt + 4 * outputs;
      const dxAt = gradientAt + 4 * outputs;
      const { f32 } = kernel;
      f32.set(input, at / 4);
      f32.set(maxima, maximaAt / 4);
      f32.set(gradient, gradientAt / 4);
      kernel.maxPoolRoute(
        at,
        maximaAt,
        gradientAt,
        dxAt,
        g.n,
        g.h,
        g.w,
        g.c,
        g.oh,
        g.ow,
        g.kh,
        g.kw,
        g.top,
        g.left,
      );
      dx.set(kernel.f32.subarray(dxAt / 4, dxAt / 4 + cells));
    },
  };
}
