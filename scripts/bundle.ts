/**
 * Writes `dist/`, the browser build (`deno task bundle`):
 * - `losscape-engine.js`: the engine (ESM), its Workers defaulting to the worker bundle below;
 * - `losscape-worker.js`: the engine's pool worker in one file;
 * - `losscape.js`: the whole library (mod.ts) for the browser, Node built-ins only behind
 *   functions that need them;
 * - `losscape-kernel-simd.wasm`, `losscape-kernel-relaxed-simd.wasm`: the kernel's two builds
 *   (the bundles embed them; these are for runtimes that import `.wasm` modules);
 * - `demo.js`: the demo page's script (web/demo/), with Observable Plot.
 * `dist/` is not committed: it is rebuilt from the sources in a few seconds.
 *
 *   deno task bundle [folder]
 * @module
 */
import { KERNEL_VARIANTS, kernelVariantBytes } from "../lib/engine/mod.ts";
import { writeFileAtomic } from "../lib/io/mod.ts";

/** The output folder: the first argument, default `dist` (tests bundle into .tmp). */
const DIST = Deno.args[0] ?? "dist";
const BUNDLES: [entry: string, output: string][] = [
  ["web/engine.ts", "losscape-engine.js"],
  ["web/worker.ts", "losscape-worker.js"],
  ["mod.ts", "losscape.js"],
  ["web/demo/demo.ts", "demo.js"],
];

await Deno.mkdir(DIST, { recursive: true });
for (const [entry, output] of BUNDLES) {
  const { success, stderr } = await new Deno.Command("deno", {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "--minify",
      "-o",
      `${DIST}/${output}`,
      entry,
    ],
    env: { NO_COLOR: "1" },
  }).output();
  if (!success) {
    console.error(`deno bundle ${entry} failed:\n${new TextDecoder().decode(stderr)}`);
    Deno.exit(1);
  }
  const { size } = await Deno.stat(`${DIST}/${output}`);
  console.log(`${DIST}/${output}  ${(size / 1024).toFixed(0)} KB  (${entry})`);
}
for (const variant of KERNEL_VARIANTS) {
  const path = `${DIST}/losscape-kernel-${variant}.wasm`;
  const bytes = kernelVariantBytes(variant);
  await writeFileAtomic(path, bytes);
  console.log(`${path}  ${(bytes.length / 1024).toFixed(0)} KB`);
}
