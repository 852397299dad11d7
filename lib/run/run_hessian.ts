/**
 * The curvature stage of `deno task scan --hessian` (and `--directions hessian`,
 * `--convexity-grid N`, `--hessian-checkpoints`): the Hessian spectrum overall and per layer,
 * epsilon-sharpness, local minima of the scanned grids, the eigen-direction plane and slice,
 * the convexity map of the random plane and curvature over training, written to OUT/hessian/.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { ModelSpec } from "../model/spec.ts";
import { modelLayout } from "../model/model_layout.ts";
import { LosscapeError } from "../errors.ts";
import type { Landscape } from "../scan/landscape.ts";
import type { HessianReport } from "../render/hessian_section.ts";
import { hessianSpectrum } from "../analysis/curvature/hessian_spectrum.ts";
import { layerBlocks, selectLayerBlocks } from "../analysis/curvature/layer_blocks.ts";
import { createHessianOperator } from "../analysis/curvature/hessian_operator.ts";
import { epsilonSharpness } from "../analysis/curvature/epsilon_sharpness.ts";
import { smallestEigen } from "../analysis/curvature/top_eigen.ts";
import { writeSpectrumFiles } from "../analysis/curvature/spectrum_files.ts";
import { curvatureExtras, scannedMinima } from "./hessian_extras.ts";
import type { RunSettings } from "./settings.ts";
import type { PlaneJob } from "../scan/scan_plane_to_folder.ts";
import type { RunHooks } from "./train_run.ts";

/**
 * Whether the settings ask for the curvature stage.
 *
 * @param settings The run's settings.
 * @returns True with --hessian, --directions hessian, --convexity-grid N, --hessian-checkpoints
 *   or --minima-hessian.
 * @example
 * ```ts
 * import { wantsHessian } from "./run_hessian.ts";
 * import { resolveSettings } from "./settings.ts";
 * console.log(wantsHessian(resolveSettings(null, { hessian: true }))); // true
 * ```
 */
export function wantsHessian(settings: RunSettings): boolean {
  return settings.hessian || settings.directions === "hessian" || settings.convexityGrid > 0 ||
    settings.hessianCheckpoints || settings.minimaHessian;
}

/** Checks the curvature settings against the model, naming the flag of any bad one. */
function checkHessianSettings(settings: RunSettings, spec: ModelSpec): string[] {
  const layout = modelLayout(spec);
  const trainable = layerBlocks(layout).reduce((sum, block) => sum + block.size, 0);
  if (settings.hessianTop > trainable) {
    throw new LosscapeError(
      `--hessian-top must be at most the number of weights (${trainable}): got ${settings.hessianTop}`,
    );
  }
  if (settings.convexityGrid === 1) {
    throw new LosscapeError(`--convexity-grid must be 0 (off) or at least 2: got 1`);
  }
  const layers = settings.hessianLayers.split(",").map((name) => name.trim()).filter(Boolean);
  try {
    selectLayerBlocks(layout, layers);
  } catch (error) {
    throw new LosscapeError(`--hessian-layers: ${(error as Error).message}`);
  }
  return layers;
}

/** What the stage needs from the scan around it. */
export interface HessianStageInput {
  /** The run's settings. */
  settings: RunSettings;
  /** The model. */
  spec: ModelSpec;
  /** The trained weights. */
  center: Float32Array;
  /** The trajectory (for curvature over training). */
  checkpoints: readonly { values: Float32Array; epoch: number }[];
  /** The evaluation samples of the scans. */
  data: Dataset;
  /** The scanned landscapes by plane name, with their directions (origin: the weights). */
  planes: Record<
    string,
    { landscape: Landscape; d1: Float32Array; d2: Float32Array | null } | undefined
  >;
  /** The learning rate and momentum the run was trained with (for 2 / lr). */
  training: { lr: number; momentum: number; optimizer: string };
  /** Scans one plane the way the run scans its others. */
  scan: (
    stage: string,
    job: Omit<
      PlaneJob,
      "spec" | "center" | "data" | "testData" | "fresh" | "workers" | "onProgress"
    >,
  ) => Promise<Landscape>;
  /** landscape.json metadata for a plane with these directions. */
  metadata: (directions: unknown) => Record<string, unknown>;
  /** Progress hooks. */
  hooks: RunHooks;
  /** Ends a stage of the run's clock (the scan's stages share it). */
  timer: (stage: string) => number;
}

