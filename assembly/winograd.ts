// 3x3 stride-1 convolution by Winograd's minimal filtering F(2x2, 3x3) (A. Lavin and S. Gray,
// "Fast Algorithms for Convolutional Neural Networks", CVPR 2016, eq. 8): every 2x2 block of
// output pixels is Y = A^T [(G g G^T) . (B^T d B)] A over the 4x4 input tile d that covers it, so
// the 36 multiplies of direct convolution per output pixel and channel pair become 16 per four
// pixels (2.25x fewer). The element-wise products summed over input channels are 16 GEMMs, one
// per tile position xi, with the tiles as rows (./winograd_gemm). A 2x2 stride-2 max pool after
// the conv can be folded into the output transform: its windows are the output tiles.
//
// Layouts (f32, channels-last, channel counts padded to multiples of 4):
// - weights g: [3, 3, cin, coutp] (the packed conv kernel); transformed U: [16, cinStride, coutp]
// - input tiles V and products M: [tile, 16, channels], tiles ordered sample, tile row, tile col
// The transforms only add, subtract and halve, so the float32 error stays within a few ulp of
// the sums' magnitude (the parity suite checks it against TF.js).

import { WinogradTile } from "./winograd_tiles";

/**
 * U[xi, c, o] = (G g[:, :, c, o] G^T)[xi] with G = [[1, 0, 0], [1/2, 1/2, 1/2],
 * [1/2, -1/2, 1/2], [0, 0, 1]], for c < cin; rows cin..cinStride of U are left as they are
 * (the host keeps them zero).
 *
 * Preconditions: coutp % 4 == 0; cin <= cinStride; out does not overlap w.
 */
export function winogradWeights(
  wPtr: usize,
  cin: i32,
  cinStride: i32,
  coutp: i32,
  outPtr: usize,
): void {
  const rowBytes = <usize> coutp << 2;
  const tapBytes = <usize> cin * rowBytes;
  const xiBytes = <usize> cinStride * rowBytes;
  const half = f32x4.splat(0.5);
  for (let c = 0; c < cin; c++) {
    for (let o: usize = 0; o < rowBytes; o += 16) {
      const src = wPtr + <usize> c * rowBytes + o;
      const dst = outPtr + <usize> c * rowBytes + o;
      // t = G g, one column j of the 3x3 kernel at a time; then u = t G^T, row by row.
      const g00 = v128.load(src), g01 = v128.load(src + tapBytes);
      const g02 = v128.load(src + 2 * tapBytes);
      const g10 = v128.load(src + 3 * tapBytes), g11 = v128.load(src + 4 * tapBytes);
      const g12 = v128.load(src + 5 * tapBytes);
      const g20 = v128.load(src + 6 * tapBytes), g21 = v128.load(src + 7 * tapBytes);
      const g22 = v128.load(src + 8 * tapBytes);
      const outer0 = f32x4.add(g00, g20), outer1 = f32x4.add(g01, g21);
      const outer2 = f32x4.add(g02, g22);
      const t10 = f32x4.mul(half, f32x4.add(outer0, g10));
      const t11 = f32x4.mul(half, f32x4.add(outer1, g11));
      const t12 = f32x4.mul(half, f32x4.add(outer2, g12));
      const t20 = f32x4.mul(half, f32x4.sub(outer0, g10));
      const t21 = f32x4.mul(half, f32x4.sub(outer1, g11));
      const t22 = f32x4.mul(half, f32x4.sub(outer2, g12));
      storeRow(dst, xiBytes, 0, g00, g01, g02, half);
      storeRow(dst, xiBytes, 4, t10, t11, t12, half);
      storeRow(dst, xiBytes, 8, t20, t21, t22, half);
      storeRow(dst, xiBytes, 12, g20, g21, g22, half);
    }
  }
}

/** Stores row (t0, t1, t2) G^T as U[first .. first + 4). */
function storeRow(
  dst: usize,
  xiBytes: usize,
  first: usize,
  t0: v128,
  t1: v128,
  t2: v128,
  half: v128,
): void {
  const outer = f32x4.add(t0, t2);
  v128.store(dst + first * xiBytes, t0);
  v128.store(dst + (first + 1) * xiBytes, f32x4.mul(half, f32x4.add(outer, t1)));
  v128.store(dst + (first + 2) * xiBytes, f32x4.mul(half, f32x4.sub(outer, t1)));
  v128.store(dst + (first + 3) * xiBytes, t2);
}

