/**
 * Experiment `batch-size`: large-batch training finds sharper minima that generalise worse
 * (Keskar et al. 2017); how sharp a minimum looks depends on the weights' scale, which filter
 * normalisation removes, and weight decay changes that scale (Li et al. 2018, sec. 4-5). Four
 * runs of the MNIST MLP (small or large batch, with or without weight decay), each sliced along
 * the same random direction unnormalised and filter-normalised, with its top Hessian eigenvalue.
 * @module
 */
import { randomDirection } from "../directions/mod.ts";
import { modelLayout, preset, resolveModel } from "../model/mod.ts";
import { linspace } from "../scan/mod.ts";
import { trainModel } from "../train/mod.ts";
import { experimentDigits } from "./digits.ts";
import type { Experiment, ExperimentOptions } from "./experiment.ts";
import { scanLandscape } from "./landscape_points.ts";
import { seriesFigure } from "./series_figure.ts";
import { trackSharpness } from "./sharpness_tracking.ts";

/** One training run's slice along one direction. */
interface Slice {
  alpha: number[];
  trainLoss: Float32Array;
  rise: number;
}

/** Mean rise of the loss over a slice above its value at α = 0 (a width-free sharpness). */
function meanRise(loss: Float32Array, xs: readonly number[]): number {
  const centre = loss[xs.findIndex((x) => Math.abs(x) < 1e-12)];
  return loss.reduce((sum, v) => sum + v, 0) / loss.length - centre;
}

async function run({ quick = false, log = () => {} }: ExperimentOptions) {
  const seed = 0, directionSeed = 21;
  const data = await experimentDigits({ train: 2000, test: 1000 }, quick);
  const spec = preset("mlp");
  const layout = modelLayout(resolveModel(spec));
  const small = quick ? 16 : 32, large = quick ? 60 : 1000;
  const variants = [
    { batchSize: small, weightDecay: 0, epochs: quick ? 1 : 15 },
    { batchSize: large, weightDecay: 0, epochs: quick ? 2 : 150 },
    { batchSize: small, weightDecay: 5e-4, epochs: quick ? 1 : 15 },
    { batchSize: large, weightDecay: 5e-4, epochs: quick ? 2 : 150 },
  ];
  const slices = {
    unnormalised: { norm: "none" as const, xs: linspace(-0.05, 0.05, quick ? 5 : 41) },
    filter: { norm: "filter" as const, xs: linspace(-1, 1, quick ? 5 : 41) },
  };
  const runs: (typeof variants[number] & {
    label: string;
    slices: Record<string, Slice>;
    [measure: string]: unknown;
    topEigenvalue: number;
    filterMeanRise: number;
    accuracyGap: number;
  })[] = [];
  for (const variant of variants) {
    const label = `B=${variant.batchSize}${variant.weightDecay > 0 ? ", wd" : ""}`;
    log(`training ${label}: ${variant.epochs} epochs on ${data.train.count} digits`);
    const trained = await trainModel({
      spec,
      data,
      epochs: variant.epochs,
      batchSize: variant.batchSize,
      seed,
      optimizer: { kind: "momentum", learningRate: 0.05, weightDecay: variant.weightDecay },
    });
    const center = trained.params.values;
    const sliced: Record<string, Slice> = {};
    for (const [name, slice] of Object.entries(slices)) {
      const direction = randomDirection(center, layout, directionSeed, { norm: slice.norm });
      const line = await scanLandscape({
        spec,
        center,
        d1: direction,
        xs: slice.xs,
        splits: { train: data.train },
      });
      const loss = line.metrics.train_loss;
      sliced[name] = { alpha: slice.xs, trainLoss: loss, rise: meanRise(loss, slice.xs) };
    }
    log(`top Hessian eigenvalue of ${label}`);
    const [top] = await trackSharpness({
      spec,
      checkpoints: [{ step: 0, values: center }],
      data: data.train,
      maxIterations: 20,
      seed,
    });
    const kernels = layout.tensors.filter((t) => t.role === "kernel");
    const weightNorm = Math.sqrt(kernels.reduce((sum, t) => {
      for (let i = t.offset; i < t.offset + t.size; i++) sum += center[i] * center[i];
      return sum;
    }, 0));
    const last = trained.history.at(-1)!;
    runs.push({
      label,
      ...variant,
      steps: trained.checkpoints.at(-1)!.step,
      trainLoss: last.trainLoss,
      testLoss: last.testLoss,
      trainAccuracy: last.trainAcc,
      testAccuracy: last.testAcc,
      lossGap: last.testLoss - last.trainLoss,
      accuracyGap: last.trainAcc - last.testAcc,
      kernelNorm: weightNorm,
      topEigenvalue: top.sharpness,
      unnormalisedMeanRise: sliced.unnormalised.rise,
      filterMeanRise: sliced.filter.rise,
      slices: sliced,
    });
  }
  const [smallPlain, largePlain, smallDecay, largeDecay] = runs;
  const held = largePlain.topEigenvalue > smallPlain.topEigenvalue &&
    largePlain.filterMeanRise > smallPlain.filterMeanRise &&
    largePlain.accuracyGap > smallPlain.accuracyGap;
  const points = (name: string) =>
    runs.flatMap((r) =>
      r.slices[name].alpha.map((x: number, i: number) => ({
        series: r.label,
        x,
        y: r.slices[name].trainLoss[i],
      }))
    );
  const figure = seriesFigure(
    [
      {
        title: "Unnormalised random direction",
        points: points("unnormalised"),
        x: "α (N(0,1) per weight)",
        y: "train loss",
        yType: "log",
      },
      {
        title: "Filter-normalised random direction",
        points: points("filter"),
        x: "α (filter-normalised)",
        y: "train loss",
        yType: "log",
      },
    ],
    `1D slices of the MNIST MLP's train loss through four minima (small batch ${small}, large ` +
      `batch ${large}, with and without weight decay 5e-4), one random direction (seed ` +
      `${directionSeed}) for all.`,
  );
  return {
    settings: {
      model: "mlp preset (784-128-10, ReLU, He init)",
      data: `MNIST digits, ${data.train.count} train / ${data.test.count} test`,
      optimizer: "SGD + momentum 0.9, learning rate 0.05, coupled L2 weight decay on kernels",
      variants,
      seed,
      directionSeed,
      slices: Object.fromEntries(
        Object.entries(slices).map((
          [k, s],
        ) => [k, { norm: s.norm, from: s.xs[0], to: s.xs.at(-1), points: s.xs.length }]),
      ),
      hessian: "top eigenvalue by 20 Lanczos steps on the training digits",
    },
    results: { runs, withWeightDecay: { small: smallDecay.label, large: largeDecay.label } },
    held,
    criterion: "without weight decay the large-batch minimum has the larger top Hessian " +
      "eigenvalue, the larger filter-normalised mean rise and the larger train-test accuracy gap",
    figure,
  };
}

/** Keskar et al. 2017 with Li et al. 2018's normalisation: large batch, sharp minimum? */
export const BATCH_SIZE_EXPERIMENT: Experiment = {
  name: "batch-size",
  finding: "Large-batch training finds sharper minima with a larger generalisation gap " +
    "(Keskar et al. 2017); seen in filter-normalised slices, and weight decay changes the " +
    "unnormalised picture (Li et al. 2018).",
  run,
};
