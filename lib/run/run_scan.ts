/**
 * The whole job of `deno task scan`: train a model (or reuse a trained run's checkpoints),
 * draw directions, scan the 1D slice, the random plane and the PCA plane, and write every
 * file and the report.
 * @module
 */
import { takeSamples } from "../data/dataset.ts";
import type { DataSplit } from "../data/mnist.ts";
import { modelLayout } from "../model/model_layout.ts";
import { resolveModel } from "../model/resolve.ts";
import { readTrajectory } from "../train/checkpoint_files.ts";
import { filterNormalizedDirection } from "../directions/filter_normalize.ts";
import { principalPlane, projectTrajectory } from "../directions/pca.ts";
import { linspace } from "../scan/grid.ts";
import { buildReport } from "../render/report.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { defaultWorkerCount } from "../engine/parallel_evaluator.ts";
import { LosscapeError } from "../errors.ts";
import { VERSION } from "../version.ts";
import type { Landscape } from "../scan/landscape.ts";
import type { EpochRecord, ProjectedPath } from "../train/history.ts";
import { type PlaneJob, scanPlaneToFolder } from "./scan_plane_to_folder.ts";
import { pcaAxes } from "./pca_axes.ts";
import { resolveSettings, type RunSettings } from "./settings.ts";
import { loadRunData } from "./load_data.ts";
import { type RunHooks, stageTimer, trainRun } from "./train_run.ts";
import { runHessianStage, wantsHessian } from "./run_hessian.ts";
import type { HessianReport } from "../render/hessian_section.ts";

/** Settings (all optional, with the CLI's defaults) and progress hooks. */
export type RunScanOptions = Partial<RunSettings> & RunHooks;

/** What a run produced. */
export interface RunScanResult {
  /** Train/test curves, one entry per checkpoint. */
  history: EpochRecord[];
  /** The 1D slice along random direction 1. */
  slice: Landscape;
  /** The random plane. */
  randomPlane: Landscape;
  /** The PCA plane; absent when the trajectory has fewer than 3 checkpoints. */
  pcaPlane?: Landscape;
  /** Checkpoints projected on the PCA plane. */
  path?: ProjectedPath;
  /** Seconds per stage. */
  timings: Record<string, number>;
  /** Paths of the files written. */
  files: string[];
}

/** The trajectory to scan around: from training now, or from an earlier run's folder. */
async function trajectory(settings: RunSettings, hooks: RunHooks) {
  if (settings.run === "") {
    const { data, model, trained, dir } = await trainRun(settings, hooks);
    return {
      data,
      spec: model.spec,
      source: model.source,
      checkpoints: trained.checkpoints,
      history: trained.history,
      runDir: dir,
      dataset: settings.dataset,
      training: settings,
    };
  }
  const timer = stageTimer(hooks);
  const saved = await readTrajectory(settings.run);
  const trainedWith = { ...settings, ...(saved.settings ?? {}) } as RunSettings;
  const data: DataSplit = await loadRunData(trainedWith);
  timer("data");
  return {
    data,
    spec: saved.model,
    source: `${settings.run} (${String(trainedWith.model)})`,
    checkpoints: saved.checkpoints,
    history: saved.history,
    runDir: settings.run,
    dataset: trainedWith.dataset,
    training: trainedWith,
  };
}

/**
 * Runs the job end to end and writes its files into `settings.out`.
 *
 * @param options Settings (see lib/run/settings.ts) and hooks.
 * @returns Curves, landscapes, path, timings and the files written.
 * @throws {LosscapeError} On bad input (data, model, run folder) or a diverging training run.
 * @example
 * ```ts ignore
 * import { runScan } from "./run_scan.ts";
 * const result = await runScan({ dataset: "moons", epochs: 20, grid: 21, out: "out/moons" });
 * console.log(result.files);
 * ```
 */
