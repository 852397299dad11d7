/**
 * The whole default job: load the digits, train, draw directions, scan the
 * 1D slice, the random plane and the PCA plane, and write every file and the
 * report. `deno task scan` is a thin wrapper around this.
 * @module
 */
import { loadMnistDigits } from "../data/mnist.ts";
import { takeSamples } from "../data/dataset.ts";
import { DEFAULT_MLP, type MlpSpec } from "../model/mlp.ts";
import { trainMlp } from "../train/train.ts";
import { filterNormalizedDirection } from "../directions/filter_normalize.ts";
import { principalPlane, projectTrajectory } from "../directions/pca.ts";
import { linspace } from "../scan/grid.ts";
import { buildReport } from "../render/report.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { scanPlaneToFolder } from "./scan_plane_to_folder.ts";
import { defaultWorkerCount } from "../engine/parallel_evaluator.ts";
import { pcaAxes } from "./pca_axes.ts";
import { VERSION } from "../version.ts";
import type { Landscape } from "../scan/landscape.ts";
import type { EpochRecord, ProjectedPath } from "../train/history.ts";

/** Settings of a run; every field has the CLI's default. */
export interface RunScanOptions {
  /** Output folder. Default `out`. */
  out?: string;
  /** Points per grid axis. Default 41. */
  grid?: number;
  /** The random plane spans [-range, range]^2. Default 1. */
  range?: number;
  /** Training epochs. Default 8. */
  epochs?: number;
  /** Mini-batch size. Default 64. */
  batchSize?: number;
  /** Learning rate. Default 0.05. */
  lr?: number;
  /** Momentum. Default 0.9. */
  momentum?: number;
  /** Training samples evaluated per grid point. Default 2,000. */
  samples?: number;
  /** Seed of everything. Default 0. */
  seed?: number;
  /** Ignore unfinished scans in `out`. Default false. */
  fresh?: boolean;
  /** The model. Default 784-128-10 ReLU. */
  spec?: MlpSpec;
  /** Workers evaluating each grid. Default one per core (`navigator.hardwareConcurrency`). */
  workers?: number;
  /** Called when a stage starts work with a known size, and as it progresses. */
  onProgress?: (stage: string, done: number, total: number) => void;
  /** Called when a stage ends, with its duration. */
  onStage?: (stage: string, seconds: number) => void;
}

/** What a run produced. */
export interface RunScanResult {
  /** Per-epoch curves. */
  history: EpochRecord[];
  /** The 1D slice, the random plane and the PCA plane. */
  slice: Landscape;
  /** The random plane. */
  randomPlane: Landscape;
  /** The PCA plane. */
  pcaPlane: Landscape;
  /** Checkpoints projected on the PCA plane. */
  path: ProjectedPath;
  /** Seconds per stage. */
  timings: Record<string, number>;
  /** Paths of the files written. */
  files: string[];
}

/**
 * Runs the default job end to end and writes its files into `out`.
 *
 * @param options Settings (all optional).
 * @returns Curves, landscapes, path, timings and the files written.
 */
