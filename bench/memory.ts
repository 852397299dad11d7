/**
 * Peak memory of a 201x201 scan of the default MLP (2,000 MNIST digits) on two Workers, against
 * what it must hold: the model (centre + 2 directions) and the data once on this thread, and in
 * each worker its first-layer products, its packed weights and one tile's buffers (the data
 * itself is shared, not copied: see lib/engine/pool/shared_copy.ts). The process's resident set is
 * sampled every 5 ms (workers are threads of this process, so it counts them); `VmHWM` from
 * /proc/self/status is added when readable. The runtime's own footprint is measured first: this
 * thread with the data loaded, then with two workers that ran a 101x101 scan of a 4-parameter
 * model (the runtime, isolates and compiled kernel code, but no plane to speak of).
 *
 * Run: `deno run --allow-read=. bench/memory.ts` (`--allow-read=.,/proc` adds VmHWM).
 * @module
 */
import { createParallelPlaneEvaluator } from "../lib/engine/mod.ts";
import { preset } from "../lib/model/presets.ts";
import { scanPlane } from "../lib/scan/scan_plane.ts";
import { loadDigits, randomPlane, squareGrid } from "./fixtures.ts";

const WORKERS = 2, GRID = 201, MB = 2 ** 20;
const data = await loadDigits(2000);
const plane = randomPlane(7);
const rss = () => Deno.memoryUsage().rss;
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
await settle();
const baseline = rss();

const tiny = {
  spec: {
    kind: "sequential" as const,
    inputShape: [1],
    layers: [{ type: "dense" as const, units: 2 }],
  },
  center: new Float32Array(4),
  d1: new Float32Array(4),
  d2: new Float32Array(4),
  data: { x: new Float32Array(1), y: new Int32Array(1), count: 1, features: 1, classes: 2 },
};
const idle = await createParallelPlaneEvaluator({ ...tiny, workers: WORKERS });
// Run the kernel hot on the tiny model, so the baseline includes the runtime's compiled code
// (V8 tiers hot wasm up with TurboFan, whose memory is the runtime's, not the scan's).
const warm = squareGrid(101).axis;
await scanPlane({ evaluator: idle, plane: "warm", xcoordinates: warm, ycoordinates: warm });
await settle();
const runtimeWithWorkers = rss();
idle.dispose();
await settle();

let peak = rss();
const sampler = setInterval(() => (peak = Math.max(peak, rss())), 5);
const evaluator = await createParallelPlaneEvaluator({
  spec: preset("mlp"),
  ...plane,
  data,
  workers: WORKERS,
});
const startPeak = peak;
await settle(); // lets the start's temporaries (packed copies, the shared plane) be collected
peak = rss();
const { axis } = squareGrid(GRID);
const started = performance.now();
await scanPlane({
  evaluator,
  plane: "memory",
  xcoordinates: axis,
  ycoordinates: axis,
  tilePoints: 64 * WORKERS,
});
const seconds = (performance.now() - started) / 1000;
evaluator.dispose();
clearInterval(sampler);

// What the scan must hold, in bytes (f32 = 4 bytes).
// The engine pads widths to multiples of 4: 784-128-10 keeps 128 hidden units and 12 logits.
const padTo4 = (n: number) => Math.ceil(n / 4) * 4;
const hidden = padTo4(128), logits = padTo4(10);
const plan = { firstWidth: hidden, packedSize: hidden * logits + logits, maxWidth: hidden };
const model = 3 * plane.center.byteLength;
const dataBytes = data.x.byteLength + data.y.byteLength;
const products = data.count * 3 * plan.firstWidth * 4;
const packed = (784 * 3 * plan.firstWidth + 3 * plan.packedSize) * 4;
const tile = 64 * plan.packedSize * 4 + 2 * 64 * plan.maxWidth * 4; // tile weights + activations
const grids = 4 * GRID * GRID * 4; // loss, accuracy, done mask and the file copy of one plane
const needed = model + dataBytes + grids + WORKERS * (products + packed + tile);
let hwm = "not readable (add --allow-read=.,/proc)";
try {
  const status = Deno.readTextFileSync("/proc/self/status");
  hwm = `${(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024).toFixed(1)} MB`;
} catch { /* keep the note */ }
const mb = (bytes: number) => (bytes / MB).toFixed(1);
const share = (bytes: number) =>
  `+${mb(bytes - runtimeWithWorkers)} over warmed workers = ${
    (100 * (bytes - runtimeWithWorkers) / needed).toFixed(0)
  }% of needed`;
console.log(
  [
    `| ${GRID}x${GRID} scan, ${WORKERS} Workers (${seconds.toFixed(1)} s) | MB |`,
    "| --- | ---: |",
    `| model (3 x ${plane.center.length} f32) + data (2,000 x 784 f32) + grids, once | ${
      mb(model + dataBytes + grids)
    } |`,
    `| per worker: products ${mb(products)} + packed weights ${mb(packed)} + one tile ${
      mb(tile)
    } | ${mb(products + packed + tile)} |`,
    `| needed in total | ${mb(needed)} |`,
    `| RSS of this thread with the data loaded (runtime baseline) | ${mb(baseline)} |`,
    `| RSS with ${WORKERS} warmed workers (runtime, isolates, compiled code; no plane) | ${
      mb(runtimeWithWorkers)
    } |`,
    `| peak RSS while the pool starts (transient copies) | ${mb(startPeak)} (${
      share(startPeak)
    }) |`,
    `| peak RSS during the scan | ${mb(peak)} (${share(peak)}) |`,
    `| VmHWM | ${hwm} |`,
  ].join("\n"),
);
