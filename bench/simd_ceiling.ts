/**
 * This machine's 128-bit wasm SIMD ceiling on one core, measured rather than looked up: two
 * hand-assembled wasm modules run a tight loop of independent f32x4 multiply-adds (12 chains,
 * enough to hide the latency, few enough to stay in V8's 16 xmm registers), one with separate
 * mul + add and one with relaxed_madd (FMA). No loads or stores: an upper bound no GEMM beats.
 * @module
 */

/** Accumulator chains; with the two constants that is 14 live v128 values. */
const CHAINS = 12;
/** Chain steps per loop iteration, to make the loop's own counter and branch negligible. */
const UNROLL = 4;
/** FLOPs of one loop iteration: every step of every chain is a 4-lane multiply and add. */
export const CEILING_FLOPS_PER_ITERATION = CHAINS * UNROLL * 8;

const uleb = (value: number): number[] => {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
};
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const simd = (opcode: number) => [0xfd, ...uleb(opcode)];
const f32x4Const = (value: number) => {
  const lane = new Uint8Array(new Float32Array([value]).buffer);
  return [...simd(0x0c), ...lane, ...lane, ...lane, ...lane];
};

/**
 * Assembles the ceiling module: `peak(iterations: i32) -> f32` runs the loop and returns a sum
 * of the accumulators (so nothing is dead code).
 *
 * @param fused Whether to use f32x4.relaxed_madd (FMA) instead of f32x4.mul + f32x4.add.
 * @returns The wasm bytes.
 * @example
 * ```ts
 * import { ceilingModuleBytes } from "./simd_ceiling.ts";
 * console.log(WebAssembly.validate(ceilingModuleBytes(false))); // true
 * ```
 */
export function ceilingModuleBytes(fused: boolean): Uint8Array<ArrayBuffer> {
  const x = CHAINS + 1, y = CHAINS + 2; // locals: 0 = iterations, 1..CHAINS = accumulators
  const body: number[] = [1, ...uleb(CHAINS + 2), 0x7b]; // one group of v128 locals
  for (let k = 1; k <= CHAINS; k++) body.push(...f32x4Const(k * 1e-3), 0x21, k);
  body.push(...f32x4Const(0.999999), 0x21, x, ...f32x4Const(1e-6), 0x21, y);
  body.push(0x03, 0x40); // loop
  for (let step = 0; step < UNROLL; step++) {
    for (let k = 1; k <= CHAINS; k++) {
      body.push(0x20, k, 0x20, x);
      if (fused) body.push(0x20, y, ...simd(0x105)); // relaxed_madd: acc * x + y
      else body.push(...simd(0xe6), 0x20, y, ...simd(0xe4)); // mul, then add
      body.push(0x21, k);
    }
  }
  body.push(0x20, 0, 0x41, 1, 0x6b, 0x22, 0, 0x0d, 0, 0x0b); // i -= 1; br_if i != 0; end
  body.push(0x20, 1);
  for (let k = 2; k <= CHAINS; k++) body.push(0x20, k, ...simd(0xe4));
  body.push(...simd(0x1f), 0, 0x0b); // extract lane 0; end
  const code = [...uleb(body.length), ...body];
  const name = [...new TextEncoder().encode("peak")];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7d]), // type: (i32) -> f32
    ...section(3, [1, 0]),
    ...section(7, [1, name.length, ...name, 0x00, 0]),
    ...section(10, [1, ...code]),
  ]);
}

/**
 * Measures the ceiling in GFLOP/s: the best of several timed runs after a warm-up.
 *
 * @param fused FMA (relaxed_madd) or separate mul + add.
 * @param seconds Roughly how long to measure.
 * @returns GFLOP/s on one core, or NaN when the runtime rejects the module (no relaxed SIMD).
 * @example
 * ```ts
 * import { measureSimdCeiling } from "./simd_ceiling.ts";
 * console.log(measureSimdCeiling(false, 0.05) > 0); // true
 * ```
 */
export function measureSimdCeiling(fused: boolean, seconds = 0.5): number {
  const bytes = ceilingModuleBytes(fused);
  if (!WebAssembly.validate(bytes)) return NaN;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  const peak = instance.exports.peak as (iterations: number) => number;
  peak(100_000); // tier up to the optimising compiler before timing
  const iterations = 1_000_000;
  let best = Infinity;
  const deadline = performance.now() + seconds * 1000;
  do {
    const start = performance.now();
    peak(iterations);
    best = Math.min(best, performance.now() - start);
  } while (performance.now() < deadline);
  return (iterations * CEILING_FLOPS_PER_ITERATION) / (best * 1e6);
}
