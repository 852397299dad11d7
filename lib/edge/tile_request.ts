/**
 * Checks a tile request field by field and turns it into what the engine takes: the resolved
 * model, the vectors, the samples and the tile's points. Every refusal names the field.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import type { KernelVariant } from "../engine/core.ts";
import { KERNEL_VARIANTS } from "../engine/core.ts";
import { modelLayout } from "../model/model_layout.ts";
import { resolveModel } from "../model/resolve.ts";
import type { ModelSpec } from "../model/spec.ts";
import { LosscapeError } from "../errors.ts";
import { readTileData, readTileVector, type TileFetchOptions } from "./tile_inputs.ts";
import { describeJson, TileRequestError } from "./tile_request_error.ts";
import { parseTile } from "./tile_points.ts";

/** A checked tile request, ready for the engine. */
export interface ParsedTileRequest {
  /** The model. */
  spec: ModelSpec;
  /** Parameters of the model. */
  parameters: number;
  /** Centre and directions, each `parameters` long; `d2` null for 1D. */
  center: Float32Array;
  /** Direction of the x axis. */
  d1: Float32Array;
  /** Direction of the y axis, or null. */
  d2: Float32Array | null;
  /** The samples. */
  data: Dataset;
  /** The grid axes. */
  xcoordinates: number[];
  /** The grid axes; null for 1D. */
  ycoordinates: number[] | null;
  /** Row-major grid indices of the tile's points. */
  indices: number[];
  /** Step along d1 of each point. */
  alphas: Float64Array;
  /** Step along d2 of each point; null for 1D. */
  betas: Float64Array | null;
  /** The kernel build asked for, if any. */
  kernel?: KernelVariant;
}

function numbers(value: unknown, field: string): number[] {
  if (!Array.isArray(value) || value.length < 1 || !value.every(Number.isFinite)) {
    throw new TileRequestError(
      400,
      `${field}: expected a non-empty array of finite numbers, got ${describeJson(value)}`,
    );
  }
  return value as number[];
}

/**
 * Checks a parsed JSON tile request and reads its inputs (fetching those given by URL).
 *
 * @param body The request's JSON value.
 * @param options How URLs are fetched and how large a fetched file may be.
 * @returns The request, ready for the engine.
 * @throws {TileRequestError} 400 naming a malformed field, 413/422 for inputs that cannot be
 *   used (a model the engine refuses, vectors of the wrong length, a URL that fails).
 * @example
 * ```ts
 * import { parseTileRequest } from "./tile_request.ts";
 * const model = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 2 }] };
 * const zeros = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; // 6 float32 zeros (2x2 kernel + 2 biases)
 * const parsed = await parseTileRequest({
 *   model, center: zeros, d1: zeros, data: { x: "AACAPwAAAAA=", y: [1], features: 2, classes: 2 },
 *   grid: { xcoordinates: [-1, 0, 1] }, tile: { x: [1, 3] },
 * }, { maxFetchBytes: 0 });
 * console.log(parsed.indices, parsed.alphas); // [1, 2] Float64Array [0, 1]
 * ```
 */
export async function parseTileRequest(
  body: unknown,
  options: TileFetchOptions,
): Promise<ParsedTileRequest> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new TileRequestError(400, `request: expected a JSON object, got ${describeJson(body)}`);
  }
  const request = body as Record<string, unknown>;
  const { model, grid, kernel } = request;
  if (model === null || typeof model !== "object" || Array.isArray(model)) {
    throw new TileRequestError(
      400,
      `model: expected a model spec object, got ${describeJson(model)}`,
    );
  }
  let parameters: number;
  try {
    parameters = modelLayout(resolveModel(model as ModelSpec)).size;
  } catch (error) {
    if (!(error instanceof LosscapeError)) throw error;
    throw new TileRequestError(422, error.message.replace(/^(model: )?/, "model: "));
  }
  if (kernel !== undefined && !KERNEL_VARIANTS.includes(kernel as KernelVariant)) {
    throw new TileRequestError(
      400,
      `kernel: expected one of ${KERNEL_VARIANTS.join(", ")}, got ${describeJson(kernel)}`,
    );
  }
  if (grid === null || typeof grid !== "object") {
    throw new TileRequestError(400, `grid: expected an object, got ${describeJson(grid)}`);
  }
  const { xcoordinates, ycoordinates } = grid as Record<string, unknown>;
  const xs = numbers(xcoordinates, "grid.xcoordinates");
  const ys = ycoordinates == null ? null : numbers(ycoordinates, "grid.ycoordinates");
  const points = parseTile(request.tile, xs, ys);
  if ((request.d2 == null) !== (ys === null)) {
    throw new TileRequestError(
      400,
      ys
        ? "d2: expected a second direction for a 2D grid, got none"
        : "d2: expected none for a 1D grid (no grid.ycoordinates)",
    );
  }
  const vector = async (field: "center" | "d1" | "d2") => {
    const values = await readTileVector(request[field], field, options);
    if (values.length !== parameters) {
      throw new TileRequestError(
        422,
        `${field}: expected ${parameters} float32 values (the model's parameters), got ${values.length}`,
      );
    }
    return values;
  };
  const [center, d1, d2, data] = await Promise.all([
    vector("center"),
    vector("d1"),
    ys ? vector("d2") : null,
    readTileData(request.data, options),
  ]);
  return {
    spec: model as ModelSpec,
    parameters,
    center,
    d1,
    d2,
    data,
    xcoordinates: xs,
    ycoordinates: ys,
    ...points,
    ...(kernel ? { kernel: kernel as KernelVariant } : {}),
  };
}
