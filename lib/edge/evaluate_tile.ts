/**
 * Evaluates one checked tile request with the engine: the work behind the tile endpoint, kept a
 * library function so a test or another server can call it without HTTP.
 * @module
 */
import { createPlaneEvaluator, type KernelVariant, selectKernelVariant } from "../engine/mod.ts";
import { LosscapeError } from "../errors.ts";
import type { TileResponse } from "./tile_protocol.ts";
import type { ParsedTileRequest } from "./tile_request.ts";
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

/**
 * Points x samples x parameters of a request: the work limit's measure (the kernel's cost grows
 * with each factor).
 *
 * @param request The checked request.
 * @returns The product.
 * @example
 * ```ts ignore
 * import { tileWork } from "./evaluate_tile.ts";
 * console.log(tileWork(parsed)); // e.g. 64 * 2000 * 101770
 * ```
 */
export function tileWork(request: ParsedTileRequest): number {
  return request.indices.length * request.data.count * request.parameters;
}

function pickKernel(request: ParsedTileRequest, options: EvaluateTileOptions) {
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
  const work = tileWork(request);
  if (work > options.maxWork) {
    throw new TileRequestError(
      422,
      `tile: ${request.indices.length} points x ${request.data.count} samples x ${request.parameters} parameters = ${work}, more than this endpoint's ${options.maxWork} per request (send smaller tiles or fewer samples)`,
    );
  }
  const { module, name } = pickKernel(request, options);
  const { spec, center, d1, d2, data } = request;
  let evaluator;
  try {
    evaluator = await createPlaneEvaluator({ spec, center, d1, d2, data, kernel: module });
  } catch (error) {
    const refused = error instanceof LosscapeError || error instanceof TypeError ||
      error instanceof RangeError;
    if (!refused) throw error;
    throw new TileRequestError(422, `data: ${(error as Error).message}`);
  }
  const count = request.indices.length;
  const loss = new Float32Array(count);
  const accuracy = new Float32Array(count);
  try {
    evaluator.evaluate(request.alphas, request.betas, loss, accuracy);
  } finally {
    evaluator.dispose();
  }
  const finite = (values: Float32Array) =>
    Array.from(loss, (value, i) => Number.isFinite(value) ? values[i] : null);
  return {
    indices: request.indices,
    loss: finite(loss),
    accuracy: finite(accuracy),
    kernel: name,
  };
}