export async function runScan(options: RunScanOptions = {}): Promise<RunScanResult> {
  const {
    out = "out",
    grid = 41,
    range = 1,
    epochs = 8,
    batchSize = 64,
    lr = 0.05,
    momentum = 0.9,
    samples = 2000,
    seed = 0,
    fresh = false,
    spec = DEFAULT_MLP,
    workers = defaultWorkerCount(),
    onProgress,
    onStage,
  } = options;
  const settings = { grid, range, epochs, batchSize, lr, momentum, samples, seed, model: spec };
  const timings: Record<string, number> = {};
  let stageStart = performance.now();
  const endStage = (stage: string) => {
    const now = performance.now();
    timings[stage] = (now - stageStart) / 1000;
    stageStart = now;
    onStage?.(stage, timings[stage]);
  };
  await Deno.mkdir(out, { recursive: true });

  const data = await loadMnistDigits({ seed });
  endStage("data");
  const trained = await trainMlp({
    spec,
    data,
    epochs,
    batchSize,
    learningRate: lr,
    momentum,
    seed,
    onStep: (done, total) => onProgress?.("train", done, total),
  });
  endStage("train");

  const center = trained.params.values;
  const layout = trained.params.layout;
  const evaluation = takeSamples(data.train, Math.min(samples, data.train.count));
  const dataInfo = { dataset: "mnist", split: "train", samples: evaluation.count, seed };
  const common = { spec, center, data: evaluation, fresh, version: VERSION, workers };
  const d1 = filterNormalizedDirection(center, layout, seed * 2 + 1);
  const d2 = filterNormalizedDirection(center, layout, seed * 2 + 2);
  const random = {
    kind: "random",
    distribution: "gaussian",
    normalization: "filter",
    bias: "zero",
    seed,
  };
  const axis = linspace(-range, range, grid);
  const metadata = (directions: unknown) => ({
    model: spec,
    data: dataInfo,
    directions,
    settings,
    version: VERSION,
  });

  const slice = await scanPlaneToFolder({
    ...common,
    dir: `${out}/slice`,
    plane: "slice",
    d1,
    d2: null,
    xcoordinates: linspace(-range, range, 4 * (grid - 1) + 1),
    ycoordinates: null,
    xlabel: "step along random direction 1 (filter-normalised)",
    ylabel: "",
    metadata: metadata(random),
    onProgress: (done, total) => onProgress?.("slice", done, total),
  });
  endStage("slice");
  const randomPlane = await scanPlaneToFolder({
    ...common,
    dir: `${out}/random`,
    plane: "random",
    d1,
    d2,
    xcoordinates: axis,
    ycoordinates: axis,
    xlabel: "random direction 1 (filter-normalised)",
    ylabel: "random direction 2 (filter-normalised)",
    metadata: metadata(random),
    onProgress: (done, total) => onProgress?.("random plane", done, total),
  });
  endStage("random plane");

  const plane = principalPlane(trained.checkpoints, center);
  const path = projectTrajectory(trained.checkpoints, center, plane);
  const [pc1, pc2] = plane.explainedVariance.map((ratio) => (100 * ratio).toFixed(1));
  const { xcoordinates, ycoordinates } = pcaAxes(path, grid);
  const pcaPlane = await scanPlaneToFolder({
    ...common,
    dir: `${out}/pca`,
    plane: "pca",
    d1: plane.d1,
    d2: plane.d2,
    xcoordinates,
    ycoordinates,
    xlabel: `PC1 (${pc1}% of variance)`,
    ylabel: `PC2 (${pc2}% of variance)`,
    metadata: {
      ...metadata({
        kind: "pca",
        checkpoints: trained.checkpoints.length,
        explainedVariance: plane.explainedVariance,
      }),
      path: path.points,
    },
    onProgress: (done, total) => onProgress?.("pca plane", done, total),
  });
  endStage("pca plane");

  const run = { ...dataInfo, settings, history: trained.history, path, timings, version: VERSION };
  await writeFileAtomic(`${out}/run.json`, JSON.stringify(run, null, 2) + "\n");
  const html = buildReport({
    title: "losscape: 784-128-10 MLP on MNIST digits",
    history: trained.history,
    slice: slice.landscape,
    randomPlane: randomPlane.landscape,
    pcaPlane: pcaPlane.landscape,
    path,
    settings: { ...settings, model: "784-128-10 ReLU MLP, He init, softmax cross-entropy" },
    timings,
  });
  await writeFileAtomic(`${out}/report.html`, html);
  endStage("report");
  const files = ["slice", "random", "pca"].map((name) => `${out}/${name}/`);
  files.push(`${out}/run.json`, `${out}/report.html`);
  return {
    history: trained.history,
    slice: slice.landscape,
    randomPlane: randomPlane.landscape,
    pcaPlane: pcaPlane.landscape,
    path,
    timings,
    files,
  };
}