/**
 * Runs the curvature stage and writes OUT/hessian/.
 *
 * @param input Settings, model, weights, data, scanned planes and the scanner.
 * @returns The report's curvature data and the files written.
 * @throws {LosscapeError} On a bad curvature setting, naming its flag.
 * @example
 * ```ts ignore
 * import { runHessianStage } from "./run_hessian.ts";
 * const { report, files } = await runHessianStage({ settings, spec, center, checkpoints, data, planes, random, scan, metadata, hooks });
 * ```
 */
export async function runHessianStage(
  input: HessianStageInput,
): Promise<{ report: HessianReport; files: string[] }> {
  const { settings, spec, center, data, hooks } = input;
  const layers = checkHessianSettings(settings, spec);
  const { timer } = input;
  const dir = `${settings.out}/hessian`;
  // Every curvature file goes here, the extras (convexity map, eigen-direction planes) first.
  await Deno.mkdir(dir, { recursive: true });
  const tolerance = settings.hessianTolerance;
  const k = Math.max(settings.hessianTop, settings.directions === "hessian" ? 2 : 1);
  let stageNote = "";
  const spectrum = await hessianSpectrum({
    spec,
    values: center,
    data,
    k,
    maxIterations: settings.hessianIterations,
    tolerance,
    seed: settings.seed,
    traceVectors: settings.hessianTraceVectors,
    densityRuns: settings.hessianDensityRuns,
    layers: settings.hessian ? layers : ["none"],
    eigenvectors: settings.hessianEigenvectors || settings.directions === "hessian",
    onStage: (block, stage) => {
      const note = `hessian ${block}: ${stage}`;
      if (note !== stageNote) hooks.onProgress?.(note, 0, 1);
      stageNote = note;
    },
  });
  timer("hessian spectrum");
  const hessian = await createHessianOperator({ model: spec, values: center, data });
  const files: string[] = [];
  const extra: Record<string, unknown> = {
    data: { samples: data.count, seed: settings.seed, batchNorm: "moving statistics" },
    settings: {
      top: k,
      iterations: settings.hessianIterations,
      tolerance,
      traceVectors: settings.hessianTraceVectors,
      densityRuns: settings.hessianDensityRuns,
      layers,
      seed: settings.seed,
    },
  };
  try {
    const mask = new Float32Array(hessian.layout.size);
    for (const slot of hessian.block) mask.fill(1, slot.offset, slot.offset + slot.size);
    const objective = {
      loss: (weights: Float32Array) => (hessian.setWeights(weights), hessian.loss()),
      gradient: (
        weights: Float32Array,
      ) => (hessian.setWeights(weights), hessian.toFull(hessian.gradient())),
    };
    const sharpness = epsilonSharpness(objective, center, {
      epsilon: settings.sharpnessEpsilon,
      tolerance,
      seed: settings.seed,
      mask,
    });
    hessian.setWeights(center);
    extra.sharpness = { ...sharpness, topEigenvalue: spectrum.blocks[0].top.eigenvalues[0] };
    timer("sharpness");
    const minima = await scannedMinima(
      input,
      settings.minimaHessian
        ? (weights) => {
          hessian.setWeights(weights);
          const low = smallestEigen(hessian, {
            maxIterations: settings.hessianIterations,
            tolerance,
            seed: settings.seed,
          });
          return low.eigenvalues[0];
        }
        : undefined,
    );
    hessian.setWeights(center);
    extra.minima = Object.fromEntries(minima.map(({ plane, points }) => [plane, points]));
    timer("local minima");
    const extras = await curvatureExtras(input, spectrum, hessian, extra, files);
    if (!settings.hessianEigenvectors) spectrum.eigenvectors = [];
    files.push(...await writeSpectrumFiles(dir, spectrum, extra));
    const report: HessianReport = {
      blocks: spectrum.blocks.map((block) => ({
        name: block.name,
        size: block.size,
        top: block.top.eigenvalues,
        topResidual: Math.max(...block.top.relativeResiduals),
        lambdaMin: block.smallest.eigenvalues[0],
        minResidual: block.smallest.relativeResiduals[0],
        trace: block.trace.trace,
        traceStandardError: block.trace.standardError,
        converged: block.top.converged && block.smallest.converged && block.trace.converged,
      })),
      densities: spectrum.densities.map((curve, i) => ({
        name: spectrum.blocks[i].name,
        ...curve,
      })),
      sharpness: settings.hessian ? sharpness : undefined,
      minima,
      ...extras,
    };
    return { report, files };
  } finally {
    hessian.dispose();
  }
}
