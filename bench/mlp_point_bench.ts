/**
 * One grid point of the default scan (784-128-10, 2,000 samples) as a multiple of its GEMM: the
 * 2,000x128 @ 128x12 product alone is the baseline, so the ratio Deno prints ("x slower") is the
 * per-point cost in units of the GEMM. All entries read the same first-layer products
 * ([XW+c | XD1+e1 | XD2+e2], one 128-row block kept in cache, as the tile runner keeps it) and
 * do 2,000 rows per iteration, on the kernel build the engine selects:
 * - GEMM only: gemmBias on the hidden block (what the point cannot do without);
 * - separate passes: combineFirstLayer, gemmBias, softmaxCrossEntropy per block, each writing
 *   its output for the next (the engine's general path, and the whole engine before the fused
 *   kernel);
 * - fused: mlpPointLoss, the three steps per 8 rows in registers and L1, on the same products
 *   laid out in panels of four rows (as the fused runner keeps them).
 *
 * Run: `deno bench --allow-read=. bench/mlp_point_bench.ts`.
 * @module
 */
import { instantiateKernel } from "../lib/engine/mod.ts";
import { createRng } from "../lib/random.ts";

const GROUP = "one grid point, 784-128-10 on 2,000 samples, in units of its GEMM";
const ROWS = 128, WIDTH = 128, CLASSES = 10, SAMPLES = 2000;
const kernel = await instantiateKernel();
const rng = createRng(3);
const fill = (pointer: number, floats: number, scale: number) => {
  for (let i = 0; i < floats; i++) kernel.f32[pointer / 4 + i] = scale * rng.normal();
};
const products = kernel.allocate(ROWS * 3 * WIDTH * 4);
const hidden = kernel.allocate(ROWS * WIDTH * 4), logits = kernel.allocate(ROWS * 12 * 4);
const w2 = kernel.allocate(WIDTH * 12 * 4), bias = kernel.allocate(12 * 4);
const labels = kernel.allocate(ROWS * 4), result = kernel.allocate(16);
const scratch = kernel.allocate((8 * WIDTH + 96) * 4);
fill(products, ROWS * 3 * WIDTH, 1);
fill(w2, WIDTH * 12, 0.1);
for (let r = 0; r < ROWS; r++) kernel.i32[labels / 4 + r] = rng.int(CLASSES);
const blocks = Array.from(
  { length: Math.ceil(SAMPLES / ROWS) },
  (_, i) => Math.min(ROWS, SAMPLES - i * ROWS),
);
const [a, b] = [0.3, -0.2];

Deno.bench({
  name: "GEMM only: 2,000x128 @ 128x12",
  group: GROUP,
  baseline: true,
  fn() {
    for (const rows of blocks) {
      kernel.gemmBias(hidden, WIDTH, rows, WIDTH, w2, 12, bias, logits, 12, 12, 0);
    }
  },
});

Deno.bench({
  name: "separate passes: combine, GEMM, softmax cross-entropy",
  group: GROUP,
  fn() {
    for (const rows of blocks) {
      const [p1, p2] = [products + WIDTH * 4, products + 2 * WIDTH * 4];
      kernel.combineFirstLayer(products, p1, p2, 3 * WIDTH, rows, WIDTH, a, b, hidden, WIDTH, 1);
      kernel.gemmBias(hidden, WIDTH, rows, WIDTH, w2, 12, bias, logits, 12, 12, 0);
      kernel.softmaxCrossEntropy(logits, 12, rows, CLASSES, labels, result);
    }
  },
});

Deno.bench({
  name: "fused: mlpPointLoss per 8 rows, stored feature by feature",
  group: GROUP,
  fn() {
    for (const rows of blocks) {
      kernel.mlpPointLoss(
        products,
        rows,
        WIDTH,
        3,
        a,
        b,
        1,
        w2,
        bias,
        CLASSES,
        labels,
        scratch,
        result,
      );
    }
  },
});
