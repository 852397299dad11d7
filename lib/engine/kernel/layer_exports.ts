/**
 * The kernel's layer exports beyond the dense MLP (assembly/conv.ts, pool.ts, activations.ts,
 * elementwise.ts, bce.ts, winograd.ts): their typed signatures (names listed in exports.ts). Pointers are
 * byte offsets, sizes count f32 elements or pixels; each export's preconditions are stated in
 * its AssemblyScript source and met by the op files (ops/).
 * @module
 */

/** Convolution, pooling, activation, batch-norm, residual and BCE exports of the kernel. */
export interface LayerKernelExports {
  /** Zero-pads images `[inH, inW, pixelStride]` into `[outH, outW, pixelStride]` (conv.ts). */
  padImage(
    inPtr: number,
    inH: number,
    inW: number,
    pixelStride: number,
    samples: number,
    padTop: number,
    padLeft: number,
    outPtr: number,
    outH: number,
    outW: number,
  ): void;
  /** Valid 2D convolution, channels-last, weights `[kh, kw, cin, coutp]` (conv.ts). */
  conv2d(
    inPtr: number,
    inH: number,
    inW: number,
    pixelStride: number,
    cin: number,
    samples: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    outH: number,
    outW: number,
    wPtr: number,
    biasPtr: number,
    coutp: number,
    outPtr: number,
    relu: number,
    dummyPtr: number,
  ): void;
  /** Max (average = 0) or average pooling with windows clipped to the image (pool.ts). */
  pool2d(
    inPtr: number,
    inH: number,
    inW: number,
    cp: number,
    samples: number,
    ph: number,
    pw: number,
    sh: number,
    sw: number,
    padTop: number,
    padLeft: number,
    outH: number,
    outW: number,
    outPtr: number,
    average: number,
  ): void;
  /** Mean over `pixels` pixels per sample and channel (pool.ts). */
  globalAvgPool(inPtr: number, pixels: number, cp: number, samples: number, outPtr: number): void;
  /** Element-wise activation by code, in place; length % 4 == 0 (activations.ts). */
  activate(dataPtr: number, length: number, kind: number, alpha: number): void;
  /** Softmax over the first `width` values of each row, in place (activations.ts). */
  softmaxRows(dataPtr: number, stride: number, rows: number, width: number): void;
  /** Inference batch norm over channels-last rows (elementwise.ts). */
  batchNorm(
    inPtr: number,
    rows: number,
    cp: number,
    gammaPtr: number,
    betaPtr: number,
    meanPtr: number,
    variancePtr: number,
    epsilon: number,
    outPtr: number,
    scratchPtr: number,
  ): void;
  /** out = a + b, then optional ReLU; length % 4 == 0 (elementwise.ts). */
  addTensors(aPtr: number, bPtr: number, outPtr: number, length: number, relu: number): void;
  /** Adds a block's binary cross-entropy sum and hits to two f64 (bce.ts). */
  binaryCrossEntropy(
    logitsPtr: number,
    stride: number,
    rows: number,
    labelsPtr: number,
    resultPtr: number,
  ): void;
  /** Winograd F(2x2, 3x3) weights: [3, 3, cin, coutp] into [16, cinStride, coutp] (winograd.ts). */
  winogradWeights(
    wPtr: number,
    cin: number,
    cinStride: number,
    coutp: number,
    outPtr: number,
  ): void;
  /** Winograd input tiles of padded images, [tile, 16, stride] (winograd.ts). */
  winogradInput(
    inPtr: number,
    inH: number,
    inW: number,
    stride: number,
    samples: number,
    tilesH: number,
    tilesW: number,
    outPtr: number,
  ): void;
  /** The 16 GEMMs of a Winograd convolution over all tiles of a block (winograd.ts). */
  winogradMultiply(
    vPtr: number,
    tiles: number,
    cinStride: number,
    uPtr: number,
    coutp: number,
    zerosPtr: number,
    mPtr: number,
  ): void;
  /** Winograd output transform + bias + optional ReLU and 2x2 max pool, channels-last (winograd.ts). */
  winogradOutput(
    mPtr: number,
    samples: number,
    tilesH: number,
    tilesW: number,
    coutp: number,
    biasPtr: number,
    relu: number,
    outH: number,
    outW: number,
    pool: number,
    outPtr: number,
  ): void;
}