/**
 * V[tile, xi, c] = (B^T d B)[xi] for the 4x4 input tile d whose corner is (2 ty, 2 tx), with
 * B^T = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]].
 *
 * Preconditions: stride % 4 == 0 (pixel stride of the input, channels of V); the images are
 * [inH, inW, stride] with inH >= 2 tilesH + 2 and inW >= 2 tilesW + 2 (zero-padded by the host).
 */
export function winogradInput(
  inPtr: usize,
  inH: i32,
  inW: i32,
  stride: i32,
  samples: i32,
  tilesH: i32,
  tilesW: i32,
  outPtr: usize,
): void {
  const pixelBytes = <usize> stride << 2;
  const rowBytes = <usize> inW * pixelBytes;
  const sampleBytes = <usize> inH * rowBytes;
  let out = outPtr;
  for (let s = 0; s < samples; s++) {
    for (let ty = 0; ty < tilesH; ty++) {
      let corner = inPtr + <usize> s * sampleBytes + <usize> (2 * ty) * rowBytes;
      for (let tx = 0; tx < tilesW; tx++) {
        for (let c: usize = 0; c < pixelBytes; c += 16) {
          WinogradTile.input(corner + c, rowBytes, pixelBytes, out + c, pixelBytes);
        }
        corner += pixelBytes << 1;
        out += pixelBytes << 4;
      }
    }
  }
}

/**
 * out[s, 2 ty + i, 2 tx + j, :] = act(bias + (A^T m A)[i, j]) for every tile's M values m, with
 * A^T = [[1, 1, 1, 0], [0, 1, -1, -1]]; pixels beyond outH or outW (odd sizes) are not written.
 * act is ReLU (pmax, NaN kept) when relu != 0. With pool != 0 the output is instead max-pooled
 * over 2x2 windows at stride 2 ("valid": floor(outH / 2) x floor(outW / 2) pixels, one per whole
 * tile; a NaN in a window gives NaN), as pool2d would pool the unpooled output.
 *
 * Preconditions: coutp % 4 == 0 (channels of M and pixel stride of out); tilesH = ceil(outH / 2),
 * tilesW = ceil(outW / 2); out overlaps nothing.
 */
export function winogradOutput(
  mPtr: usize,
  samples: i32,
  tilesH: i32,
  tilesW: i32,
  coutp: i32,
  biasPtr: usize,
  relu: i32,
  outH: i32,
  outW: i32,
  pool: i32,
  outPtr: usize,
): void {
  const pixelBytes = <usize> coutp << 2;
  const pooled = pool != 0, pooledH = outH >> 1, pooledW = outW >> 1;
  const rows = pooled ? pooledH : outH, cols = pooled ? pooledW : outW;
  const rowBytes = <usize> cols * pixelBytes;
  const sampleBytes = <usize> rows * rowBytes;
  const floor = f32x4.splat(relu != 0 ? <f32> 0 : -Infinity);
  const tileBytes = pixelBytes << 4;
  let m = mPtr;
  for (let s = 0; s < samples; s++) {
    for (let ty = 0; ty < tilesH; ty++) {
      const fullRows = 2 * ty + 1 < outH;
      for (let tx = 0; tx < tilesW; tx++) {
        const fullCols = 2 * tx + 1 < outW;
        if (!pooled || (ty < pooledH && tx < pooledW)) {
          const step = pooled ? 1 : 2;
          const dst = outPtr + <usize> s * sampleBytes + <usize> (step * ty) * rowBytes +
            <usize> (step * tx) * pixelBytes;
          for (let o: usize = 0; o < pixelBytes; o += 16) {
            const bias = v128.load(biasPtr + o);
            WinogradTile.output(
              m + o,
              pixelBytes,
              bias,
              floor,
              dst + o,
              pixelBytes,
              rowBytes,
              fullRows,
              fullCols,
              pooled,
            );
          }
        }
        m += tileBytes;
      }
    }
  }
}
