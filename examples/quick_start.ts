// Train the default MLP on MNIST digits, scan a random plane around the minimum, draw the report.
import assert from "node:assert/strict";
import { loadMnistDigits, takeSamples } from "@losscape/losscape/data";
import { preset } from "@losscape/losscape/model";
import { trainModel } from "@losscape/losscape/train";
import { filterNormalizedDirection } from "@losscape/losscape/directions";
import { createPlaneEvaluator } from "@losscape/losscape/engine";
import { linspace, scanPlane } from "@losscape/losscape/scan";
import { buildReport } from "@losscape/losscape/render";

const data = await loadMnistDigits({ seed: 0 });
const spec = preset("mlp");
const { params, history } = await trainModel({ spec, data, epochs: 3, seed: 0 });
assert.ok(history.at(-1)!.testAcc > 0.85, "three epochs reach 85% test accuracy");

const d1 = filterNormalizedDirection(params.values, params.layout, 1);
const d2 = filterNormalizedDirection(params.values, params.layout, 2);
const evaluator = await createPlaneEvaluator({
  spec,
  center: params.values,
  d1,
  d2,
  data: takeSamples(data.train, 2000),
});
const axis = linspace(-1, 1, 21);
const { landscape } = await scanPlane({
  evaluator,
  plane: "random",
  xcoordinates: axis,
  ycoordinates: axis,
});
evaluator.dispose();

// Row j of a grid is y = axis[j]: the trained weights are the centre point (10, 10).
const loss = landscape.metrics.train_loss;
const centre = loss[10 * 21 + 10];
assert.ok(Math.abs(centre - history.at(-1)!.trainLoss) < 0.05, "the centre is the trained model");
assert.ok(centre < Math.min(loss[0], loss[20], loss[420], loss[440]), "lower than every corner");

const html = buildReport({ title: "my run", history, randomPlane: landscape });
assert.match(html, /<svg/);
