/**
 * The whole curvature summary of a model at its weights, overall and per layer: the top-k
 * eigenvalues (Lanczos), the smallest eigenvalue (by a shift), the trace (Hutchinson, with its
 * standard error) and the spectral density (SLQ), each with its residuals and iterations.
 * @module
 */
import type { Dataset } from "../../data/dataset.ts";
import type { ModelSpec } from "../../model/spec.ts";
import { modelLayout } from "../../model/model_layout.ts";
import { resolveModel } from "../../model/resolve.ts";
import { createHessianOperator } from "./hessian_operator.ts";
import { selectLayerBlocks } from "./layer_blocks.ts";
import { type EigenResult, smallestEigen, topEigen } from "./top_eigen.ts";
import { hutchinsonTrace, type TraceResult } from "./hutchinson_trace.ts";
import { densityMoment, type DensityResult, spectralDensity } from "./spectral_density.ts";

/** Options of {@linkcode hessianSpectrum}. */
export interface SpectrumOptions {
  /** The model. */
  spec: ModelSpec;
  /** Flat weights. */
  values: Float32Array;
  /** Evaluation samples (the loss is their mean). */
  data: Dataset;
  /** Top eigenvalues per block (capped at a block's size). Default 5. */
  k?: number;
  /** Lanczos steps for eigenvalues and per density run. Default 100. */
  maxIterations?: number;
  /** Relative tolerance of eigenvalues and trace. Default 1e-3. */
  tolerance?: number;
  /** Seed of every random vector. Default 0. */
  seed?: number;
  /** Most Hutchinson vectors. Default 100. */
  traceVectors?: number;
  /** SLQ runs. Default 3. */
  densityRuns?: number;
  /** Lanczos steps per SLQ run (capped at maxIterations). Default 60. */
  densitySteps?: number;
  /** Layers to analyse on their own: names, `["all"]` (default) or `["none"]`. */
  layers?: readonly string[];
  /** Keep the top eigenvectors (full layout) of every block. Default false. */
  eigenvectors?: boolean;
  /** Samples per batch of the Hessian-vector products. */
  batchSize?: number;
  /** Called when a block's stage starts: (block, stage). */
  onStage?: (block: string, stage: string) => void;
}

/** A method's result without its vectors or samples: values, residuals, iterations, convergence. */
export type Reported<T> = Omit<T, "eigenvectors" | "samples">;

/** The curvature of one block. */
export interface BlockSpectrum {
  /** `all` or a layer name. */
  name: string;
  /** Its trainable tensors. */
  tensors: string[];
  /** Its number of weights. */
  size: number;
  /** Top eigenvalues with residuals. */
  top: Reported<EigenResult>;
  /** The smallest eigenvalue, by the shift `lambda_max I - H`. */
  smallest: Reported<EigenResult> & { shift: number };
  /** Hutchinson's trace. */
  trace: Reported<TraceResult>;
  /** SLQ summary (the curve itself is in `densities`). */
  density: Omit<DensityResult, "grid" | "density"> & { moments: number[] };
  /** Hessian-vector products spent on the block. */
  products: number;
  /** Seconds spent on the block. */
  seconds: number;
}

/** What {@linkcode hessianSpectrum} found. */
export interface HessianSpectrum {
  /** The whole model first, then each chosen layer. */
  blocks: BlockSpectrum[];
  /** Density curves, same order: grid and density. */
  densities: { grid: number[]; density: number[] }[];
  /** Top eigenvectors per block in the full layout (when asked for). */
  eigenvectors: Float32Array[][];
  /** Mean loss at the weights. */
  loss: number;
}

/**
 * Computes the Hessian spectrum of a model's mean loss, overall and per layer.
 *
 * @param options Model, weights, data and method settings.
 * @returns Per-block eigenvalues, trace, density and their convergence.
 * @throws {RangeError} On an unknown layer or a bad method setting.
 * @example
 * ```ts
 * import { hessianSpectrum } from "./hessian_spectrum.ts";
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array([1, 0, 0, 1]), y: new Int32Array([0, 1]), count: 2, features: 2, classes: 2 };
 * const result = await hessianSpectrum({ spec, values: new Float32Array(6), data, k: 2, layers: ["none"] });
 * console.log(result.blocks[0].top.eigenvalues.length); // 2
 * ```
 */
export async function hessianSpectrum(options: SpectrumOptions): Promise<HessianSpectrum> {
  const {
    spec,
    values,
    data,
    k = 5,
    maxIterations = 100,
    tolerance = 1e-3,
    seed = 0,
    traceVectors = 100,
    densityRuns = 3,
    densitySteps = 60,
    layers = ["all"],
    batchSize,
    onStage,
  } = options;
  const model = resolveModel(spec);
  const layout = modelLayout(model);
  const chosen = selectLayerBlocks(layout, layers);
  const targets: { name: string; tensors?: string[] }[] = [{ name: "all" }, ...chosen];
  const result: HessianSpectrum = { blocks: [], densities: [], eigenvectors: [], loss: NaN };
  for (const target of targets) {
    const started = performance.now();
    const hessian = await createHessianOperator({
      model,
      values,
      data,
      batchSize,
      tensors: target.tensors,
    });
    try {
      if (target.name === "all") result.loss = hessian.loss();
      const blockK = Math.min(k, hessian.size);
      const settings = { maxIterations, tolerance, seed };
      onStage?.(target.name, "top eigenvalues");
      const { eigenvectors, ...top } = topEigen(hessian, { ...settings, k: blockK });
      onStage?.(target.name, "smallest eigenvalue");
      const shift = Math.max(top.eigenvalues[0], 0);
      const { eigenvectors: _, ...smallest } = smallestEigen(hessian, { ...settings, shift });
      onStage?.(target.name, "trace");
      const { samples: __, ...trace } = hutchinsonTrace(hessian, {
        maxIterations: traceVectors,
        tolerance,
        seed,
      });
      onStage?.(target.name, "density");
      const density = spectralDensity(hessian, {
        runs: densityRuns,
        maxIterations: Math.min(maxIterations, densitySteps),
        tolerance,
        seed,
      });
      const { grid, density: curve, ...quadrature } = density;
      result.densities.push({ grid, density: curve });
      if (options.eigenvectors) {
        result.eigenvectors.push(eigenvectors.map((v) => hessian.toFull(v)));
      }
      result.blocks.push({
        name: target.name,
        tensors: hessian.block.map((slot) => slot.name),
        size: hessian.size,
        top,
        smallest,
        trace,
        density: { ...quadrature, moments: [1, 2].map((p) => densityMoment(density, p)) },
        products: hessian.products,
        seconds: (performance.now() - started) / 1000,
      });
    } finally {
      hessian.dispose();
    }
  }
  return result;
}
