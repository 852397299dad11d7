/**
 * Evaluates one checked tile request with the engine: the work behind the tile endpoint, kept a
 * library function so a test or another server can call it without HTTP.
 * @module
 */
import {
  createPlaneEvaluator,
  type KernelVariant,
  type PlaneEvaluator,
  selectKernelVariant,
} from "../engine/mod.ts";
import { LosscapeError } from "../errors.ts";
import type { TileResponse } from "./tile_protocol.ts";
import type { ParsedTileRequest } from "./tile_request.ts";
import type { TilePoints } from "./tile_points.ts";
import { TileRequestError } from "./tile_request_error.ts";

/** Which kernel the endpoint runs and how much work one request may ask for. */
export interface EvaluateTileOptions {
  /**
   * A precompiled kernel module (an imported `.wasm`: edge runtimes forbid compiling wasm from
   * bytes), or a build of the embedded kernel; default `"auto"` (relaxed SIMD where supported,
   * or the build a request names).
   */
  kernel?: KernelVariant | "auto" | WebAssembly.Module;
  /** The build of `kernel` when it is a module, so requests naming a build can be checked. */
  kernelVariant?: KernelVariant;
  /** The most points x samples x parameters one request may ask for. */
  maxWork: number;
}

function pickKernel(request: ParsedTileRequest, options: Omit<EvaluateTileOptions, "maxWork">) {
  const { kernel = "auto", kernelVariant } = options;
  if (kernel instanceof WebAssembly.Module) {
    if (request.kernel && request.kernel !== kernelVariant) {
      throw new TileRequestError(
        422,
        `kernel: this endpoint runs the ${
          kernelVariant ?? "unnamed"
        } build, the request asks for ${request.kernel}`,
      );
    }
    return { module: kernel, name: kernelVariant ?? "module" as const };
  }
  const wanted = request.kernel ?? selectKernelVariant(kernel);
  if (kernel !== "auto" && wanted !== kernel) {
    throw new TileRequestError(
      422,
      `kernel: this endpoint runs the ${kernel} build, the request asks for ${wanted}`,
    );
  }
  if (wanted !== selectKernelVariant("auto") && wanted === "relaxed-simd") {
    throw new TileRequestError(422, "kernel: this runtime cannot run the relaxed-simd build");
  }
  return { module: wanted, name: wanted };
}

/** A plane ready on an endpoint: tiles of it are evaluated without preparing it again. */
export interface TilePlane {
  /** The grid axes. */
  xcoordinates: number[];
  /** The grid axes; null for 1D. */
  ycoordinates: number[] | null;
  /** Samples the loss is averaged over. */
  samples: number;
  /** Parameters of the model (a tile's work is points x samples x parameters). */
  parameters: number;
  /** Evaluates points of the grid (a checked tile). */
  evaluate(points: TilePoints): TileResponse;
  /** Frees the kernel memory. */
  dispose(): void;
}

/**
 * Prepares a request's plane on the engine (the first layer's products computed once), for
 * this tile and later ones of the same plane.
 *
 * @param request The checked request (`parseTileRequest`).
 * @param options The kernel.
 * @returns The plane.
 * @throws {TileRequestError} 422 when the request asks for a kernel build the endpoint does not
 *   run, or its samples do not fit the model.
 * @example
 * ```ts ignore
 * import { createTilePlane } from "./evaluate_tile.ts";
 * const plane = await createTilePlane(parsed, {});
 * console.log(plane.evaluate(parsed).loss);
 * plane.dispose();
 * ```
 */
export async function createTilePlane(
  request: ParsedTileRequest,
  options: Omit<EvaluateTileOptions, "maxWork">,
): Promise<TilePlane> {
  const { module, name } = pickKernel(request, options);
  const { spec, center, d1, d2, data, xcoordinates, ycoordinates } = request;
  let evaluator: PlaneEvaluator | null;
  try {
    evaluator = await createPlaneEvaluator({ spec, center, d1, d2, data, kernel: module });
  } catch (error) {
    const refused = error instanceof LosscapeError || error instanceof TypeError ||
      error instanceof RangeError;
    if (!refused) throw error;
    throw new TileRequestError(422, `data: ${(error as Error).message}`);
  }
  return {
    xcoordinates,
    ycoordinates,
    samples: data.count,
    parameters: request.parameters,
    evaluate({ indices, alphas, betas }) {
      if (evaluator === null) throw new Error("This TilePlane was disposed");
      const loss = new Float32Array(indices.length);
      const accuracy = new Float32Array(indices.length);
      evaluator.evaluate(alphas, betas, loss, accuracy);
      const finite = (values: Float32Array) =>
        Array.from(loss, (value, i) => Number.isFinite(value) ? values[i] : null);
      return { indices, loss: finite(loss), accuracy: finite(accuracy), kernel: name };
    },
    dispose() {
      evaluator?.dispose();
      evaluator = null;
    },
  };
}

/**
 * Throws when a tile is over the work limit (points x samples x parameters).
 *
 * @param points Points in the tile.
 * @param plane The plane (its samples x parameters).
 * @param maxWork The limit.
 * @throws {TileRequestError} 422 naming `tile` and the product.
 * @example
 * ```ts
 * import { checkTileWork } from "./evaluate_tile.ts";
 * checkTileWork(64, { samples: 100, parameters: 10 }, 1e6); // within the limit
 * ```
 */
export function checkTileWork(
  points: number,
  plane: Pick<TilePlane, "samples" | "parameters">,
  maxWork: number,
): void {
  const work = points * plane.samples * plane.parameters;
  if (work > maxWork) {
    throw new TileRequestError(
      422,
      `tile: ${points} points x ${plane.samples} samples x ${plane.parameters} parameters = ${work}, more than this endpoint's ${maxWork} per request (send smaller tiles or fewer samples)`,
    );
  }
}

/**
 * Evaluates the tile's points: mean loss and accuracy of each, `null` where the loss is not
 * finite, exactly what a local scan computes with the same kernel build.
 *
 * @param request The checked request (`parseTileRequest`).
 * @param options The kernel and the work limit.
 * @returns The response body.
 * @throws {TileRequestError} 422 when the request is over the work limit, asks for a kernel
 *   build the endpoint does not run, or its samples do not fit the model.
 * @example
 * ```ts
 * import { evaluateTile } from "./evaluate_tile.ts";
 * import { parseTileRequest } from "./tile_request.ts";
 * const model = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 2 }] };
 * const zeros = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; // 6 float32 zeros
 * const request = await parseTileRequest({
 *   model, center: zeros, d1: zeros, data: { x: "AACAPwAAAAA=", y: [1], features: 2, classes: 2 },
 *   grid: { xcoordinates: [0] }, tile: { indices: [0] },
 * }, { maxFetchBytes: 0 });
 * const response = await evaluateTile(request, { maxWork: 1e6 });
 * console.log(response.loss[0]?.toFixed(4)); // "0.6931" (= ln 2: all logits zero)
 * ```
 */
export async function evaluateTile(
  request: ParsedTileRequest,
  options: EvaluateTileOptions,
): Promise<TileResponse> {
  checkTileWork(request.indices.length, {
    samples: request.data.count,
    parameters: request.parameters,
  }, options.maxWork);
  const plane = await createTilePlane(request, options);
  try {
    return plane.evaluate(request);
  } finally {
    plane.dispose();
  }
}
