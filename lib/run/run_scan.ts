/**
 * The whole job of `deno task scan`: train a model (or reuse a trained run's checkpoints),
 * draw directions, scan the 1D slice, the random plane and the PCA plane, and write every
 * file and the report.
 * @module
 */
import type { DataSplit } from "../data/dataset.ts";
import { modelLayout } from "../model/model_layout.ts";
import { resolveModel } from "../model/resolve.ts";
import { principalPlane, projectTrajectory } from "../directions/pca.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import { createParallelPlaneEvaluator, createWorkerPool } from "../engine/mod.ts";
import { LosscapeError } from "../errors.ts";
import { VERSION } from "../version.ts";
import type { Landscape } from "../scan/landscape.ts";
import type { EpochRecord } from "../train/history.ts";
import type { ProjectedPath } from "../directions/pca.ts";
import { type PlaneJob, scanPlaneToFolder } from "../scan/scan_plane_to_folder.ts";
import { pcaAxes } from "../scan/pca_axes.ts";
import { samplesFingerprinter } from "../scan/plane_fingerprint.ts";
import { sharePlane } from "../scan/shared_plane.ts";
import { preloadSurfaceH5 } from "../scan/surface_h5.ts";
import { type ReportDrawer, startReportDrawer } from "../render/report_drawer.ts";
import { resolveSettings, type RunSettings } from "./settings.ts";
import { loadRunData } from "./load_data.ts";
import { describeInputScale } from "./input_scale.ts";
import { describeLoss } from "../model/loss_form.ts";
import { planeAxes } from "./plane_axes.ts";
import { checkDirectionsFile, runDirections } from "./random_directions.ts";
import { writePlaneDirections, writePlaneSurfaces } from "./plane_files.ts";
import { checkModelPlaneSettings, type ModelPlanes, scanModelPlanes } from "./model_planes.ts";
import { type RunHooks, stageTimer, trainRun } from "./train_run.ts";
import { readSavedRun, type SavedRun } from "./saved_run.ts";
import { prepareScanFolder } from "./scan_folder.ts";
import { trainingSummary } from "./training_summary.ts";
import { scanWorkers } from "./scan_workers.ts";
import { remoteEndpoints } from "../edge/mod.ts";
import { evaluationSamples } from "./evaluation_samples.ts";
import { analyzeRun, checkAnalysisJob } from "./run_analysis.ts";
import { analysesDuringTraining } from "./analyses_during_training.ts";
import type { AnalysisResult } from "../analysis/analysis_result.ts";
import { runHessianStage, wantsHessian } from "./run_hessian.ts";
import type { HessianReport } from "../render/hessian_section.ts";
import type { Shard } from "../scan/mod.ts";

/** Settings (all optional, with the CLI's defaults) and progress hooks. */
export type RunScanOptions = Partial<RunSettings> & RunHooks & {
  /** Scan only this shard's tiles of every plane, and stop before analyses and the report. */
  shard?: Shard;
  /** Plane folders (names in `out`) a merge of shards filled: used as they are, never scanned. */
  merged?: string[];
};

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
  /** `--interpolate` and `--plane`, with where their models sit. */
  modelPlanes?: ModelPlanes;
  /** Seconds per stage. */
  timings: Record<string, number>;
  /** Paths of the files written. */
  files: string[];
  /** The analyses (`--analyses`), when any ran. */
  analysis?: AnalysisResult;
}

