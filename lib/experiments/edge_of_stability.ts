/**
 * Experiment `edge-of-stability`: under full-batch gradient descent the top Hessian eigenvalue
 * rises ("progressive sharpening") until it reaches about 2 / learning rate, then hovers there
 * while the loss keeps falling, non-monotonically (Cohen et al. 2021). A tanh MLP on the
 * two-arm spirals, at two learning rates, the sharpness tracked every few steps.
 * @module
 */
import { makeSynthetic, splitDataset } from "../data/mod.ts";
import type { ModelSpec } from "../model/mod.ts";
import { trainModel } from "../train/mod.ts";
import type { Experiment, ExperimentOptions } from "./experiment.ts";
import { seriesFigure } from "./series_figure.ts";
import { type SharpnessPoint, trackSharpness } from "./sharpness_tracking.ts";

/** "About 2 / learning rate": the later half's mean sharpness within this share of it. */
const TOLERANCE = 0.2;

const SPEC: ModelSpec = {
  kind: "sequential",
  inputShape: [2],
  layers: [
    { type: "dense", units: 64, activation: "tanh" },
    { type: "dense", units: 64, activation: "tanh" },
    { type: "dense", units: 2 },
  ],
};

/** Summary of one learning rate's run. */
function summarise(learningRate: number, track: SharpnessPoint[]) {
  const limit = 2 / learningRate;
  const later = track.slice(Math.floor(track.length / 2));
  const laterMean = later.reduce((sum, p) => sum + p.sharpness, 0) / later.length;
  const reached = track.find((p) => p.sharpness >= (1 - TOLERANCE) * limit);
  let lossIncreases = 0;
  for (let i = 1; i < track.length; i++) if (track[i].loss > track[i - 1].loss) lossIncreases++;
  return {
    learningRate,
    twoOverLearningRate: limit,
    initialSharpness: track[0].sharpness,
    peakSharpness: Math.max(...track.map((p) => p.sharpness)),
    firstStepNearLimit: reached?.step ?? null,
    laterHalfMeanSharpness: laterMean,
    laterHalfMeanOverLimit: laterMean / limit,
    lossIncreasesBetweenCheckpoints: lossIncreases,
    finalLoss: track.at(-1)!.loss,
    worstRelativeResidual: Math.max(...track.map((p) => p.relativeResidual)),
    steps: track.map((p) => p.step),
    sharpness: track.map((p) => p.sharpness),
    loss: track.map((p) => p.loss),
  };
}

async function run({ quick = false, log = () => {} }: ExperimentOptions) {
  const seed = 0, count = quick ? 80 : 600;
  const data = splitDataset(makeSynthetic("spirals", { count, seed }), {
    testFraction: 0.25,
    seed,
  });
  const learningRates = [0.1, 0.2];
  const steps = quick ? 20 : 1500, every = quick ? 10 : 25;
  const runs: ReturnType<typeof summarise>[] = [];
  for (const learningRate of learningRates) {
    log(`full-batch GD, learning rate ${learningRate}, ${steps} steps`);
    const trained = await trainModel({
      spec: SPEC,
      data,
      epochs: steps,
      batchSize: data.train.count,
      seed,
      optimizer: { kind: "sgd", learningRate },
      checkpointEvery: every,
      evaluateInWorker: false,
    });
    log(`top Hessian eigenvalue at ${trained.checkpoints.length} checkpoints`);
    const track = await trackSharpness({
      spec: SPEC,
      checkpoints: trained.checkpoints,
      data: data.train,
      maxIterations: 20,
      seed,
    });
    runs.push(summarise(learningRate, track));
  }
  const held = runs.every((r) =>
    r.firstStepNearLimit !== null && Math.abs(r.laterHalfMeanOverLimit - 1) <= TOLERANCE
  );
  const points = (key: "sharpness" | "loss") =>
    runs.flatMap((r) =>
      r.steps.map((x, i) => ({ series: `η = ${r.learningRate}`, x, y: r[key][i] }))
    );
  const figure = seriesFigure(
    [
      {
        title: "Top Hessian eigenvalue (sharpness)",
        points: points("sharpness"),
        x: "step",
        y: "λ_max",
        dots: true,
        rules: runs.map((r) => ({
          y: r.twoOverLearningRate,
          label: `2/η = ${r.twoOverLearningRate}`,
        })),
      },
      {
        title: "Training loss (full batch)",
        points: points("loss"),
        x: "step",
        y: "loss",
        yType: "log",
      },
    ],
    "Full-batch gradient descent on the spirals (tanh MLP 2-64-64-2): the sharpness rises to " +
      "2/η (dashed) and hovers there while the loss keeps falling, with bumps.",
  );
  return {
    settings: {
      model: "dense 64 tanh - dense 64 tanh - dense 2, softmax cross-entropy, He init",
      data: `spirals (2 arms, ${count} points, seed ${seed}), ${data.train.count} train`,
      optimizer: "plain SGD on the full training set (one step per epoch)",
      learningRates,
      steps,
      checkpointEvery: every,
      lanczosSteps: 20,
      seed,
    },
    results: { runs },
    held,
    criterion: `for each learning rate the sharpness reaches ${1 - TOLERANCE} x 2/η and its mean ` +
      `over the later half of training is within ${TOLERANCE * 100}% of 2/η`,
    figure,
  };
}

/** Cohen et al. 2021: full-batch GD trains at the edge of stability, sharpness ~ 2 / lr. */
export const EDGE_OF_STABILITY_EXPERIMENT: Experiment = {
  name: "edge-of-stability",
  finding: "Under full-batch gradient descent the top Hessian eigenvalue rises to about " +
    "2 / learning rate and hovers there (Cohen et al. 2021, the edge of stability).",
  run,
};
