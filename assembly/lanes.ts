// Small SIMD helpers shared by the register-blocked kernels (./gemm_blocks, ./conv_blocks,
// ./mlp_panels, ./winograd_gemm). They are static methods only because a method decorator is
// valid TypeScript (deno fmt deletes `@inline` on a plain function, as in ./exp).

/** Lane helpers, inlined where they are called. */
export class Lanes {
  /** Adds a*w to the accumulator: fused in the relaxed build, separate mul and add otherwise. */
  @inline
  static madd(acc: v128, a: v128, w: v128): v128 {
    if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, w, acc);
    return f32x4.add(acc, f32x4.mul(a, w));
  }
}
