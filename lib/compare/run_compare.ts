/**
 * `deno task compare DIR...`: reads runs and sweeps from their folders, measures each variant's
 * sharpness, scans the loss on the common PCA plane of all trajectories (around the first run's
 * final weights) and along the line from the first run's minimum to each other's, and writes
 * `compare.html`, `compare.json` and `common-plane/` into the output folder.
 * @module
 */
import { writeFileAtomic } from "../io/mod.ts";
import type { RunSettings } from "../run/mod.ts";
import { VERSION } from "../version.ts";
import { checkSameModel, type ComparedRun, readComparedRuns } from "./compared_runs.ts";
import { planeEpsilonSharpness, sliceWidth } from "./sharpness.ts";
import { interpolationBarrier } from "./barrier.ts";
import { commonPcaPlane } from "./common_plane.ts";
import { buildCompareReport, type CompareData, type ComparedVariant } from "./compare_report.ts";
import { differingSettings } from "../run/out_folder.ts";
import { evaluationSamples } from "../run/evaluation_samples.ts";
import { loadRunData } from "../run/load_data.ts";
import { pcaAxes } from "../scan/pca_axes.ts";
import { scanPlaneToFolder } from "../scan/scan_plane_to_folder.ts";

/** Options of {@linkcode runCompare}. */
export interface CompareOptions {
  /** Run folders and sweep folders. */
  dirs: string[];
  /** Output folder (default `out/compare`). */
  out?: string;
  /** Loss rise bounding the slice's basin for the width (default 0.1). */
  delta?: number;
  /** Half-side of the box of the plane ε-sharpness, in plane coordinates (default 0.1). */
  epsilon?: number;
  /** Points per axis of the common plane, and along each interpolation line (default 31). */
  grid?: number;
  /** Evaluation samples of the common plane and the lines (default: the first run's). */
  samples?: number;
  /** Workers scanning the common plane (default 1). */
  workers?: number;
  /** Progress of a scan (stage, points done, total). */
  onProgress?: (stage: string, done: number, total: number) => void;
  /** A line worth saying. */
  onNote?: (line: string) => void;
}

/** What a comparison produced. */
export interface CompareResult {
  /** The report's data. */
  data: CompareData;
  /** Files written. */
  files: string[];
}

/** Settings that are not results (where and how a run wrote its files). */
const NEUTRAL = ["out", "fresh", "quiet", "workers"];

function variantOf(run: ComparedRun, differs: string[], delta: number, epsilon: number) {
  const settings = (run.run.settings ?? {}) as Record<string, unknown>;
  const slice = run.slice, random = run.random;
  const top = (run.spectrum?.blocks as { top?: { eigenvalues?: number[] } }[] | undefined)?.[0];
  const trace = (run.spectrum?.blocks as { trace?: { trace?: number } }[] | undefined)?.[0];
  const sharp = run.spectrum?.sharpness as { sharpness?: number } | undefined;
  const health = (run.analysis?.health as { perCheckpoint?: unknown[][] } | undefined)
    ?.perCheckpoint?.at(-1) as ComparedVariant["health"];
  const diagnosis = run.run.diagnosis as
    | { verdict: string; statements: { text: string }[] }
    | undefined;
  const variant: ComparedVariant = {
    label: run.label,
    differs: Object.fromEntries(differs.map((key) => [key, settings[key]])),
    history: (run.run.history ?? run.trajectory.history) as ComparedVariant["history"],
    slice,
    random,
    width: slice?.metrics.train_loss
      ? sliceWidth(slice.xcoordinates, slice.metrics.train_loss, delta)
      : undefined,
    planeSharpness: random?.metrics.train_loss ? planeEpsilonSharpness(random, epsilon) : undefined,
    hessian: run.spectrum
      ? {
        top: top?.top?.eigenvalues?.[0],
        trace: trace?.trace?.trace,
        epsilonSharpness: sharp?.sharpness,
      }
      : undefined,
    intensity: run.intensity,
    health,
    diagnosis: diagnosis
      ? { verdict: diagnosis.verdict, statements: diagnosis.statements.map((s) => s.text) }
      : undefined,
  };
  return variant;
}

/**
 * Compares runs (see the module doc).
 *
 * @param options Folders, output folder, thresholds, grid and hooks.
 * @returns The report's data and the files written.
 * @throws {LosscapeError} On a missing folder, a folder that is not a run or sweep, or runs of
 *   different models (naming both folders).
 * @example
 * ```ts ignore
 * import { runCompare } from "./run_compare.ts";
 * const { files } = await runCompare({ dirs: ["out/sweep"] });
 * ```
 */
