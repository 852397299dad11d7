/**
 * The whole default scan in this process, stage by stage: wall seconds and the process's CPU
 * seconds (`process.cpuUsage`, user + system, every thread: the main thread, the Worker that
 * evaluates and analyses checkpoints during training, the scan's pool), so that a loaded
 * machine still shows where the work goes and what overlaps (a stage whose CPU exceeds its wall
 * time had more than one thread busy). "start-up" is the time from the process's start to the
 * scan's modules being loaded.
 *
 * Run: `deno run --allow-read=. --allow-write=out bench/scan_stages.ts [OUT]` (default
 * `out/bench-scan`; any flag of `deno task scan` can follow, e.g. `--analyses=`).
 * @module
 */
import { processCpuMs } from "./process_cpu.ts";

const rows: { stage: string; wall: number; cpu: number }[] = [];
let lastWall = 0, lastCpu = 0;
const mark = (stage: string) => {
  const wall = performance.now() / 1000, cpu = processCpuMs() / 1000;
  rows.push({ stage, wall: wall - lastWall, cpu: cpu - lastCpu });
  [lastWall, lastCpu] = [wall, cpu];
};
const { parseCommand } = await import("../cli/args.ts");
const { runScan } = await import("../lib/run/run_scan.ts");
mark("start-up");
const [out = "out/bench-scan", ...flags] = Deno.args;
const { settings } = await parseCommand(
  ["scan", "--out", out, "--fresh", "--quiet", ...flags],
  (path) => Deno.readTextFile(path),
);
await runScan({ ...settings, onStage: (stage) => mark(stage) });
const total = rows.reduce((sum, row) => ({ wall: sum.wall + row.wall, cpu: sum.cpu + row.cpu }), {
  wall: 0,
  cpu: 0,
});
console.log("| stage | wall s | CPU s (all threads) |\n| --- | ---: | ---: |");
for (const { stage, wall, cpu } of [...rows, { stage: "total", ...total }]) {
  console.log(`| ${stage} | ${wall.toFixed(2)} | ${cpu.toFixed(2)} |`);
}
