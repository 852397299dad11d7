/**
 * What a plane costs beyond its points, the way `deno task scan` runs it: `scanPlaneToFolder` on
 * a 2-worker pool started once (as the run starts it), the default MLP (784-128-10) with random
 * weights on 2,000 MNIST digits. It scans a 161-point slice, then a 41x41 plane twice, each
 * fresh into `.tmp/plane_overhead/`, and prints per plane the wall time and the CPU time of the
 * whole process (this thread and the Workers: `process.cpuUsage`), then the same for the run
 * with the pool's start. Like the run, it hashes the samples for the folders' fingerprints once
 * for all three planes (`samplesFingerprinter`). On a loaded machine compare the CPU column, and only between runs taken
 * alternately; the points alone cost about 0.17 ms of CPU each (bench/cpu_time.ts), so the
 * rest of a plane's CPU time is its fixed cost: fingerprint, first-layer products (split
 * between the workers), files.
 *
 * Run: `deno run --allow-read=. --allow-write=.tmp bench/plane_overhead.ts`.
 * @module
 */
import { createWorkerPool } from "../lib/engine/mod.ts";
import { scanPlaneToFolder } from "../lib/scan/scan_plane_to_folder.ts";
import { preset } from "../lib/model/presets.ts";
import { samplesFingerprinter } from "../lib/scan/plane_fingerprint.ts";
import { loadDigits, randomPlane } from "./fixtures.ts";
import { processCpuMs } from "./process_cpu.ts";

const data = await loadDigits(2000);
const spec = preset("mlp");
const { center, d1, d2 } = randomPlane(7);
const axis = (n: number) => Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));

/** Prints wall and CPU seconds since `cpu` and `wall` were taken (both in ms). */
function report(what: string, cpu: number, wall: number): void {
  const seconds = (processCpuMs() - cpu) / 1000;
  const elapsed = (performance.now() - wall) / 1000;
  console.log(`| ${what} | ${elapsed.toFixed(3)} | ${seconds.toFixed(3)} |`);
}

console.log("| plane | wall s | CPU s (all threads) |\n| --- | ---: | ---: |");
const runCpu = processCpuMs(), runWall = performance.now();
using pool = createWorkerPool({ workers: 2 });
const samplesFingerprint = samplesFingerprinter();
const planes = [
  { plane: "slice", line: true, points: 161 },
  { plane: "random", line: false, points: 41 },
  { plane: "random-again", line: false, points: 41 },
];
for (const { plane, line, points } of planes) {
  const cpu = processCpuMs(), wall = performance.now();
  await scanPlaneToFolder({
    dir: `.tmp/plane_overhead/${plane}`,
    plane,
    spec,
    center,
    d1,
    d2: line ? null : d2,
    data,
    xcoordinates: axis(points),
    ycoordinates: line ? null : axis(points),
    xlabel: "d1",
    ylabel: line ? "" : "d2",
    metadata: {},
    fresh: true,
    pool,
    samplesFingerprint,
  });
  report(`${plane} (${line ? points : `${points}x${points}`})`, cpu, wall);
}
report("all, the pool's start included", runCpu, runWall);
