// SIMD exp for the softmax: Cephes expf (S. L. Moshier, Cephes Math Library, expf.c), 4 lanes.
//
// Why: with scalar Mathf.exp the softmax of 784-128-10 took ~0.11 ms per grid point, a third
// of the whole point (measured); this version, inlined, takes ~0.06 ms.
// Method: x = n ln2 + r with n = round(x / ln2) and |r| <= ln2/2 (Cody-Waite two-part ln2, so
// r is exact to f32), exp(r) by Cephes' degree-7 polynomial, 2^n assembled in the exponent
// bits. Max error 0.7 ulp over [-87, 88], measured against Math.exp in the tests.
// Inputs below -87 return exp(-87) ~ 1.6e-38 (for the softmax, 0 next to the largest term 1);
// NaN stays NaN; inputs above 88 are clamped (the softmax never passes any: x = l - max <= 0).

// The constants live in static memory and are read with load32_splat (one vbroadcastss): a
// v128.const or f32x4.splat of a constant costs V8 3-4 instructions per use, and with them
// inline this function ran 3x slower (measured).
const CLAMP_LOW: usize = 0; // byte offsets into TABLE
const CLAMP_HIGH: usize = 4;
const LOG2E: usize = 8;
const ROUNDER: usize = 12; // 1.5 * 2^23: adding it rounds to an integer
const LN2_HI: usize = 16; // ln 2 = LN2_HI + LN2_LO (Cody-Waite)
const LN2_LO: usize = 20;
const ONE: usize = 24;
const C0: usize = 28; // Cephes coefficients of r^7 ... r^2, i.e. exp(r) = 1 + r + r^2 q(r)
const C1: usize = 32;
const C2: usize = 36;
const C3: usize = 40;
const C4: usize = 44;
const C5: usize = 48;
const EXPONENT_BIAS: usize = 52; // i32: 127 - bits(ROUNDER)
const S0: usize = 56; // the shorter polynomial of softmaxExp4: exp(r) = 1 + r + r^2 (S0 + ... S3 r^3)
const S1: usize = 60;
const S2: usize = 64;
const S3: usize = 68;
// Values in the order of the offsets above.
const TABLE = memory.data<f32>([
  -87,
  88,
  1.44269504088896341,
  12582912,
  0.693359375,
  -2.12194440e-4,
  1,
  1.9875691500e-4,
  1.3981999507e-3,
  8.3334519073e-3,
  4.1665795894e-2,
  1.6666665459e-1,
  5.0000001201e-1,
  reinterpret<f32>(127 - 0x4b400000),
  0.499992311,
  0.166671142,
  0.0418901183,
  0.00831252709,
]);

function constant(offset: usize): v128 {
  return v128.load32_splat(TABLE + offset);
}

/**
 * Holds exp4 as a static method only because a method decorator is valid TypeScript: deno fmt
 * deletes `@inline` on a plain function. Inlining matters: called, exp4 is one long dependency
 * chain at a time (~30 cycles per vector measured); inlined, the CPU overlaps several.
 */
