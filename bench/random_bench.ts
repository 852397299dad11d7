/**
 * The seeded generator's draws, and one random direction of the default MLP (101,770 Gaussian
 * values, then filter normalisation), as the scan draws two before its slice. The baseline is
 * sfc32's step with its words in closure variables (how `createRng` held them before): V8
 * keeps a closure's number above 2^30 as a heap object, so every step allocated. `createRng`
 * holds them in an Int32Array and gives the same bits (tests/random.test.ts); the baseline
 * starts from `createRng`'s own state, so both draw the same numbers here.
 *
 * Run: `deno task bench` (`deno bench --allow-read=. bench/`).
 * @module
 */
import { createRng, gaussianVector } from "../lib/random.ts";
import { randomDirection } from "../lib/directions/normalize.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { preset } from "../lib/model/presets.ts";

const DRAWS = 203_540; // the uniforms behind one direction's 101,770 normals

/** The baseline: uniforms from sfc32 words held in closure variables, from a given state. */
function closureUniform([a, b, c, d]: number[]) {
  const next32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  return () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
}

const model = resolveModel(preset("mlp"));
const layout = modelLayout(model);
const weights = Float32Array.from({ length: layout.size }, (_, i) => Math.sin(i) * 0.05);

if (closureUniform(createRng(3).state())() !== createRng(3).uniform()) {
  throw new Error("the baseline draws other numbers");
}

Deno.bench({
  name: "203,540 uniforms, state in closure variables (baseline)",
  group: "uniform",
  baseline: true,
  fn: () => {
    const uniform = closureUniform(createRng(1).state());
    let sum = 0;
    for (let i = 0; i < DRAWS; i++) sum += uniform();
    if (!(sum > 0)) throw new Error("no draws");
  },
});

Deno.bench({
  name: "203,540 uniforms, createRng (state in an Int32Array)",
  group: "uniform",
  fn: () => {
    const rng = createRng(1);
    let sum = 0;
    for (let i = 0; i < DRAWS; i++) sum += rng.uniform();
    if (!(sum > 0)) throw new Error("no draws");
  },
});

Deno.bench({
  name: "101,770 normals, gaussianVector",
  group: "direction",
  fn: () => void gaussianVector(layout.size, 1),
});

Deno.bench({
  name: "one filter-normalised random direction of the default MLP",
  group: "direction",
  fn: () => void randomDirection(weights, layout, 1),
});
