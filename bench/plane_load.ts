/**
 * A plane's fixed cost on a started pool, without its points: loading the default MLP's random
 * plane (784-128-10, 2,000 MNIST digits, d2 set) into a pool of 2 Workers, which validate and
 * pack it and compute the first layer's products (split between them), then the fingerprint of
 * the plane's folder with the samples hashed every time and with them hashed once per run, and
 * the PCA before the PCA plane (9 checkpoints of the model's 101,770 weights). It prints the wall and CPU milliseconds (`process.cpuUsage`: every thread of the process) of each,
 * the lowest and the median of 10 rounds after 2 warm-up rounds.
 *
 * `ROOT` (default: this checkout) is a checkout of the code to measure instead, e.g. an older
 * commit in a scratch clone, so before and after run the same script alternately.
 *
 * Run: `deno run --allow-read bench/plane_load.ts [ROOT]`.
 * @module
 */
import process from "node:process";

const root = new URL(
  Deno.args[0] ? `file://${Deno.realPathSync(Deno.args[0])}/` : "../",
  import.meta.url,
);
const engine = await import(new URL("lib/engine/mod.ts", root).href);
const { preset } = await import(new URL("lib/model/presets.ts", root).href);
const { fingerprint } = await import(new URL("lib/io/fingerprint.ts", root).href);
const { principalPlane } = await import(new URL("lib/directions/pca.ts", root).href);
const { loadDigits, randomPlane } = await import("./fixtures.ts");

const data = await loadDigits(2000);
const spec = preset("mlp");
const { center, d1, d2 } = randomPlane(7);

/**
 * Wall and CPU milliseconds of each round of `run`: lowest and median after the warm-up;
 * `settle` runs between rounds, untimed.
 */
async function measure(
  what: string,
  run: () => Promise<void>,
  settle = () => Promise.resolve(),
): Promise<void> {
  const wall: number[] = [], cpu: number[] = [];
  for (let round = 0; round < 12; round++) {
    const cpuStart = process.cpuUsage(), wallStart = performance.now();
    await run();
    const used = process.cpuUsage(cpuStart), elapsed = performance.now() - wallStart;
    await settle();
    if (round < 2) continue;
    wall.push(elapsed);
    cpu.push((used.user + used.system) / 1000);
  }
  const low = (values: number[]) => Math.min(...values).toFixed(1);
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[values.length >> 1].toFixed(1);
  console.log(`| ${what} | ${low(wall)} | ${median(wall)} | ${low(cpu)} | ${median(cpu)} |`);
}

console.log("| per plane | wall ms, lowest | wall ms, median | CPU ms, lowest | CPU ms, median |");
console.log("| --- | ---: | ---: | ---: | ---: |");
using pool = engine.createWorkerPool({ workers: 2 });
await measure(
  "load into 2 Workers (products included)",
  async () => {
    const evaluator = await engine.createParallelPlaneEvaluator({
      spec,
      center,
      d1,
      d2,
      data,
      pool,
    });
    evaluator.dispose();
  },
  // The Workers unload the plane before the next round is timed.
  () => new Promise((resolve) => setTimeout(resolve, 50)),
);
const description = JSON.stringify({ plane: "random", spec });
await measure("fingerprint, samples hashed every plane", () => {
  fingerprint([center, d1, d2, data.x, data.y, "", "", description]);
  return Promise.resolve();
});
const samples = fingerprint([data.x, data.y, "", ""]);
await measure("fingerprint, samples hashed once per run", () => {
  fingerprint([center, d1, d2, samples, description]);
  return Promise.resolve();
});
const checkpoints = Array.from(
  { length: 9 },
  (_, k) => center.map((w, i) => w + Math.sin(k * i) * 0.01),
);
await measure("PCA of 9 checkpoints", () => {
  principalPlane(checkpoints, checkpoints[8]);
  return Promise.resolve();
});
