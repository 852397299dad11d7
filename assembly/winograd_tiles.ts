// The per-tile transforms of Winograd F(2x2, 3x3) (./winograd), four channels at a time: an
// input tile's B^T d B and an output tile's A^T m A with bias, ReLU and an optional 2x2 max pool.
// Each works on values held in registers, column by column, with no round trip through memory.
// They are static methods only because a method decorator is valid TypeScript (deno fmt deletes
// `@inline` on a plain function, as in ./exp); inlined, the loops around them cost a third less
// than calls (measured on the cnn preset's second conv).

/** The per-tile transforms, inlined where they are called. */
export class WinogradTile {
  /**
   * V = B^T d B for four channels of one 4x4 input tile d (row r, pixel j at corner + r rowBytes +
   * j pixelBytes), B^T = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]]; V[xi] goes to
   * dst + xi xiBytes. Column q of d B, then B^T of that column: at most eight values live (all
   * sixteen would not fit V8's 15 allocatable xmm registers), no round trip through memory.
   */
  @inline
  static input(
    corner: usize,
    rowBytes: usize,
    pixelBytes: usize,
    dst: usize,
    xiBytes: usize,
  ): void {
    const r1 = corner + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes;
    const p1 = pixelBytes, p2 = pixelBytes << 1, p3 = p1 + p2;
    // (d B)[r, 0] = d[r, 0] - d[r, 2]
    WinogradTile.columnBT(
      dst,
      xiBytes,
      f32x4.sub(v128.load(corner), v128.load(corner + p2)),
      f32x4.sub(v128.load(r1), v128.load(r1 + p2)),
      f32x4.sub(v128.load(r2), v128.load(r2 + p2)),
      f32x4.sub(v128.load(r3), v128.load(r3 + p2)),
    );
    // (d B)[r, 1] = d[r, 1] + d[r, 2]
    WinogradTile.columnBT(
      dst + xiBytes,
      xiBytes,
      f32x4.add(v128.load(corner + p1), v128.load(corner + p2)),
      f32x4.add(v128.load(r1 + p1), v128.load(r1 + p2)),
      f32x4.add(v128.load(r2 + p1), v128.load(r2 + p2)),
      f32x4.add(v128.load(r3 + p1), v128.load(r3 + p2)),
    );
    // (d B)[r, 2] = d[r, 2] - d[r, 1]
    WinogradTile.columnBT(
      dst + 2 * xiBytes,
      xiBytes,
      f32x4.sub(v128.load(corner + p2), v128.load(corner + p1)),
      f32x4.sub(v128.load(r1 + p2), v128.load(r1 + p1)),
      f32x4.sub(v128.load(r2 + p2), v128.load(r2 + p1)),
      f32x4.sub(v128.load(r3 + p2), v128.load(r3 + p1)),
    );
    // (d B)[r, 3] = d[r, 1] - d[r, 3]
    WinogradTile.columnBT(
      dst + 3 * xiBytes,
      xiBytes,
      f32x4.sub(v128.load(corner + p1), v128.load(corner + p3)),
      f32x4.sub(v128.load(r1 + p1), v128.load(r1 + p3)),
      f32x4.sub(v128.load(r2 + p1), v128.load(r2 + p3)),
      f32x4.sub(v128.load(r3 + p1), v128.load(r3 + p3)),
    );
  }

  /** Stores B^T x for one column x of d B: rows 0..3 at dst + 4 i xiBytes. */
  @inline
  static columnBT(dst: usize, xiBytes: usize, x0: v128, x1: v128, x2: v128, x3: v128): void {
    const step = xiBytes << 2;
    v128.store(dst, f32x4.sub(x0, x2));
    v128.store(dst + step, f32x4.add(x1, x2));
    v128.store(dst + 2 * step, f32x4.sub(x2, x1));
    v128.store(dst + 3 * step, f32x4.sub(x1, x3));
  }

  /**
   * Y = act(bias + A^T m A) for four channels of one tile's products (m[xi] at src + xi xiBytes),
   * A^T = [[1, 1, 1, 0], [0, 1, -1, -1]], act = pmax(., floor) (ReLU with floor 0, NaN kept). With
   * `pooled`, stores max(Y) at dst as a 2x2 max pool would (a NaN in Y gives NaN); otherwise Y[0, 0]
   * at dst, Y[0, 1] a pixel right (fullCols), Y[1, *] a row below (fullRows).
   */
  @inline
  static output(
    src: usize,
    xiBytes: usize,
    bias: v128,
    floor: v128,
    dst: usize,
    pixelBytes: usize,
    rowBytes: usize,
    fullRows: bool,
    fullCols: bool,
    pooled: bool,
  ): void {
    // m A row by row (two values per row), then A^T of those columns.
    const row = xiBytes << 2;
    const a0 = WinogradTile.rowTimesA0(src, xiBytes), b0 = WinogradTile.rowTimesA1(src, xiBytes);
    const a1 = WinogradTile.rowTimesA0(src + row, xiBytes),
      b1 = WinogradTile.rowTimesA1(src + row, xiBytes);
    const a2 = WinogradTile.rowTimesA0(src + 2 * row, xiBytes),
      b2 = WinogradTile.rowTimesA1(src + 2 * row, xiBytes);
    const a3 = WinogradTile.rowTimesA0(src + 3 * row, xiBytes),
      b3 = WinogradTile.rowTimesA1(src + 3 * row, xiBytes);
    const y00 = f32x4.pmax(f32x4.add(f32x4.add(f32x4.add(a0, a1), a2), bias), floor);
    const y01 = f32x4.pmax(f32x4.add(f32x4.add(f32x4.add(b0, b1), b2), bias), floor);
    const y10 = f32x4.pmax(f32x4.add(f32x4.sub(f32x4.sub(a1, a2), a3), bias), floor);
    const y11 = f32x4.pmax(f32x4.add(f32x4.sub(f32x4.sub(b1, b2), b3), bias), floor);
    if (pooled) {
      // pmax keeps a NaN only in its first operand: NaN lanes are tracked apart (all-ones bits
      // are a NaN), as assembly/pool.ts does for an unfused pool.
      const top = f32x4.pmax(f32x4.pmax(y00, y01), f32x4.pmax(y10, y11));
      const nan = v128.or(
        v128.or(f32x4.ne(y00, y00), f32x4.ne(y01, y01)),
        v128.or(f32x4.ne(y10, y10), f32x4.ne(y11, y11)),
      );
      v128.store(dst, v128.or(top, nan));
      return;
    }
    v128.store(dst, y00);
    if (fullCols) v128.store(dst + pixelBytes, y01);
    if (fullRows) {
      v128.store(dst + rowBytes, y10);
      if (fullCols) v128.store(dst + rowBytes + pixelBytes, y11);
    }
  }

  /** (m A)[0] = m0 + m1 + m2 of the row of four values `step` bytes apart at p. */
  @inline
  static rowTimesA0(p: usize, step: usize): v128 {
    return f32x4.add(f32x4.add(v128.load(p), v128.load(p + step)), v128.load(p + 2 * step));
  }

  /** (m A)[1] = m1 - m2 - m3 of the row of four values `step` bytes apart at p. */
  @inline
  static rowTimesA1(p: usize, step: usize): v128 {
    return f32x4.sub(
      f32x4.sub(v128.load(p + step), v128.load(p + 2 * step)),
      v128.load(p + 3 * step),
    );
  }
}
