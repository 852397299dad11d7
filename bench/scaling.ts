/**
 * How the cost of a scan grows: ms per grid point against the evaluation-set size (41x41 grid)
 * and against the grid size (2,000 samples), for the default 784-128-10 MLP on real MNIST
 * digits, on one thread and on two Workers. Every figure is end to end (evaluator or pool
 * creation with its first-layer precompute, the scan in tiles, dispose), best of 3 runs.
 * Also times the first-layer precompute against starting a pool, for the choice worker.ts made.
 *
 * Run: `deno run --allow-read=. bench/scaling.ts` (prints markdown tables).
 * @module
 */
import type { Dataset } from "../lib/data/dataset.ts";
import { createParallelPlaneEvaluator, createPlaneEvaluator } from "../lib/engine/mod.ts";
import { preset } from "../lib/model/presets.ts";
import { scanPlane } from "../lib/scan/scan_plane.ts";
import { loadDigits, randomPlane, squareGrid } from "./fixtures.ts";

const plane = randomPlane(7);
const digits = await loadDigits(8000);
const prefix = (count: number): Dataset => ({
  ...digits,
  x: digits.x.subarray(0, count * 784),
  y: digits.y.subarray(0, count),
  count,
});

/** Best-of-3 end-to-end milliseconds of one grid scan. */
async function scanMs(data: Dataset, grid: number, workers: number): Promise<number> {
  const { axis } = squareGrid(grid);
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    const evaluator = await createParallelPlaneEvaluator({
      spec: preset("mlp"),
      ...plane,
      data,
      workers,
    });
    await scanPlane({
      evaluator,
      plane: "scaling",
      xcoordinates: axis,
      ycoordinates: axis,
      tilePoints: 64 * workers,
    });
    evaluator.dispose();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

const row = async (label: string, data: Dataset, grid: number) => {
  const [one, two] = [await scanMs(data, grid, 1), await scanMs(data, grid, 2)];
  const perPoint = (ms: number) => (ms / grid ** 2).toFixed(3);
  return `| ${label} | ${one.toFixed(0)} | ${perPoint(one)} | ${two.toFixed(0)} | ${
    perPoint(two)
  } |`;
};
const header = (first: string) => [
  `| ${first} | 1 thread: ms per grid | ms per point | 2 Workers: ms per grid | ms per point |`,
  "| --- | ---: | ---: | ---: | ---: |",
];

const bySamples = header("samples (41x41 grid)");
for (const count of [500, 1000, 2000, 4000, 8000]) {
  bySamples.push(await row(`${count}`, prefix(count), 41));
}
console.log(bySamples.join("\n") + "\n");

const byGrid = header("grid (2,000 samples)");
for (const grid of [11, 21, 41, 101]) byGrid.push(await row(`${grid}x${grid}`, prefix(2000), grid));
console.log(byGrid.join("\n") + "\n");

// Precompute per worker vs once and sent: the second would cost one precompute on this thread
// plus a copy of the products to each worker; each worker doing its own runs them in parallel.
const data = prefix(2000);
let precompute = Infinity, pool = Infinity, clone = Infinity;
for (let run = 0; run < 5; run++) {
  let start = performance.now();
  (await createPlaneEvaluator({ spec: preset("mlp"), ...plane, data })).dispose();
  precompute = Math.min(precompute, performance.now() - start);
  start = performance.now();
  (await createParallelPlaneEvaluator({ spec: preset("mlp"), ...plane, data, workers: 2 }))
    .dispose();
  pool = Math.min(pool, performance.now() - start);
  start = performance.now();
  structuredClone(new Float32Array(2000 * 384)); // the three 128-wide products of 2,000 samples
  clone = Math.min(clone, performance.now() - start);
}
console.log(
  `setup on one thread (pack + precompute): ${precompute.toFixed(0)} ms; ` +
    `2-worker pool start (each precomputing): ${pool.toFixed(0)} ms; ` +
    `copying the products to one worker: ${clone.toFixed(1)} ms`,
);
