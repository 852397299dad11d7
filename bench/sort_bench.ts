/**
 * Sorting 100,480 float32 values (the first layer of the default MLP: its weights, gradients or
 * importances, as the analyses sort them at every checkpoint for the intensity curves and the
 * percentiles): the built-in `Float32Array.prototype.sort` (the baseline) against the radix
 * sort the analyses use (`sortFloat32`), which gives the same array.
 *
 * Run: `deno task bench` (`deno bench --allow-read=. bench/`).
 * @module
 */
import { createRng } from "../lib/random.ts";
import { sortFloat32 } from "../lib/analysis/influence/sort_float32.ts";

const rng = createRng(1);
// Gradient-like values: signed, over several orders of magnitude.
const values = Float32Array.from(
  { length: 784 * 128 + 128 },
  () => (rng.uniform() - 0.5) * 10 ** (rng.uniform() * 6 - 5),
);

Deno.bench({
  name: "Float32Array.prototype.sort (baseline)",
  group: "sort",
  baseline: true,
  fn: () => void Float32Array.from(values).sort(),
});

Deno.bench({
  name: "sortFloat32 (radix, 3 passes of 11 bits)",
  group: "sort",
  fn: () => void sortFloat32(Float32Array.from(values)),
});
