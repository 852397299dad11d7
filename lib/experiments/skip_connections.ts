/**
 * Experiment `skip-connections`: shortcuts keep a deep network's loss surface smooth and nearly
 * convex around its minimum, while the same network without them becomes chaotic (Li et al.
 * 2018, sec. 5). The `resmlp-deep` preset against `resmlp-deep-noskip` (same layers), each on
 * its own filter-normalised random plane with the same direction seeds.
 * @module
 */
import { findLocalMinima } from "../analysis/curvature/mod.ts";
import { randomDirection } from "../directions/mod.ts";
import { modelLayout, preset, resolveModel } from "../model/mod.ts";
import { contourFigure, contourLevels } from "../render/mod.ts";
import { linspace } from "../scan/mod.ts";
import { trainModel } from "../train/mod.ts";
import { experimentDigits } from "./digits.ts";
import type { Experiment, ExperimentOptions } from "./experiment.ts";
import { gridCurvature, nonConvexShare } from "./grid_convexity.ts";
import { scanLandscape } from "./landscape_points.ts";
import { defaultDocument } from "../render/dom.ts";
import { panelRow } from "../render/panels.ts";

const PRESETS = ["resmlp-deep", "resmlp-deep-noskip"] as const;

async function run({ quick = false, log = () => {} }: ExperimentOptions) {
  const seed = 0, directionSeeds = [11, 12];
  const data = await experimentDigits({ train: 2000, test: 500 }, quick);
  const epochs = quick ? 1 : 10, batchSize = 64, size = quick ? 5 : 25;
  const axis = linspace(-1, 1, size), step = axis[1] - axis[0];
  const variants = [];
  for (const name of PRESETS) {
    const spec = preset(name);
    log(`training ${name}, ${epochs} epochs on ${data.train.count} digits`);
    const trained = await trainModel({ spec, data, epochs, batchSize, seed });
    const center = trained.params.values;
    const layout = modelLayout(resolveModel(spec));
    const [d1, d2] = directionSeeds.map((s) => randomDirection(center, layout, s));
    log(`scanning a ${size} x ${size} filter-normalised plane of ${name}`);
    const landscape = await scanLandscape({
      spec,
      center,
      d1,
      d2,
      xs: axis,
      ys: axis,
      splits: { train: data.train },
      plane: name,
      xlabel: "filter-normalised d1",
      ylabel: "filter-normalised d2",
    });
    const loss = landscape.metrics.train_loss;
    const centre = loss[Math.floor(size / 2) * size + Math.floor(size / 2)];
    const border = loss.filter((_, c) =>
      c % size === 0 || c % size === size - 1 || c < size || c >= size * (size - 1)
    );
    const last = trained.history.at(-1)!;
    variants.push({
      landscape,
      summary: {
        preset: name,
        trainLoss: last.trainLoss,
        trainAccuracy: last.trainAcc,
        testLoss: last.testLoss,
        testAccuracy: last.testAcc,
        centreLoss: centre,
        meanBorderLoss: border.reduce((sum, v) => sum + v, 0) / border.length,
        maxLoss: Math.max(...loss),
        localMinima: findLocalMinima(loss, size, size).length,
        nonConvexShare: nonConvexShare(gridCurvature(loss, size, size, step, step)),
      },
    });
  }
  const [residual, plain] = variants.map((v) => v.summary);
  const held = plain.nonConvexShare > residual.nonConvexShare &&
    plain.meanBorderLoss > residual.meanBorderLoss;
  const document = defaultDocument();
  const levels = contourLevels(
    variants.flatMap((v) => Array.from(v.landscape.metrics.train_loss)),
    { count: 14, spacing: "log", metric: "train_loss" },
  );
  const figure = panelRow(
    document,
    variants.map((v) => contourFigure(v.landscape, { levels, width: 420, height: 400, document })),
    `Train loss on a filter-normalised random plane (same levels): left resmlp-deep (8 residual ` +
      `blocks), right resmlp-deep-noskip (the same layers without shortcuts).`,
  );
  return {
    settings: {
      models: PRESETS,
      data: `MNIST digits, ${data.train.count} train / ${data.test.count} test`,
      epochs,
      batchSize,
      optimizer: "SGD + momentum 0.9, learning rate 0.05",
      seed,
      directionSeeds,
      directions: "random, filter-normalised (biases and batch-norm parameters zero)",
      grid: { from: -1, to: 1, points: size },
    },
    results: { residual, plain },
    held,
    criterion: "without shortcuts the plane has a larger share of non-convex cells " +
      "(|lambda_min / lambda_max| >= 0.1 with lambda_min < 0) and a higher mean loss on its border",
    figure,
  };
}

/** Li et al. 2018: skip connections keep a deep network's landscape smooth. */
export const SKIP_CONNECTIONS_EXPERIMENT: Experiment = {
  name: "skip-connections",
  finding: "Skip connections keep a deep network's loss surface smooth and nearly convex; " +
    "without them it turns chaotic (Li et al. 2018).",
  run,
};
