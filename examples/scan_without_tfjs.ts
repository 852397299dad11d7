// Scan a model's loss landscape, write it as files and draw it, without loading TF.js: the
// data, model, directions, engine, scan and render entries run anywhere wasm does.
import assert from "node:assert/strict";
import { makeSynthetic } from "@losscape/losscape/data";
import {
  initializeModel,
  modelLayout,
  type ModelSpec,
  resolveModel,
} from "@losscape/losscape/model";
import { randomDirection } from "@losscape/losscape/directions";
import { createPlaneEvaluator } from "@losscape/losscape/engine";
import {
  linspace,
  readLandscapeFolder,
  scanPlane,
  writeLandscapeFolder,
} from "@losscape/losscape/scan";
import { contourFigure, renderSvg } from "@losscape/losscape/render";

const out = Deno.args[0] ?? "out/example";
const spec: ModelSpec = {
  kind: "sequential",
  inputShape: [2],
  layers: [{ type: "dense", units: 32, activation: "tanh" }, { type: "dense", units: 2 }],
};
const model = resolveModel(spec);
const layout = modelLayout(model);
const center = initializeModel(model, layout, 0);
const d1 = randomDirection(center, layout, 1);
const d2 = randomDirection(center, layout, 2);
const data = makeSynthetic("moons", { count: 500, seed: 0 });

const evaluator = await createPlaneEvaluator({ spec, center, d1, d2, data });
const axis = linspace(-2, 2, 9);
const state = await scanPlane({
  evaluator,
  plane: "random",
  xcoordinates: axis,
  ycoordinates: axis,
});
evaluator.dispose();
await writeLandscapeFolder(out, state, { model: "moons-mlp" });

const saved = await readLandscapeFolder(out);
assert.ok(saved, `${out} holds a landscape`);
assert.deepEqual(saved.landscape.metrics.train_loss, state.landscape.metrics.train_loss);
assert.ok(saved.done.every((flag) => flag === 1), "every point was scanned");

await Deno.writeTextFile(`${out}/train_loss.svg`, renderSvg(contourFigure(saved.landscape)));
