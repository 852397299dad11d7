/**
 * Experiment `interpolation`: the loss on the straight line from the initial to the final
 * weights of an MNIST MLP is nearly monotone (Goodfellow, Vinyals & Saxe 2015), measured by
 * the largest rise along the line (Lucas et al. 2021).
 * @module
 */
import { interpolationLine } from "../directions/mod.ts";
import { preset } from "../model/mod.ts";
import { interpolationFigure } from "../render/mod.ts";
import { linspace } from "../scan/mod.ts";
import { trainModel } from "../train/mod.ts";
import { experimentDigits } from "./digits.ts";
import type { Experiment, ExperimentOptions, ExperimentOutcome } from "./experiment.ts";
import { scanLandscape } from "./landscape_points.ts";
import { monotonicity } from "./monotonicity.ts";

/** A rise below this share of the total fall counts as "nearly monotone". */
const NEARLY_MONOTONE = 0.01;

async function run({ quick = false, log = () => {} }: ExperimentOptions) {
  const seed = 1;
  const data = await experimentDigits({ train: 4000, test: 1000 }, quick);
  const epochs = quick ? 1 : 10, batchSize = 64;
  const spec = preset("mlp");
  log(`training the mlp preset, ${epochs} epochs on ${data.train.count} digits`);
  const trained = await trainModel({ spec, data, epochs, batchSize, seed });
  const initial = trained.checkpoints[0].values, final = trained.params.values;
  const line = interpolationLine(initial, final, ["init", "final"]);
  const xs = linspace(-0.25, 1.25, quick ? 7 : 61);
  log(`scanning ${xs.length} points from init (α = 0) to final (α = 1)`);
  const landscape = await scanLandscape({
    spec,
    center: line.center,
    d1: line.d1,
    xs,
    splits: { train: data.train, test: data.test },
    plane: "interpolation",
  });
  const inside = xs.flatMap((x, i) => x >= -1e-9 && x <= 1 + 1e-9 ? [i] : []);
  const measure = (split: string) =>
    monotonicity(inside.map((i) => landscape.metrics[`${split}_loss`][i]));
  const train = measure("train"), test = measure("test");
  const last = trained.history.at(-1)!;
  const outcome: ExperimentOutcome = {
    settings: {
      model: "mlp preset (784-128-10, ReLU, He init)",
      data: `MNIST digits, ${data.train.count} train / ${data.test.count} test`,
      epochs,
      batchSize,
      optimizer: "SGD + momentum 0.9, learning rate 0.05",
      seed,
      alphas: { from: xs[0], to: xs.at(-1), points: xs.length },
    },
    results: {
      distance: line.distances[0],
      finalTrainAccuracy: last.trainAcc,
      finalTestAccuracy: last.testAcc,
      train,
      test,
      alpha: xs,
      trainLoss: landscape.metrics.train_loss,
      testLoss: landscape.metrics.test_loss,
    },
    held: train.relativeRise <= NEARLY_MONOTONE && test.relativeRise <= NEARLY_MONOTONE,
    criterion:
      `the largest rise of the loss over α in [0, 1] is at most ${NEARLY_MONOTONE} of its ` +
      `total fall, on the train and the test digits`,
    figure: interpolationFigure(landscape, {
      markers: line.markers,
      lossScale: "log",
      width: 440,
    }),
  };
  return outcome;
}

/** Goodfellow et al. 2015: the init-to-final interpolation of an MNIST MLP is nearly monotone. */
export const INTERPOLATION_EXPERIMENT: Experiment = {
  name: "interpolation",
  finding: "The loss along the line from the initial to the final weights of an MNIST MLP " +
    "falls nearly monotonically (Goodfellow, Vinyals & Saxe 2015).",
  run,
};
