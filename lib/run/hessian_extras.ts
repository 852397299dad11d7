/**
 * The parts of the curvature stage that use the scanned planes: local minima of each grid
 * (with the Hessian's smallest eigenvalue there on request), the scans along the top two
 * eigenvectors with the quadratic model, the convexity map of the random plane, and curvature
 * at every checkpoint.
 * @module
 */
import { linspace } from "../scan/grid.ts";
import { encodeNpy } from "../io/npy.ts";
import { writeFileAtomic } from "../io/atomic_write.ts";
import type { HessianReport, MinimumRow } from "../render/hessian_section.ts";
import type { Landscape } from "../scan/landscape.ts";
import { findLocalMinima } from "../analysis/curvature/local_minima.ts";
import { compareQuadraticModel } from "../analysis/curvature/quadratic_model.ts";
import { convexityMap } from "../analysis/curvature/convexity_map.ts";
import { checkpointCurvature } from "../analysis/curvature/checkpoint_curvature.ts";
import type { HessianOperator } from "../analysis/curvature/hessian_operator.ts";
import type { HessianSpectrum } from "../analysis/curvature/hessian_spectrum.ts";
import type { HessianStageInput } from "./run_hessian.ts";

/** Minima listed per plane at most (lowest first). */
const MAX_MINIMA = 20;

const along = (
  center: Float32Array,
  d1: Float32Array,
  x: number,
  d2: Float32Array | null,
  y: number,
) => center.map((w, i) => w + x * d1[i] + (d2 ? y * d2[i] : 0));

/**
 * Local minima of every scanned plane's training loss.
 *
 * @param input The stage's input (planes, weights).
 * @param lambdaMinAt When given, the Hessian's smallest eigenvalue at weights.
 * @returns Per plane: its landscape and up to 20 minima, lowest first.
 * @example
 * ```ts ignore
 * const minima = await scannedMinima(input);
 * ```
 */
export function scannedMinima(
  input: HessianStageInput,
  lambdaMinAt?: (weights: Float32Array) => number,
): { plane: string; landscape: Landscape; points: MinimumRow[] }[] {
  return Object.entries(input.planes).flatMap(([plane, entry]) => {
    if (!entry) return [];
    const { landscape, d1, d2 } = entry;
    const xs = landscape.xcoordinates, ys = landscape.ycoordinates;
    const minima = findLocalMinima(landscape.metrics.train_loss, xs.length, ys?.length ?? 1);
    const points = minima.slice(0, MAX_MINIMA).map((m) => {
      const x = xs[m.i], y = ys ? ys[m.j] : 0;
      const row: MinimumRow = { x, y, loss: m.value, cells: m.cells, onBorder: m.onBorder };
      if (lambdaMinAt) row.lambdaMin = lambdaMinAt(along(input.center, d1, x, d2, y));
      return row;
    });
    return [{ plane, landscape, points }];
  });
}

/**
 * Eigen-direction scans, the convexity map and curvature over training, as the settings ask.
 *
 * @param input The stage's input.
 * @param spectrum The spectrum (its first block's eigenvectors, in the full layout).
 * @param hessian The whole model's Hessian operator (moved and moved back).
 * @param extra `spectrum.json` fields, extended here.
 * @param files Paths written, extended here.
 * @returns The report parts.
 * @example
 * ```ts ignore
 * const parts = await curvatureExtras(input, spectrum, hessian, extra, files);
 * ```
 */
