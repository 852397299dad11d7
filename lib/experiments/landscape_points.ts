/**
 * Loss and accuracy along a line or over a plane of weights, with the project's engine
 * (`createPlaneEvaluator`), returned as a `Landscape` the render helpers draw.
 * @module
 */
import type { Dataset } from "../data/mod.ts";
import { createPlaneEvaluator } from "../engine/mod.ts";
import type { ModelSpec } from "../model/mod.ts";
import type { Landscape } from "../scan/mod.ts";

/** Options of {@linkcode scanLandscape}. */
export interface ScanLandscapeOptions {
  /** The model. */
  spec: ModelSpec;
  /** The weights at (0, 0). */
  center: Float32Array;
  /** Direction of x. */
  d1: Float32Array;
  /** Direction of y; omit for a 1D line. */
  d2?: Float32Array;
  /** x coordinates. */
  xs: readonly number[];
  /** y coordinates (with `d2`). */
  ys?: readonly number[];
  /** Named sample sets; each gives `<name>_loss` and `<name>_acc`. */
  splits: Record<string, Dataset>;
  /** Name of the plane (default `"line"` or `"plane"`). */
  plane?: string;
  /** Axis labels (default `"α"`, `"β"`). */
  xlabel?: string;
  /** Label of y. */
  ylabel?: string;
}

/**
 * Evaluates the model at `center + x d1 (+ y d2)` for every grid point and split.
 *
 * @param options Model, weights, directions, grid and data.
 * @returns A 1D (no `d2`) or 2D landscape; non-finite losses are NaN.
 * @example
 * ```ts
 * import { scanLandscape } from "./landscape_points.ts";
 * const spec = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 2 }] };
 * const data = { x: new Float32Array([1, 0, 0, 1]), y: new Int32Array([0, 1]), count: 2, features: 2, classes: 2 };
 * const line = await scanLandscape({ spec, center: new Float32Array(6), d1: new Float32Array(6), xs: [0, 1], splits: { train: data } });
 * console.log(line.metrics.train_loss[0].toFixed(4)); // "0.6931"
 * ```
 */
export async function scanLandscape(options: ScanLandscapeOptions): Promise<Landscape> {
  const { spec, center, d1, d2, xs, ys = [], splits } = options;
  const nx = xs.length, ny = d2 ? ys.length : 1;
  const alphas = new Float64Array(nx * ny), betas = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      alphas[j * nx + i] = xs[i];
      betas[j * nx + i] = d2 ? ys[j] : 0;
    }
  }
  const metrics: Record<string, Float32Array> = {};
  for (const [name, data] of Object.entries(splits)) {
    const evaluator = await createPlaneEvaluator({ spec, center, d1, d2: d2 ?? null, data });
    const loss = new Float32Array(nx * ny), accuracy = new Float32Array(nx * ny);
    try {
      await evaluator.evaluate(alphas, d2 ? betas : null, loss, accuracy);
    } finally {
      evaluator.dispose();
    }
    metrics[`${name}_loss`] = loss;
    metrics[`${name}_acc`] = accuracy;
  }
  return {
    plane: options.plane ?? (d2 ? "plane" : "line"),
    xcoordinates: [...xs],
    ycoordinates: d2 ? [...ys] : null,
    xlabel: options.xlabel ?? "α",
    ylabel: d2 ? options.ylabel ?? "β" : "",
    metrics,
  };
}
