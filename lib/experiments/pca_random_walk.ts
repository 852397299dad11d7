/**
 * Experiment `pca-random-walk`: PCA of a random walk in high dimension puts about 60% of the
 * variance in its first component (Antognini & Sohl-Dickstein 2018), so a trajectory's high
 * first share is no evidence of structure by itself. An MNIST MLP's SGD trajectory against
 * random walks with the same step lengths, and the closed form for equal steps.
 * @module
 */
import { principalPlane, projectTrajectory } from "../directions/mod.ts";
import { preset } from "../model/mod.ts";
import { trainModel } from "../train/mod.ts";
import { experimentDigits } from "./digits.ts";
import type { Experiment, ExperimentOptions } from "./experiment.ts";
import { explainedVarianceRatios } from "./explained_variance.ts";
import { randomWalk, randomWalkVarianceShares } from "./random_walk.ts";
import { seriesFigure, type SeriesPoint } from "./series_figure.ts";

/** "About 60%": a random walk's first share within this of 6 / pi^2. */
const TOLERANCE = 0.1;
const COMPONENTS = 6;

function stepLengths(points: readonly Float32Array[]): number[] {
  return points.slice(1).map((point, t) => {
    let sum = 0;
    for (let i = 0; i < point.length; i++) sum += (point[i] - points[t][i]) ** 2;
    return Math.sqrt(sum);
  });
}

/** PC1/PC2 coordinates of a path, as series points. */
function projected(points: Float32Array[], series: string): SeriesPoint[] {
  const final = points.at(-1)!;
  const path = projectTrajectory(points, final, principalPlane(points, final));
  return path.points.map((p) => ({ series, x: p.x, y: p.y }));
}

async function run({ quick = false, log = () => {} }: ExperimentOptions) {
  const seed = 0, walkSeeds = quick ? [1] : [1, 2, 3, 4, 5];
  const data = await experimentDigits({ train: 2000, test: 500 }, quick);
  const epochs = quick ? 1 : 5, batchSize = 64, checkpointEvery = quick ? 1 : 4;
  log(`training the mlp preset, ${epochs} epochs, a checkpoint every ${checkpointEvery} steps`);
  const trained = await trainModel({
    spec: preset("mlp"),
    data,
    epochs,
    batchSize,
    seed,
    checkpointEvery,
  });
  const trajectory = trained.checkpoints.map((c) => c.values);
  const steps = stepLengths(trajectory);
  const dimension = trajectory[0].length;
  log(`PCA of ${trajectory.length} checkpoints and of ${walkSeeds.length} random walks`);
  const count = Math.min(COMPONENTS, steps.length);
  const trajectoryShares = explainedVarianceRatios(trajectory, count);
  const walks = walkSeeds.map((walkSeed) => randomWalk(steps, dimension, walkSeed));
  const walkShares = walks.map((walk) => explainedVarianceRatios(walk, count));
  const walkMean = trajectoryShares.map((_, k) =>
    walkShares.reduce((sum, shares) => sum + shares[k], 0) / walkShares.length
  );
  const closedForm = randomWalkVarianceShares(steps.length, count);
  const held = Math.abs(walkMean[0] - 6 / Math.PI ** 2) <= TOLERANCE;
  const share = (series: string, values: number[]) =>
    values.map((y, k) => ({ series, x: k + 1, y: 100 * y }));
  const figure = seriesFigure(
    [
      {
        title: "Explained variance per principal component",
        points: [
          ...share("SGD trajectory", trajectoryShares),
          ...share("random walks (mean)", walkMean),
          ...share("equal steps, d → ∞", closedForm),
        ],
        x: "component",
        y: "variance (%)",
        yType: "log",
        dots: true,
      },
      {
        title: "Paths on their own PC1-PC2 plane",
        points: [...projected(trajectory, "SGD trajectory"), ...projected(walks[0], "random walk")],
        x: "PC1",
        y: "PC2",
        dots: true,
      },
    ],
    `PCA of ${trajectory.length} SGD checkpoints of the mlp preset against random walks with ` +
      `the same step lengths in ${dimension.toLocaleString("en-US")} dimensions.`,
  );
  return {
    settings: {
      model: "mlp preset (784-128-10, ReLU, He init)",
      data: `MNIST digits, ${data.train.count} train`,
      epochs,
      batchSize,
      optimizer: "SGD + momentum 0.9, learning rate 0.05",
      checkpointEvery,
      seed,
      walkSeeds,
    },
    results: {
      checkpoints: trajectory.length,
      dimension,
      totalPathLength: steps.reduce((sum, s) => sum + s, 0),
      trajectoryShares,
      randomWalkMeanShares: walkMean,
      randomWalkShares: walkShares,
      closedFormShares: closedForm,
      limitFirstShare: 6 / Math.PI ** 2,
    },
    held,
    criterion: `the random walks' mean first-component share is within ${TOLERANCE} of ` +
      `6 / pi^2 = 0.608`,
    figure,
  };
}

/** Antognini & Sohl-Dickstein 2018: a random walk's PCA puts ~60% of its variance in PC1. */
export const PCA_RANDOM_WALK_EXPERIMENT: Experiment = {
  name: "pca-random-walk",
  finding: "PCA of a high-dimensional random walk puts about 60% of the variance in the first " +
    "component (Antognini & Sohl-Dickstein 2018): compare a real trajectory with it.",
  run,
};