export async function runCompare(options: CompareOptions): Promise<CompareResult> {
  const {
    dirs,
    out = "out/compare",
    delta = 0.1,
    epsilon = 0.1,
    grid = 31,
    workers = 1,
    onProgress,
    onNote,
  } = options;
  const runs = await readComparedRuns(dirs);
  checkSameModel(runs);
  const settingsOf = (run: ComparedRun) => (run.run.settings ?? {}) as Record<string, unknown>;
  const differs = [
    ...new Set(
      runs.slice(1).flatMap((run) => differingSettings(settingsOf(runs[0]), settingsOf(run))),
    ),
  ].filter((key) => !NEUTRAL.includes(key)).sort();
  const variants = runs.map((run) => variantOf(run, differs, delta, epsilon));
  const coarse = variants.filter((v) => Number.isNaN(v.planeSharpness)).map((v) => v.label);
  if (coarse.length > 0) {
    onNote?.(
      `--epsilon ${epsilon} is below the random plane's grid spacing of ${coarse.join(", ")}: ` +
        "no ε-sharpness there (scan a finer --grid or give a larger --epsilon)",
    );
  }
  await Deno.mkdir(out, { recursive: true });
  const first = runs[0];
  const firstSettings = settingsOf(first) as unknown as RunSettings;
  const spec = first.trajectory.model;
  const data = await loadRunData(firstSettings);
  const samples = options.samples ?? (Number(firstSettings.samples) || 2000);
  const evaluation = evaluationSamples(data.train, samples, "training", onNote);
  const finals = runs.map((run) => run.trajectory.checkpoints.at(-1)!.values);
  const interpolations: CompareData["interpolations"] = [];
  for (const [k, run] of runs.entries()) {
    if (k === 0) continue;
    const line = await interpolationBarrier({
      spec,
      a: finals[0],
      b: finals[k],
      data: evaluation,
      points: grid,
    });
    interpolations.push({
      a: first.label,
      b: run.label,
      alphas: line.alphas,
      loss: Array.from(line.loss),
      barrier: line.barrier,
    });
  }
  const files: string[] = [];
  let commonPlane: CompareData["commonPlane"];
  const trajectories = runs.map((run) => run.trajectory.checkpoints.map((c) => c.values));
  if (trajectories.flat().length >= 3) {
    const { plane, paths } = commonPcaPlane(trajectories, finals[0]);
    const merged = {
      points: paths.flatMap((p) => p.points),
      explainedVariance: plane.explainedVariance,
    };
    const axes = pcaAxes(merged, grid);
    const [v1, v2] = plane.explainedVariance.map((v) => (100 * v).toFixed(1));
    const result = await scanPlaneToFolder({
      dir: `${out}/common-plane`,
      plane: "common-pca",
      spec,
      center: finals[0],
      d1: plane.d1,
      d2: plane.d2,
      data: evaluation,
      ...axes,
      xlabel: `PC1 of all runs (${v1}% of variance)`,
      ylabel: `PC2 (${v2}%)`,
      metadata: {
        directions: { kind: "common-pca", runs: runs.map((run) => run.dir), center: first.dir },
        explainedVariance: plane.explainedVariance,
        version: VERSION,
      },
      workers,
      onProgress: (done, total) => onProgress?.("common plane", done, total),
    });
    files.push(`${out}/common-plane/`);
    commonPlane = {
      landscape: result.landscape,
      paths: paths.map((path, k) => ({ label: runs[k].label, path })),
      center: first.label,
    };
  } else onNote?.("fewer than 3 checkpoints in all: no common PCA plane");
  const compareData: CompareData = {
    variants,
    thresholds: { delta, epsilon },
    commonPlane,
    interpolations,
  };
  const summary = {
    format: "losscape-compare",
    version: VERSION,
    runs: runs.map((run, k) => ({
      label: run.label,
      dir: run.dir,
      differs: variants[k].differs,
      final: variants[k].history.at(-1),
      width: variants[k].width,
      planeEpsilonSharpness: variants[k].planeSharpness ?? null,
      hessian: variants[k].hessian ?? null,
    })),
    thresholds: { delta, epsilon },
    samples: evaluation.count,
    interpolations: interpolations.map(({ a, b, alphas, loss, barrier }) => ({
      a,
      b,
      alphas,
      loss,
      barrier,
    })),
    commonPlane: commonPlane
      ? {
        center: first.dir,
        explainedVariance: commonPlane.paths[0]?.path.explainedVariance,
        paths: commonPlane.paths,
      }
      : null,
  };
  await writeFileAtomic(`${out}/compare.json`, JSON.stringify(summary, null, 2) + "\n");
  files.push(`${out}/compare.json`);
  const title = `losscape: ${runs.length} run${runs.length === 1 ? "" : "s"} compared`;
  await writeFileAtomic(`${out}/compare.html`, buildCompareReport(compareData, title));
  files.push(`${out}/compare.html`);
  return { data: compareData, files };
}