export class FastExp {
  /** Returns e^x per lane (see the accuracy note above). */
  @inline
  static exp4(x: v128): v128 {
    // pmax/pmin with the input first keep NaN (the comparison is false, the input passes).
    const t = f32x4.pmin(f32x4.pmax(x, constant(CLAMP_LOW)), constant(CLAMP_HIGH));
    // Adding 1.5 * 2^23 rounds t * log2(e) to the nearest integer n, which then sits in the low
    // mantissa bits (no nearest + trunc_sat, whose x86 lowering is long).
    const shifted = f32x4.add(f32x4.mul(t, constant(LOG2E)), constant(ROUNDER));
    const n = f32x4.sub(shifted, constant(ROUNDER));
    const r = f32x4.sub(
      f32x4.sub(t, f32x4.mul(n, constant(LN2_HI))),
      f32x4.mul(n, constant(LN2_LO)),
    );
    // Estrin's scheme instead of Horner's: the same polynomial with a dependency chain half as
    // long, which is what limits this function (17 -> 15 cycles per vector in a plain loop).
    const r2 = f32x4.mul(r, r);
    const r4 = f32x4.mul(r2, r2);
    const low = f32x4.add(f32x4.mul(constant(C4), r), constant(C5));
    const mid = f32x4.add(f32x4.mul(constant(C2), r), constant(C3));
    const high = f32x4.add(f32x4.mul(constant(C0), r), constant(C1));
    const q = f32x4.add(f32x4.add(low, f32x4.mul(r2, mid)), f32x4.mul(r4, high));
    const p = f32x4.add(f32x4.add(f32x4.mul(r2, q), r), constant(ONE));
    // 2^n from its bits: n + 127 into the exponent field; n is in [-126, 127] after the clamp.
    const scale = i32x4.shl(i32x4.add(shifted, constant(EXPONENT_BIAS)), 23);
    return f32x4.mul(p, scale);
  }

  /**
   * Returns e^x per lane for x <= 0 (a softmax's x - max), faster than exp4: no upper clamp, and
   * a degree-5 polynomial instead of degree 7. Its coefficients were fitted to the relative
   * error of exp on [-ln2/2, ln2/2] (reweighted least squares towards minimax, in f64): 1.05e-7
   * there, so with f32 rounding the result is within 2 ulp of e^x over [-87, 0] (measured in the
   * tests). Inputs below -87 give about exp(-87); NaN stays NaN; positive inputs are not
   * supported (up to 88 they still come out right, beyond that the exponent wraps).
   */
  @inline
  static softmaxExp4(x: v128): v128 {
    const t = f32x4.pmax(x, constant(CLAMP_LOW));
    const shifted = mulAdd(t, constant(LOG2E), constant(ROUNDER));
    const n = f32x4.sub(shifted, constant(ROUNDER));
    const r = negMulAdd(n, constant(LN2_LO), negMulAdd(n, constant(LN2_HI), t));
    const r2 = f32x4.mul(r, r);
    const low = mulAdd(constant(S1), r, constant(S0));
    const high = mulAdd(constant(S3), r, constant(S2));
    const p = f32x4.add(mulAdd(r2, mulAdd(r2, high, low), r), constant(ONE));
    const scale = i32x4.shl(i32x4.add(shifted, constant(EXPONENT_BIAS)), 23);
    return f32x4.mul(p, scale);
  }
}

// a*b + c and c - a*b: one fused operation each in the relaxed build (the softmax's exp has
// six of them: the fused MLP point went from 1.28-1.33x to 1.22-1.25x its GEMM), separate mul
// and add/sub in the plain build, which thus rounds exactly as before. Inlined by binaryen.
function mulAdd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

function negMulAdd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_nmadd(a, b, c);
  return f32x4.sub(c, f32x4.mul(a, b));
}

/**
 * data[i] = exp(data[i]) with softmaxExp4 (for data[i] <= 0), in place; exported for the tests.
 *
 * Preconditions: length % 4 == 0; length >= 0; dataPtr 4-byte aligned.
 */
export function softmaxExpInPlace(dataPtr: usize, length: i32): void {
  const end = dataPtr + (<usize> length << 2);
  for (let p = dataPtr; p < end; p += 16) {
    v128.store(p, FastExp.softmaxExp4(v128.load(p)));
  }
}

/**
 * data[i] = exp(data[i]) with the SIMD approximation, in place; exported so the tests can
 * measure its accuracy directly.
 *
 * Preconditions: length % 4 == 0; length >= 0; dataPtr 4-byte aligned.
 */
export function expInPlace(dataPtr: usize, length: i32): void {
  const end = dataPtr + (<usize> length << 2);
  for (let p = dataPtr; p < end; p += 16) {
    v128.store(p, FastExp.exp4(v128.load(p)));
  }
}