export async function runScan(options: RunScanOptions = {}): Promise<RunScanResult> {
  const { onProgress, onStage, onNote, ...given } = options;
  const settings: RunSettings = { ...resolveSettings(null, {}), ...given };
  if (!settings.splits.includes("train")) {
    throw new LosscapeError(`--splits must include train: got "${settings.splits.join(",")}"`);
  }
  const timings: Record<string, number> = {};
  const hooks: RunHooks = {
    onProgress,
    onNote,
    onStage: (stage, seconds) => {
      timings[stage] = seconds;
      onStage?.(stage, seconds);
    },
  };
  const { out, grid, range, seed } = settings;
  await Deno.mkdir(out, { recursive: true });
  const { data, spec, source, checkpoints, history, runDir, dataset, training } = await trajectory(
    settings,
    hooks,
  );
  const timer = stageTimer(hooks);
  const layout = modelLayout(resolveModel(spec));
  const center = checkpoints[checkpoints.length - 1].values;
  if (center.length !== layout.size) {
    throw new LosscapeError(
      `${runDir}: checkpoints hold ${center.length} values, the model has ${layout.size}`,
    );
  }
  const evaluation = takeSamples(data.train, Math.min(settings.samples, data.train.count));
  const testData = settings.splits.includes("test")
    ? takeSamples(data.test, Math.min(settings.samples, data.test.count))
    : undefined;
  const dataInfo = {
    dataset,
    splits: testData ? ["train", "test"] : ["train"],
    samples: evaluation.count,
    testSamples: testData?.count,
    seed,
  };
  const workers = settings.workers > 0 ? settings.workers : defaultWorkerCount();
  const common = { spec, center, data: evaluation, testData, fresh: settings.fresh, workers };
  const metadata = (directions: unknown) => ({
    model: spec,
    data: dataInfo,
    directions,
    settings,
    version: VERSION,
  });
  const scan = async (stage: string, job: Omit<PlaneJob, keyof typeof common | "onProgress">) => {
    const result = await scanPlaneToFolder({
      ...common,
      ...job,
      onProgress: (done, total) => onProgress?.(stage, done, total),
    });
    timer(stage);
    return result.landscape;
  };

  const d1 = filterNormalizedDirection(center, layout, seed * 2 + 1);
  const d2 = filterNormalizedDirection(center, layout, seed * 2 + 2);
  const random = {
    kind: "random",
    distribution: "gaussian",
    normalization: "filter",
    bias: "zero",
    seed,
  };
  const slice = await scan("slice", {
    dir: `${out}/slice`,
    plane: "slice",
    d1,
    d2: null,
    xcoordinates: linspace(-range, range, 4 * (grid - 1) + 1),
    ycoordinates: null,
    xlabel: "step along random direction 1 (filter-normalised)",
    ylabel: "",
    metadata: metadata(random),
  });
  const axis = linspace(-range, range, grid);
  const randomPlane = await scan("random plane", {
    dir: `${out}/random`,
    plane: "random",
    d1,
    d2,
    xcoordinates: axis,
    ycoordinates: axis,
    xlabel: "random direction 1 (filter-normalised)",
    ylabel: "random direction 2 (filter-normalised)",
    metadata: metadata(random),
  });

  let pcaPlane: Landscape | undefined;
  let pcaDirections: { d1: Float32Array; d2: Float32Array } | undefined;
  let path: ProjectedPath | undefined;
  const weights = checkpoints.map((checkpoint) => checkpoint.values);
  if (weights.length >= 3) {
    const plane = principalPlane(weights, center);
    pcaDirections = plane;
    const projected = projectTrajectory(weights, center, plane);
    path = {
      ...projected,
      points: projected.points.map((point, i) => ({ ...point, epoch: checkpoints[i].epoch })),
    };
    const [pc1, pc2] = plane.explainedVariance.map((ratio) => (100 * ratio).toFixed(1));
    pcaPlane = await scan("pca plane", {
      dir: `${out}/pca`,
      plane: "pca",
      d1: plane.d1,
      d2: plane.d2,
      ...pcaAxes(path, grid),
      xlabel: `PC1 (${pc1}% of variance)`,
      ylabel: `PC2 (${pc2}% of variance)`,
      metadata: {
        ...metadata({
          kind: "pca",
          checkpoints: weights.length,
          explainedVariance: plane.explainedVariance,
        }),
        path: path.points,
      },
    });
  }

  let hessian: { report: HessianReport; files: string[] } | undefined;
  if (wantsHessian(settings)) {
    hessian = await runHessianStage({
      settings,
      spec,
      center,
      checkpoints,
      data: evaluation,
      planes: {
        slice: { landscape: slice, d1, d2: null },
        random: { landscape: randomPlane, d1, d2 },
        pca: pcaPlane && pcaDirections ? { landscape: pcaPlane, ...pcaDirections } : undefined,
      },
      training: { lr: training.lr, momentum: training.momentum, optimizer: training.optimizer },
      scan,
      metadata,
      hooks,
      timer,
    });
  }

  const run = { ...dataInfo, model: source, settings, history, path, timings, version: VERSION };
  await writeFileAtomic(`${out}/run.json`, JSON.stringify(run, null, 2) + "\n");
  const parameters = layout.size.toLocaleString("en-US");
  await writeFileAtomic(
    `${out}/report.html`,
    buildReport({
      title: `losscape: ${source} on ${dataset}`,
      history,
      slice,
      randomPlane,
      pcaPlane,
      path,
      hessian: hessian?.report,
      settings: {
        model: `${source}, ${parameters} parameters, ${spec.loss ?? "softmax-cross-entropy"}`,
        data:
          `${dataset}: ${data.train.count} train / ${data.test.count} test; ${evaluation.count} evaluated per point`,
        training: settings.run === ""
          ? `${settings.optimizer}, lr ${settings.lr} (${settings.schedule}), batch ${settings.batchSize}, ${settings.epochs} epochs, weight decay ${settings.weightDecay} (${settings.decayMode})`
          : `from ${settings.run}`,
        grid: `${grid} x ${grid} on [-${range}, ${range}]^2; slice ${4 * (grid - 1) + 1} points`,
        seed,
        workers,
      },
      timings,
    }),
  );
  timer("report");
  const files = [`${out}/run/`, `${out}/slice/`, `${out}/random/`];
  if (pcaPlane) files.push(`${out}/pca/`);
  if (hessian) files.push(`${out}/hessian/`);
  files.push(`${out}/run.json`, `${out}/report.html`);
  if (settings.run !== "") files.shift();
  return { history, slice, randomPlane, pcaPlane, path, timings, files };
}
