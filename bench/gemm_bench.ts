/**
 * GFLOP/s of the engine's dense GEMM (`gemmBias`, both kernel builds) against this machine's
 * 128-bit wasm SIMD ceiling on one core, measured in the same run (`simd_ceiling.ts`): plain
 * SIMD against the mul + add loop, relaxed SIMD against the FMA loop.
 *
 * Shapes: the per-point layer of the default scan (2,000 rows of 128 hidden units times the
 * 128x12 logits kernel, in the tile runner's 64-row blocks) and the first-layer precompute
 * (256 staged rows x 784 inputs x 384 = three 128-wide products side by side).
 * The printed table has the GFLOP/s (best of ~0.5 s) and each ratio to its ceiling; the Deno
 * groups time the same FLOPs on the GEMM and on the ceiling loop (baseline), so "x slower than
 * baseline" is the inverse of that ratio.
 * @module
 */
import { instantiateKernel, type Kernel } from "../lib/engine/mod.ts";
import { KERNEL_VARIANTS, type KernelVariant } from "../lib/engine/kernel/variants.ts";
import {
  CEILING_FLOPS_PER_ITERATION,
  ceilingModuleBytes,
  measureSimdCeiling,
} from "./simd_ceiling.ts";

const SHAPES = [
  {
    name: "per point: 2,000x128 @ 128x12 in 64-row blocks",
    rows: 64,
    depth: 128,
    width: 12,
    calls: 32,
  },
  { name: "precompute: 256x784 @ 784x384", rows: 256, depth: 784, width: 384, calls: 1 },
];

/** Returns a function running one shape's GEMM calls on fresh kernel memory. */
function gemmRunner(kernel: Kernel, shape: (typeof SHAPES)[number]): () => void {
  const { rows, depth, width, calls } = shape;
  const input = kernel.allocate(rows * depth * 4), weights = kernel.allocate(depth * width * 4);
  const bias = kernel.allocate(width * 4), out = kernel.allocate(rows * width * 4);
  kernel.f32.fill(0.01, input / 4, out / 4); // benign values: no denormals, no overflow
  return () => {
    for (let c = 0; c < calls; c++) {
      kernel.gemmBias(input, depth, rows, depth, weights, width, bias, out, width, width, 1);
    }
  };
}

function bestGflops(run: () => void, flops: number, seconds = 0.5): number {
  for (let i = 0; i < 20; i++) run(); // tier up first
  let best = Infinity;
  const deadline = performance.now() + seconds * 1000;
  do {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  } while (performance.now() < deadline);
  return flops / (best * 1e6);
}

const ceilings = { simd: measureSimdCeiling(false), "relaxed-simd": measureSimdCeiling(true) };
const runnable = KERNEL_VARIANTS.filter((variant) => Number.isFinite(ceilings[variant]));
const kernels = new Map<KernelVariant, Kernel>();
for (const variant of runnable) kernels.set(variant, await instantiateKernel(variant));

const rows = [
  "| kernel | shape | GFLOP/s | ceiling GFLOP/s (same run) | share of ceiling |",
  "| --- | --- | ---: | ---: | ---: |",
];
for (const variant of runnable) {
  for (const shape of SHAPES) {
    const flops = 2 * shape.rows * shape.depth * shape.width * shape.calls;
    const gflops = bestGflops(gemmRunner(kernels.get(variant)!, shape), flops);
    const ceiling = ceilings[variant];
    rows.push(
      `| ${variant} | ${shape.name} | ${gflops.toFixed(1)} | ${ceiling.toFixed(1)} (${
        variant === "simd" ? "mul + add" : "FMA"
      }) | ${(100 * gflops / ceiling).toFixed(0)}% |`,
    );
  }
}
console.log(rows.join("\n"));

for (const variant of runnable) {
  const shape = SHAPES[0];
  const flops = 2 * shape.rows * shape.depth * shape.width * shape.calls;
  const instance = new WebAssembly.Instance(
    new WebAssembly.Module(ceilingModuleBytes(variant !== "simd")),
  );
  const peak = instance.exports.peak as (iterations: number) => number;
  const group = `${shape.name}, ${variant}`;
  Deno.bench({
    name: `ceiling loop (${variant === "simd" ? "mul + add" : "FMA"}), same FLOPs`,
    group,
    baseline: true,
    fn: () => void peak(Math.round(flops / CEILING_FLOPS_PER_ITERATION)),
  });
  Deno.bench({
    name: `gemmBias (${variant})`,
    group,
    fn: gemmRunner(kernels.get(variant)!, shape),
  });
}