/** The trajectory to scan around: from training now, or from an earlier run's folder. */
async function trajectory(settings: RunSettings, hooks: RunHooks, savedRun: SavedRun | null) {
  if (!savedRun) {
    const { data, model, trained, dir } = await trainRun(settings, hooks);
    return {
      data,
      spec: model.spec,
      source: model.source,
      weightsFrom: model.initialParams ? model.source : null,
      checkpoints: trained.checkpoints,
      history: trained.history,
      runDir: dir,
      dataset: settings.dataset,
      inputScale: describeInputScale(settings.inputScale ?? ""),
    };
  }
  const timer = stageTimer(hooks);
  const { saved, used, modelSource } = savedRun;
  const data: DataSplit = await loadRunData(used);
  timer("data");
  const weightsFrom = saved.settings?.weightsFrom;
  return {
    data,
    spec: saved.model,
    source: `${settings.run} (${modelSource})`,
    weightsFrom: typeof weightsFrom === "string" ? weightsFrom : null,
    checkpoints: saved.checkpoints,
    history: saved.history,
    runDir: settings.run,
    dataset: used.dataset,
    inputScale: describeInputScale(used.inputScale ?? ""),
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
  const { onProgress, onStage, onNote, shard, merged, ...given } = options;
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
  const { out } = settings;
  const axes = planeAxes(settings);
  const remote = settings.remote === ""
    ? undefined
    : { endpoints: remoteEndpoints(settings.remote) };
  await checkModelPlaneSettings(settings);
  await checkDirectionsFile(settings.directions);
  await Deno.mkdir(out, { recursive: true });
  const savedRun = settings.run !== "" ? await readSavedRun(settings) : null;
  const used = savedRun?.used ?? settings;
  // With --run, the run's seed: it made the split the scan evaluates, and it draws the directions.
  const seed = used.seed;
  await prepareScanFolder(settings, used, onNote);
  // Per-checkpoint analyses on the second core while training runs on this one (or, when nothing
  // trains, beside the scans); their Worker starts first, loading TF.js while this thread loads
  // the data.
  using early = analysesDuringTraining(shard ? { ...used, analyses: [] } : used);
  const workers = scanWorkers(settings.workers, undefined, onNote);
  // One pool of workers for every plane and split of the run, terminated when this returns;
  // started before training or data loading, so its workers load and compile meanwhile.
  using pool = workers > 1 && typeof Worker !== "undefined" && !remote
    ? createWorkerPool({ workers })
    : null;
  // As training starts (or the trajectory is read), the report's Worker starts, loading its
  // figure modules while training runs; it draws each figure as its data comes
  // (lib/render/report_drawer.ts). The surface files' HDF5 library loads on this thread after
  // the last step, while the Worker evaluates the last checkpoint (a failure shows when a file
  // is written).
  let report: ReportDrawer | undefined;
  using _report = { [Symbol.dispose]: () => report?.dispose() };
  const startReport = () => {
    if (!shard) report ??= startReportDrawer();
  };
  const preloadSurfaces = () => {
    if (!shard) preloadSurfaceH5().catch(() => {});
  };
  const { data, spec, source, weightsFrom, checkpoints, history, runDir, dataset, inputScale } =
    await trajectory(settings, {
      ...hooks,
      onProgress: (stage, done, total) => {
        if (stage === "train" && done === total) preloadSurfaces();
        onProgress?.(stage, done, total);
      },
      onTrainingStart: (start) => {
        startReport();
        return early.hooks.onTrainingStart?.(start);
      },
    }, savedRun);
  startReport();
  preloadSurfaces();
  const untrained = used.epochs === 0;
  const centre = untrained
    ? (weightsFrom ? "the loaded weights" : "the initial weights")
    : undefined;
  // One checkpoint is no curve: a run without training draws none.
  report?.draw("training", { history: history.length > 1 ? history : [] });
  // A finished run (saved, or found in out/run with the same training): nothing trained, so the
  // Worker analyses its checkpoints now, beside the scans.
  const besideScans = early.analyseFinished({ data, spec, checkpoints });
  const analyzed = early.take(checkpoints);
  // Awaited by the analyses stage; a failure surfaces there.
  analyzed.catch(() => {});
  const training = trainingSummary(used, weightsFrom);
  // Written now and again when done: an unfinished folder says which run it is.
  const started = { complete: false, model: source, training, settings: used };
  await writeFileAtomic(`${out}/run.json`, JSON.stringify(started, null, 2) + "\n");
  const timer = stageTimer(hooks);
  const layout = modelLayout(resolveModel(spec));
  const center = checkpoints[checkpoints.length - 1].values;
  if (center.length !== layout.size) {
    throw new LosscapeError(
      `${runDir}: checkpoints hold ${center.length} values, the model has ${layout.size}`,
    );
  }
  const evaluation = evaluationSamples(data.train, settings.samples, "training", onNote);
  const testData = settings.splits.includes("test")
    ? evaluationSamples(data.test, settings.samples, "test", onNote)
    : undefined;
  const classNames = (data.train as { classNames?: string[] }).classNames;
  const dataInfo = {
    dataset,
    ...(classNames ? { classNames } : {}),
    splits: testData ? ["train", "test"] : ["train"],
    samples: evaluation.count,
    testSamples: testData?.count,
    seed,
  };
  const analysisJob = { settings: used, spec, checkpoints, history, data, evaluation, source };
  if (used.analyses.length > 0) checkAnalysisJob(analysisJob);
  const common = {
    spec,
    center,
    data: evaluation,
    testData,
    fresh: settings.fresh,
    workers,
    pool: pool ?? undefined,
    remote,
    shard,
    // Every plane of the run scans the same samples: hashed for the folders' fingerprints once.
    samplesFingerprint: samplesFingerprinter(),
  };
  const metadata = (directions: unknown) => ({
    model: spec,
    data: dataInfo,
    directions,
    settings: used,
    version: VERSION,
  });
  type Job = Omit<PlaneJob, keyof typeof common | "onProgress" | "onResume"> & Partial<PlaneJob>;
  // Called at the PCA plane's first tile (its load done), and after it in any case.
  let pcaLoaded = () => {};
  const pcaLoad = new Promise<void>((resolve) => (pcaLoaded = resolve));
  const scan = async (stage: string, job: Job) => {
    const finishedOnly = merged?.includes(job.dir.slice(out.length + 1)) ?? false;
    // Written while the plane loads (a file of its own: the scan does not read it).
    const directions = finishedOnly ? null : writePlaneDirections(job.dir, job.d1, job.d2);
    directions?.catch(() => {}); // awaited after the scan; a failure surfaces there
    // A failed scan waits for that write to end (finished or cleaned up) before it throws: a
    // plane that loads nothing (the random plane on the slice's load) can fail before it is done.
    const result = await scanPlaneToFolder({
      ...common,
      ...job,
      finishedOnly,
      onProgress: (done, total) => {
        if (stage === "pca plane") pcaLoaded();
        onProgress?.(stage, done, total);
      },
      onResume: (done, total) =>
        onNote?.(`resuming scan: ${done} of ${total} points done (${stage})`),
    }).finally(() => directions?.then(() => {}, () => {}));
    await directions;
    if (!shard) await writePlaneSurfaces(job.dir, result.landscape, settings);
    timer(stage);
    return result.landscape;
  };

  const { d1, d2, cosine, metadata: random, labels } = await runDirections(
    used,
    center,
    layout,
  );
  hooks.onNote?.(`directions: cosine(d1, d2) = ${cosine.toExponential(2)}`);
  // The slice is the random plane's row beta = 0: both scan one load of that plane, made when
  // the first of them needs it (lib/scan/shared_plane.ts).
  using shared = remote ? null : sharePlane((samples) =>
    createParallelPlaneEvaluator({
      spec,
      center,
      d1,
      d2,
      data: samples,
      workers,
      pool: pool ?? undefined,
    })
  );
  const slice = await scan("slice", {
    dir: `${out}/slice`,
    plane: "slice",
    d1,
    d2: null,
    xcoordinates: axes.slice,
    ycoordinates: null,
    xlabel: `step along ${labels[0]}`,
    ylabel: "",
    metadata: metadata(random),
    evaluators: shared?.line,
  });
  report?.draw("slice", { slice, centre });
  const randomPlane = await scan("random plane", {
    dir: `${out}/random`,
    plane: "random",
    d1,
    d2,
    xcoordinates: axes.xcoordinates,
    ycoordinates: axes.ycoordinates,
    xlabel: labels[0],
    ylabel: labels[1],
    metadata: metadata(random),
    evaluators: shared?.plane,
  });
  shared?.dispose(); // the PCA plane loads into the pool next
  report?.draw("randomPlane", { randomPlane, centre });

  // The analyses' last part (summaries, the diagnosis, their files) needs only the slice and the
  // per-checkpoint results. When those came from the Worker during training it runs on this
  // thread while the Workers scan the PCA plane, and the report's Worker draws its sections then
  // instead of when the report is built, with one core idle. It starts once the plane's load is
  // done (this thread relays the Workers' products while they load). Otherwise (no results from
  // the Worker, or --epochs 0) it runs after the planes, with a progress bar for the checkpoints
  // it still has to analyse.
  const besidePca = shard || used.analyses.length === 0
    ? Promise.resolve(undefined)
    : Promise.all([analyzed, pcaLoad]).then(async ([during]) => {
      if (!during || used.epochs === 0) return undefined;
      const started = performance.now();
      const when = besideScans ? "beside the scans" : "during training";
      onNote?.(
        `analyses: the ${during.length} checkpoints' gradients, influence and health ran ${when} (in a Worker)`,
      );
      const { result } = await analyzeRun({ ...analysisJob, analyzed: during, slice });
      hooks.onStage?.("analyses", (performance.now() - started) / 1000);
      report?.draw("analysis", { analysis: result });
      return result;
    });
  // Awaited after the PCA plane; a failure surfaces there (or a failing plane waits for it).
  besidePca.catch(() => {});

  let pcaPlane: Landscape | undefined;
  let pcaDirections: { d1: Float32Array; d2: Float32Array } | undefined;
  let path: ProjectedPath | undefined;
  let pcaMissing: string | undefined;
  const weights = checkpoints.map((checkpoint) => checkpoint.values);
  if (weights.length < 3 && used.epochs > 0) {
    pcaMissing = `No PCA plane: it needs 3 or more checkpoints and the run has ${weights.length} ` +
      `(train longer, or keep more with --checkpoint-every N).`;
    onNote?.(pcaMissing);
  }
  const scanPcaPlane = async () => {
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
      ...pcaAxes(path, settings.grid),
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
    report?.draw("pcaPlane", { pcaPlane, path });
  };
  let modelPlanes: ModelPlanes;
  try {
    if (weights.length >= 3) await scanPcaPlane();
    pcaLoaded();
    modelPlanes = await scanModelPlanes({
      settings,
      checkpoints: weights,
      layout,
      testData: data.test.count > 0
        ? (testData ?? evaluationSamples(data.test, settings.samples, "test"))
        : undefined,
      scan: (stage, job) =>
        scan(stage, {
          ...job,
          metadata: { ...metadata(job.metadata.directions), ...job.metadata },
        }),
    });
  } catch (error) {
    // The analyses beside the planes finish (files written or cleaned up) before the error goes on.
    await besidePca.catch(() => {});
    throw error;
  } finally {
    pcaLoaded();
  }
  report?.drawLandscapes({ randomPlane, pcaPlane, ...modelPlanes, settings });
  let analysis: AnalysisResult | undefined = await besidePca;

  // A shard's planes are partial: the merge writes the surfaces, analyses and report.
  if (shard) {
    return {
      history,
      slice,
      randomPlane,
      pcaPlane,
      path,
      modelPlanes,
      timings,
      files: [`${out}/`],
    };
  }
  if (used.analyses.length > 0 && !analysis) {
    // With --epochs 0 nothing trained: the Worker only evaluated the weights as loaded.
    ({ result: analysis } = await analyzeRun({
      ...analysisJob,
      analyzed: await analyzed,
      slice,
      onProgress: (done, total) => onProgress?.("analyses", done, total),
    }));
    timer("analyses");
    report?.draw("analysis", { analysis });
  }
  let hessian: { report: HessianReport; files: string[] } | undefined;
  if (wantsHessian(used)) {
    hessian = await runHessianStage({
      settings: used,
      spec,
      center,
      checkpoints,
      data: evaluation,
      planes: {
        slice: { landscape: slice, d1, d2: null },
        random: { landscape: randomPlane, d1, d2 },
        pca: pcaPlane && pcaDirections ? { landscape: pcaPlane, ...pcaDirections } : undefined,
      },
      training: { lr: used.lr, momentum: used.momentum, optimizer: used.optimizer },
      scan,
      metadata,
      hooks,
      timer,
    });
  }

  // The grids are done: the pool's Workers and their memory go before the report is built.
  pool?.dispose();
  const run = {
    ...dataInfo,
    complete: true,
    model: source,
    loss: describeLoss(spec.loss),
    inputScale,
    training,
    settings: used,
    history,
    path,
    diagnosis: analysis?.diagnosis,
    timings,
    version: VERSION,
  };
  await writeFileAtomic(`${out}/run.json`, JSON.stringify(run, null, 2) + "\n");
  const parameters = layout.size.toLocaleString("en-US");
  // The figures of the training curves, the slice and the planes are drawn already.
  await writeFileAtomic(
    `${out}/report.html`,
    await report!.build({
      title: `losscape: ${source} on ${dataset}`,
      notes: pcaMissing ? [pcaMissing] : [],
      analysis,
      hessian: hessian?.report,
      settings: {
        model: `${source}, ${parameters} parameters, ${spec.loss ?? "softmax-cross-entropy"}`,
        data:
          `${dataset}: ${data.train.count} train / ${data.test.count} test; ${evaluation.count} evaluated per point; inputs ${inputScale}`,
        training: settings.run === "" ? training : `${training} (run ${settings.run})`,
        grid: axes.description,
        directions: `${
          settings.directions && settings.directions !== "hessian"
            ? settings.directions
            : `random, ${settings.norm}`
        }, bias ${settings.bias}${settings.orthogonalize ? ", orthogonalised" : ""}; cosine ${
          cosine.toExponential(2)
        }`,
        seed,
        workers,
      },
      timings,
    }),
  );
  timer("report");
  const files = [`${out}/run/`, `${out}/slice/`, `${out}/random/`];
  if (pcaPlane) files.push(`${out}/pca/`);
  if (modelPlanes.interpolation) files.push(`${out}/interpolation/`);
  if (modelPlanes.modelPlane) files.push(`${out}/model-plane/`);
  if (analysis) files.push(`${out}/analysis/`);
  if (hessian) files.push(`${out}/hessian/`);
  files.push(`${out}/run.json`, `${out}/report.html`);
  if (settings.run !== "") files.shift();
  return {
    history,
    slice,
    randomPlane,
    pcaPlane,
    path,
    modelPlanes,
    timings,
    files,
    analysis,
  };
}
