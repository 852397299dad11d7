/**
 * CPU time per grid point, one thread, for figures that survive a loaded machine: wall-clock
 * benchmarks on a shared machine move with other processes' load, while this process's CPU
 * time (`process.cpuUsage`, user + system) counts only the work done. Each figure is the best
 * of several calls, per point:
 * - the default MLP (784-128-10, 2,000 MNIST digits, 64 points a call): the fused runner and
 *   the general runner (separate combine, GEMM and softmax passes, the engine's structure
 *   before the fused kernel), the per-point GEMM alone (2,000x128 @ 128x12) and the fused
 *   kernel alone on the same blocks, to give each point's cost as a multiple of its GEMM;
 * - the `cnn` preset (2,000 digits, 16 points a call, as a scan tile shares its sample blocks).
 *
 * Run: `deno run --allow-read=. bench/cpu_time.ts` (prints a markdown table).
 * @module
 */
import { createPlaneEvaluator, instantiateKernel } from "../lib/engine/mod.ts";
import { createFusedMlpRunner } from "../lib/engine/run/fused_mlp.ts";
import { createModelRunner } from "../lib/engine/run/runner.ts";
import { preparePlane } from "../lib/engine/run/prepare.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { preset } from "../lib/model/presets.ts";
import { createRng } from "../lib/random.ts";
import { loadDigits, randomPlane } from "./fixtures.ts";
import { processCpuMs } from "./process_cpu.ts";

/** Best CPU milliseconds of `run` over `repeats` calls (after one warm-up call). */
function cpuMs(run: () => void, repeats: number): number {
  run();
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const start = processCpuMs();
    run();
    best = Math.min(best, processCpuMs() - start);
  }
  return best;
}

const data = await loadDigits(2000);
const grid = (n: number) => {
  const a = Float32Array.from({ length: n }, (_, i) => Math.cos(i) * 0.9);
  return { a, b: a.map((_, i) => Math.sin(2 * i) * 0.7) };
};

const mlp = preparePlane({ spec: preset("mlp"), ...randomPlane(7), data });
const runners = {
  fused: await createFusedMlpRunner(
    await instantiateKernel(),
    mlp.plan,
    data,
    mlp.first!,
    mlp.later,
  ),
  general: await createModelRunner(await instantiateKernel(), mlp.plan, data, mlp.first, mlp.later),
};
const points = grid(64), out = [new Float32Array(64), new Float32Array(64)] as const;
const perPoint = (runner: typeof runners.fused) =>
  cpuMs(() => runner.run(points.a, points.b, ...out), 15) / 64;
const fused = perPoint(runners.fused), general = perPoint(runners.general);

const kernel = await instantiateKernel();
const hidden = kernel.allocate(124 * 128 * 4), w2 = kernel.allocate(128 * 12 * 4);
const bias = kernel.allocate(48), logits = kernel.allocate(124 * 48);
kernel.f32.fill(0.01, hidden / 4, logits / 4);
const gemm = cpuMs(() => {
  for (let start = 0; start < 2000; start += 124) {
    const rows = Math.min(124, 2000 - start);
    for (let r = 0; r < 20; r++) {
      kernel.gemmBias(hidden, 128, rows, 128, w2, 12, bias, logits, 12, 12, 0);
    }
  }
}, 40) / 20;

// The fused kernel alone, as the GEMM above: 2,000 rows as 16 calls on one 128-row block of
// products (groups of eight rows, as the fused runner stores them), without the runner's
// per-point weight combination and calls.
const groups = kernel.allocate(128 * 3 * 128 * 4), labels = kernel.allocate(128 * 4);
const scratch = kernel.allocate((8 * 128 + 96) * 4), result = kernel.allocate(16);
kernel.f32.fill(0.01, groups / 4, groups / 4 + 128 * 3 * 128);
const fusedKernel = cpuMs(() => {
  for (let start = 0; start < 2000; start += 128) {
    const rows = Math.min(128, 2000 - start);
    for (let r = 0; r < 20; r++) {
      kernel.mlpPointLoss(
        groups,
        rows,
        128,
        3,
        0.3,
        -0.2,
        1,
        w2,
        bias,
        10,
        labels,
        scratch,
        result,
      );
    }
  }
}, 40) / 20;

const spec = preset("cnn");
const rng = createRng(7);
const size = modelLayout(spec).size;
const [center, d1, d2] = [0, 1, 2].map(() =>
  Float32Array.from({ length: size }, () => 0.1 * rng.normal())
);
const cnn = await createPlaneEvaluator({ spec, center, d1, d2, data });
const cnnPoints = grid(16), cnnOut = [new Float32Array(16), new Float32Array(16)] as const;
const cnnMs = cpuMs(() => cnn.evaluate(cnnPoints.a, cnnPoints.b, ...cnnOut), 2) / 16;

const row = (name: string, ms: number, note: string) => `| ${name} | ${ms.toFixed(3)} | ${note} |`;
console.log(
  [
    "| one thread, CPU time | ms per point | note |",
    "| --- | ---: | --- |",
    row("784-128-10: GEMM 2,000x128 @ 128x12 alone", gemm, "1.00x"),
    row(
      "784-128-10: general runner (separate passes)",
      general,
      `${(general / gemm).toFixed(2)}x its GEMM`,
    ),
    row("784-128-10: fused runner", fused, `${(fused / gemm).toFixed(2)}x its GEMM`),
    row(
      "784-128-10: fused kernel alone (mlpPointLoss)",
      fusedKernel,
      `${(fusedKernel / gemm).toFixed(2)}x its GEMM`,
    ),
    row("cnn preset (first conv + pool fused, Winograd conv 2)", cnnMs, "16 points a call"),
  ].join("\n"),
);