export async function curvatureExtras(
  input: HessianStageInput,
  spectrum: HessianSpectrum,
  hessian: HessianOperator,
  extra: Record<string, unknown>,
  files: string[],
): Promise<Partial<HessianReport>> {
  const { settings, center, hooks } = input;
  const { range, grid } = settings;
  const dir = `${settings.out}/hessian`;
  const { timer } = input;
  const parts: Partial<HessianReport> = {};
  if (settings.directions === "hessian") {
    const [v1, v2] = spectrum.eigenvectors[0];
    const [lambda1, lambda2] = spectrum.blocks[0].top.eigenvalues;
    // Unit eigenvectors; the span puts the quadratic model's rise at range^2 at the edge.
    const span = lambda1 > 0 ? range * Math.sqrt(2 / lambda1) : range;
    const directions = { kind: "hessian", eigenvalues: [lambda1, lambda2], span, norm: "unit" };
    const t = linspace(-span, span, 4 * (grid - 1) + 1);
    const slice = await input.scan("hessian slice", {
      dir: `${dir}/slice`,
      plane: "hessian-slice",
      d1: v1,
      d2: null,
      xcoordinates: t,
      ycoordinates: null,
      xlabel: "t along Hessian eigenvector 1 (unit norm)",
      ylabel: "",
      metadata: input.metadata(directions),
    });
    const axis = linspace(-span, span, grid);
    parts.eigenPlane = await input.scan("hessian plane", {
      dir: `${dir}/plane`,
      plane: "hessian",
      d1: v1,
      d2: v2,
      xcoordinates: axis,
      ycoordinates: axis,
      xlabel: `eigenvector 1 (λ = ${lambda1.toPrecision(4)})`,
      ylabel: `eigenvector 2 (λ = ${lambda2.toPrecision(4)})`,
      metadata: input.metadata(directions),
    });
    const loss = slice.metrics.train_loss;
    const gradient = hessian.gradient();
    let slope = 0;
    hessian.block.reduce((offset, tensor) => {
      for (let i = 0; i < tensor.size; i++) slope += gradient[offset + i] * v1[tensor.offset + i];
      return offset + tensor.size;
    }, 0);
    const quadratic = {
      slope,
      ...compareQuadraticModel(t, loss, loss[(t.length - 1) / 2], lambda1, slope),
    };
    parts.eigenSlice = {
      t,
      loss,
      model: quadratic.model,
      eigenvalue: lambda1,
      validRadius: quadratic.validRadius,
    };
    extra.hessianDirections = {
      ...directions,
      quadraticModel: quadratic,
      folders: ["slice", "plane"],
    };
    files.push(`${dir}/slice/`, `${dir}/plane/`);
  }
  const random = input.planes.random;
  if (settings.convexityGrid > 0 && random?.d2) {
    const axis = linspace(-range, range, settings.convexityGrid);
    const maxIterations = Math.min(settings.hessianIterations, 20);
    const map = await convexityMap({
      xcoordinates: axis,
      ycoordinates: axis,
      operatorAt: (
        x,
        y,
      ) => (hessian.setWeights(along(center, random.d1, x, random.d2, y)), hessian),
      maxIterations,
      tolerance: Math.max(settings.hessianTolerance, 1e-2),
      seed: settings.seed,
      onProgress: (done, total) => hooks.onProgress?.("convexity map", done, total),
    });
    hessian.setWeights(center);
    const shape = [axis.length, axis.length];
    for (
      const [name, values] of [["convexity_ratio", map.ratio], ["lambda_min", map.lambdaMin], [
        "lambda_max",
        map.lambdaMax,
      ]] as const
    ) {
      await writeFileAtomic(`${dir}/${name}.npy`, encodeNpy(Float32Array.from(values), shape));
      files.push(`${dir}/${name}.npy`);
    }
    extra.convexity = {
      plane: "random",
      xcoordinates: axis,
      ycoordinates: axis,
      maxIterations,
      convergedPoints: map.convergedPoints,
      files: ["convexity_ratio.npy", "lambda_min.npy", "lambda_max.npy"],
    };
    parts.convexity = {
      map: {
        xcoordinates: axis,
        ycoordinates: axis,
        ratio: map.ratio,
        lambdaMin: map.lambdaMin,
        xlabel: random.landscape.xlabel,
        ylabel: random.landscape.ylabel,
      },
      plane: random.landscape,
    };
    timer("convexity map");
  }
  if (settings.hessianCheckpoints) {
    const rows = await checkpointCurvature({
      spec: input.spec,
      checkpoints: input.checkpoints,
      data: input.data,
      maxIterations: settings.hessianIterations,
      tolerance: settings.hessianTolerance,
      traceVectors: settings.hessianTraceVectors,
      seed: settings.seed,
      onProgress: (done, total) => hooks.onProgress?.("hessian checkpoints", done, total),
    });
    const { lr, momentum, optimizer } = input.training;
    const threshold = 2 / lr;
    const heavyBall = optimizer === "momentum" || optimizer === "nesterov";
    extra.checkpoints = {
      learningRate: lr,
      threshold,
      momentumThreshold: heavyBall ? (2 + 2 * momentum) / lr : null,
      rows,
    };
    parts.history = { rows, threshold };
    timer("hessian checkpoints");
  }
  return parts;
}
