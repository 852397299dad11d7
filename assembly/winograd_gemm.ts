// The 16 GEMMs of a Winograd F(2x2, 3x3) convolution (./winograd): for each tile position xi,
// M[:, xi, :] = V[:, xi, :] @ U[xi], the tiles of a block as rows, the input channels as depth
// (short: 16 for the cnn preset's second conv), the output channels as columns.

import { Lanes } from "./lanes";
import { gemmBias } from "./gemm";

/**
 * M[tile, xi, :] = sum_c V[tile, xi, c] U[xi, c, :]: 16 GEMMs over all tiles of the block.
 *
 * Preconditions: cinStride % 4 == 0 and coutp % 4 == 0; zerosPtr holds coutp zero floats; M
 * overlaps neither V nor U.
 */
export function winogradMultiply(
  vPtr: usize,
  tiles: i32,
  cinStride: i32,
  uPtr: usize,
  coutp: i32,
  zerosPtr: usize,
  mPtr: usize,
): void {
  const vStep = <usize> (16 * cinStride) << 2, mStep = <usize> (16 * coutp) << 2;
  const uStep = <usize> coutp << 2;
  const wide = coutp & ~7, fullTiles = tiles & ~3;
  for (let xi = 0; xi < 16; xi++) {
    const v = vPtr + (<usize> (xi * cinStride) << 2);
    const u = uPtr + (<usize> (xi * cinStride * coutp) << 2);
    const m = mPtr + (<usize> (xi * coutp) << 2);
    // Panels of 8 products by 4 tiles: 8 accumulators + 2 weights + 1 broadcast, the shape
    // that suits these short depths (gemm's 3x12 blocks leave a 3x4 remainder on 32 columns).
    for (let j = 0; j < wide; j += 8) {
      const jb = <usize> j << 2;
      for (let t = 0; t < fullTiles; t += 4) {
        block4x8(
          v + <usize> t * vStep,
          vStep,
          cinStride,
          u + jb,
          uStep,
          m + <usize> t * mStep + jb,
          mStep,
        );
      }
    }
    const restTiles = tiles - fullTiles;
    if (wide < coutp) {
      const jb = <usize> wide << 2;
      gemmBias(
        v,
        16 * cinStride,
        fullTiles,
        cinStride,
        u + jb,
        coutp,
        zerosPtr,
        m + jb,
        16 * coutp,
        4,
        0,
      );
    }
    if (restTiles > 0) {
      const at = <usize> fullTiles;
      gemmBias(
        v + at * vStep,
        16 * cinStride,
        restTiles,
        cinStride,
        u,
        coutp,
        zerosPtr,
        m + at * mStep,
        16 * coutp,
        coutp,
        0,
      );
    }
  }
}

/** Four rows by eight columns of in @ w, from zero (strides in bytes). */
function block4x8(
  a: usize,
  aStride: usize,
  depth: i32,
  w: usize,
  wStride: usize,
  out: usize,
  outStride: usize,
): void {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00;
  let c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  let p0 = a, p1 = a + aStride, p2 = p1 + aStride, p3 = p2 + aStride;
  let wp = w;
  const end = a + (<usize> depth << 2);
  while (p0 < end) {
    const w0 = v128.load(wp), w1 = v128.load(wp, 16);
    let x = v128.load32_splat(p0);
    c00 = Lanes.madd(c00, x, w0);
    c01 = Lanes.madd(c01, x, w1);
    x = v128.load32_splat(p1);
    c10 = Lanes.madd(c10, x, w0);
    c11 = Lanes.madd(c11, x, w1);
    x = v128.load32_splat(p2);
    c20 = Lanes.madd(c20, x, w0);
    c21 = Lanes.madd(c21, x, w1);
    x = v128.load32_splat(p3);
    c30 = Lanes.madd(c30, x, w0);
    c31 = Lanes.madd(c31, x, w1);
    wp += wStride;
    p0 += 4;
    p1 += 4;
    p2 += 4;
    p3 += 4;
  }
  v128.store(out, c00);
  v128.store(out, c01, 16);
  v128.store(out + outStride, c10);
  v128.store(out + outStride, c11, 16);
  v128.store(out + 2 * outStride, c20);
  v128.store(out + 2 * outStride, c21, 16);
  v128.store(out + 3 * outStride, c30);
  v128.store(out + 3 * outStride, c31, 16);
}
