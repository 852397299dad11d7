/**
 * Renders a sample report from synthetic data (a bowl landscape, a spiralling path,
 * falling loss curves) to `.tmp/sample_report.html`, then screenshots it with headless
 * Chromium into `docs/report.png` for the README.
 *
 * ```sh
 * deno run --allow-read=. --allow-write=.tmp,docs/report.png --allow-run=chromium \
 *   scripts/render_sample_report.ts
 * ```
 * Pass `--html-only` to skip the screenshot (then no run or docs permission is needed).
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildReport } from "../lib/render/mod.ts";
import {
  sampleBowlLandscape,
  sampleHistory,
  samplePath,
  sampleSliceLandscape,
} from "../lib/render/sample_data.ts";

const epochs = 12;
const path = samplePath(epochs, 7);
const [pc1, pc2] = path.explainedVariance.map((v) => `${(100 * v).toFixed(1)}%`);
const randomPlane = sampleBowlLandscape({ nx: 41, ny: 41, seed: 3, nanAbove: 3.3 });
randomPlane.xlabel = "δ (random direction 1)";
randomPlane.ylabel = "η (random direction 2)";
const pcaPlane = sampleBowlLandscape({ nx: 41, ny: 31, seed: 5, plane: "pca" });
pcaPlane.xlabel = `PC1 (${pc1})`;
pcaPlane.ylabel = `PC2 (${pc2})`;

const html = buildReport({
  title: "losscape report: MLP 784-128-10 on MNIST (sample data)",
  history: sampleHistory(epochs, 2),
  slice: sampleSliceLandscape({ nx: 51, seed: 4 }),
  randomPlane,
  pcaPlane,
  path,
  settings: {
    model: "mlp 784-128-10 (relu)",
    parameters: "101,770",
    data: "mnist, 8,000 train / 2,000 test",
    optimiser: "adam, lr 0.001, batch 128",
    epochs,
    directions: "random, filter-normalised; pca of 13 checkpoints",
    grid: "41 × 41 on [-1, 1]²; slice 51 on [-1, 1]",
    seed: 7,
  },
  timings: {
    "load data": 0.45,
    train: 38.2,
    directions: 0.31,
    "scan (2 workers)": 0.52,
    report: 0.41,
  },
});

mkdirSync(".tmp", { recursive: true });
const htmlPath = resolve(".tmp/sample_report.html");
writeFileSync(htmlPath, html);
console.log(`wrote ${htmlPath} (${(html.length / 1024).toFixed(0)} KiB)`);

if (!Deno.args.includes("--html-only")) {
  const profile = Deno.makeTempDirSync({ dir: resolve(".tmp"), prefix: "chromium-profile-" });
  const png = resolve("docs/report.png");
  const result = new Deno.Command("chromium", {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--hide-scrollbars",
      `--user-data-dir=${profile}`,
      `--screenshot=${png}`,
      "--window-size=1060,2560",
      `file://${htmlPath}`,
    ],
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  Deno.removeSync(profile, { recursive: true });
  if (!result.success) {
    console.error(new TextDecoder().decode(result.stderr));
    Deno.exit(1);
  }
  console.log(`wrote ${png}`);
}
