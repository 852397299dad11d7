/**
 * Drawing one random direction of the default MLP (101,770 Gaussian values, then filter
 * normalisation), as the scan does twice before its slice. The baseline is the same sfc32 and
 * Box-Muller with the generator's words held in closure variables (how `createRng` held them
 * before): V8 keeps a closure's number above 2^30 as a heap object, so every step allocated.
 * `createRng` holds them in an Int32Array and gives the same bits (tests/random.test.ts).
 *
 * Run: `deno task bench` (`deno bench --allow-read=. bench/`).
 * @module
 */
import { createRng, gaussianVector } from "../lib/random.ts";
import { randomDirection } from "../lib/directions/normalize.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { preset } from "../lib/model/presets.ts";

/** The baseline: sfc32 through splitmix32, its state in closure variables. */
function closureRng(seed: number) {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix(), b = splitmix(), c = splitmix(), d = splitmix();
  const next32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next32();
  const uniform = () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
}

const model = resolveModel(preset("mlp"));
const layout = modelLayout(model);
const weights = Float32Array.from({ length: layout.size }, (_, i) => Math.sin(i) * 0.05);

if (closureRng(3)() !== createRng(3).normal()) throw new Error("the baseline draws other numbers");

Deno.bench({
  name: "101,770 normals, state in closure variables (baseline)",
  group: "gaussian",
  baseline: true,
  fn: () => {
    const normal = closureRng(1), values = new Float32Array(layout.size);
    for (let i = 0; i < values.length; i++) values[i] = normal();
  },
});

Deno.bench({
  name: "101,770 normals, gaussianVector (state in an Int32Array)",
  group: "gaussian",
  fn: () => void gaussianVector(layout.size, 1),
});

Deno.bench({
  name: "one filter-normalised random direction of the default MLP",
  group: "direction",
  fn: () => void randomDirection(weights, layout, 1),
});
