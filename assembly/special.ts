// Four-lane tanh, sigmoid and GELU on top of FastExp (./exp, Cephes expf, 0.7 ulp).
//
// - tanh: Cephes tanhf (S. L. Moshier): for |x| < 0.625 the odd polynomial x + x^3 P(x^2), where
//   1 - 2/(e^2x + 1) would cancel; else 1 - 2/(e^2|x| + 1) with the sign restored. ~2 ulp.
// - sigmoid: 1 / (1 + e^-x); for x < -87 the clamped exp gives ~6e-39 instead of ~0.
// - GELU, exact form x Phi(x) = 0.5 x (1 + erf(x / sqrt 2)) (Hendrycks & Gimpel 2016). 1 + erf(z)
//   is computed as erfc(-z) (z < 0) or 2 - erfc(z) (z >= 0), never as 1 + erf, so it keeps its
//   relative accuracy in the negative tail; erfc by the Chebyshev fit of Numerical Recipes
//   (Press et al., 2nd ed., sec. 6.2, erfcc: fractional error below 1.2e-7 for every z >= 0).

import { FastExp } from "./exp";

const TANH_SMALL: f32 = 0.625;

/** Cephes tanhf, four lanes. */
export function tanh4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(<f32> -5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(<f32> 2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(<f32> -5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(<f32> 1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(<f32> -3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const e = FastExp.exp4(f32x4.add(ax, ax));
  const two = f32x4.splat(2);
  const largeAbs = f32x4.sub(f32x4.splat(1), f32x4.div(two, f32x4.add(e, f32x4.splat(1))));
  // Copy x's sign bit onto |tanh|.
  const signBit = v128.and(x, f32x4.splat(-0.0));
  const large = v128.or(largeAbs, signBit);
  return v128.bitselect(small, large, f32x4.lt(ax, f32x4.splat(TANH_SMALL)));
}

/** The logistic function, four lanes. */
export function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, FastExp.exp4(f32x4.neg(x))));
}

/** erfc(z) for z >= 0 (Numerical Recipes erfcc), four lanes. */
export function erfcNonNegative4(z: v128): v128 {
  const t = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), f32x4.mul(f32x4.splat(0.5), z)));
  let p = f32x4.splat(<f32> 0.17087277);
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32> -0.82215223));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32> 1.48851587));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32> -1.13520398));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32> 0.27886807));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32> -0.18628806));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32> 0.09678418));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32> 0.37409196));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32> 1.00002368));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(<f32> -1.26551223));
  const exponent = f32x4.sub(p, f32x4.mul(z, z));
  return f32x4.mul(t, FastExp.exp4(exponent));
}

/** GELU, exact erf form, four lanes. */
export function gelu4(x: v128): v128 {
  const z = f32x4.mul(x, f32x4.splat(<f32> Math.SQRT1_2));
  const tail = erfcNonNegative4(f32x4.abs(z));
  const onePlusErf = v128.bitselect(
    tail,
    f32x4.sub(f32x4.splat(2), tail),
    f32x4.lt(z, f32x4.splat(0)),
  );
  return f32x4.mul(f32x4.mul(f32x4.splat(0.5), x), onePlusErf);
}
