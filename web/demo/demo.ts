/**
 * The demo page's script (bundled to `dist/demo.js`): loads the shipped model, scans the plane
 * at the grid size and range the visitor picks, and redraws the landscape after every tile. It
 * uses Workers (one per core) when the page is cross-origin isolated (SharedArrayBuffer is
 * available) and the calling thread otherwise. The last scan is kept on `globalThis.losscapeDemo`
 * for the browser test.
 * @module
 */
import { createParallelPlaneEvaluator, createWorkerPool, defaultWorkerCount } from "../engine.ts";
import { loadDemoModel } from "./demo_model.ts";
import { landscapeFigure } from "./landscape_figure.ts";
import { scanTiles, type TiledScan } from "./scan_tiles.ts";
import type { FigureDocument } from "../../lib/render/mod.ts";

/** What the page exposes about its last scan. */
interface DemoState {
  state: "loading" | "scanning" | "done" | "failed";
  error?: string;
  workers: number;
  kernel: string;
  crossOriginIsolated: boolean;
  redraws: number;
  size?: number;
  range?: number;
  scan?: { xs: number[]; ys: number[]; loss: number[]; accuracy: number[]; tiles: number };
}

/** The parts of the page's DOM this script uses (type-checked without the DOM library). */
interface PageElement {
  value: string;
  disabled: boolean;
  textContent: string | null;
  replaceChildren(...nodes: unknown[]): void;
  addEventListener(type: string, listener: (event: { preventDefault(): void }) => void): void;
  requestSubmit(): void;
}
interface Page {
  document: FigureDocument & { getElementById(id: string): PageElement };
  location: { href: string };
  crossOriginIsolated?: boolean;
  requestAnimationFrame(callback: () => void): void;
}
const page = globalThis as unknown as Page;
const document = page.document;
const form = document.getElementById("controls");
const sizeInput = document.getElementById("size");
const rangeInput = document.getElementById("range");
const button = document.getElementById("scan");
const status = document.getElementById("status");
const figure = document.getElementById("figure");

const isolated = page.crossOriginIsolated === true;
const demo: DemoState = {
  state: "loading",
  workers: 0,
  kernel: "",
  crossOriginIsolated: isolated,
  redraws: 0,
};
(globalThis as { losscapeDemo?: DemoState }).losscapeDemo = demo;

const model = await loadDemoModel(new URL("./model/", page.location.href));
// Workers start once; every scan loads its plane into them (without isolation, no pool).
const pool = isolated ? createWorkerPool({ workers: Math.max(2, defaultWorkerCount()) }) : null;

function draw(scan: TiledScan): Promise<void> {
  figure.replaceChildren(landscapeFigure({ scan, document }));
  demo.redraws++;
  // Give the browser a frame to paint before the next tile.
  return new Promise((resolve) => page.requestAnimationFrame(() => resolve()));
}

async function run(): Promise<void> {
  const size = Number(sizeInput.value), range = Number(rangeInput.value);
  button.disabled = true;
  Object.assign(demo, { state: "scanning", size, range, scan: undefined, error: undefined });
  const started = performance.now();
  const evaluator = await createParallelPlaneEvaluator(
    pool ? { ...model, pool } : { ...model, workers: 1 },
  );
  try {
    demo.workers = evaluator.workers;
    const kernelName = typeof evaluator.kernel === "string" ? evaluator.kernel : "given";
    demo.kernel = kernelName;
    const where = evaluator.workers > 0 ? `${evaluator.workers} Workers` : "the page's thread";
    status.textContent = `Scanning ${size}×${size} on ${where} (${kernelName} kernel)…`;
    const scan = await scanTiles(evaluator, size, range, draw);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    status.textContent = `${size * size} points in ${seconds} s on ${where} ` +
      `(${kernelName} kernel). Test accuracy of the trained model: ${model.about.testAccuracy}.`;
    demo.scan = {
      xs: scan.xs,
      ys: scan.ys,
      loss: Array.from(scan.loss),
      accuracy: Array.from(scan.accuracy),
      tiles: scan.tiles,
    };
    demo.state = "done";
  } finally {
    evaluator.dispose();
    button.disabled = false;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  run().catch((error) => {
    Object.assign(demo, { state: "failed", error: String(error) });
    status.textContent = `The scan failed: ${error}`;
    console.error(error);
  });
});
form.requestSubmit();
