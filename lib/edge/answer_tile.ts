/**
 * What a tile endpoint does with one parsed JSON body: a full request (the plane and a tile) is
 * checked, evaluated and its plane kept when it is all inline; a short one (`{ "plane": id,
 * "tile": ... }`) is evaluated on the kept plane, or answered 409 when the plane is not held.
 * @module
 */
import type { KernelVariant } from "../engine/mod.ts";
import { checkTileWork, createTilePlane } from "./evaluate_tile.ts";
import type { PlaneCache } from "./plane_cache.ts";
import { planeId } from "./plane_cache.ts";
import type { TileResponse } from "./tile_protocol.ts";
import { parseTile } from "./tile_points.ts";
import type { TileFetchOptions } from "./tile_inputs.ts";
import { parseTileRequest } from "./tile_request.ts";
import { TileRequestError } from "./tile_request_error.ts";

/** Everything `answerTile` needs besides the body. */
export interface AnswerTileContext extends TileFetchOptions {
  /** The kernel: a precompiled module or a build (see `evaluateTile`). */
  kernel?: KernelVariant | "auto" | WebAssembly.Module;
  /** The build of `kernel` when it is a module. */
  kernelVariant?: KernelVariant;
  /** The most points x samples x parameters per request. */
  maxWork: number;
  /** Planes kept between requests. */
  cache: PlaneCache;
}

/**
 * Answers one tile request (full or naming a kept plane).
 *
 * @param body The request's parsed JSON.
 * @param context Kernel, limits, how URLs are fetched, and the kept planes.
 * @returns The response body; with `plane` (its id) when the plane is kept for later requests.
 * @throws {TileRequestError} 409 for a plane id the endpoint does not hold; the refusals of
 *   `parseTileRequest`, `parseTile`, `checkTileWork` and `createTilePlane` otherwise.
 * @example
 * ```ts
 * import { answerTile } from "./answer_tile.ts";
 * import { createPlaneCache } from "./plane_cache.ts";
 * const context = { maxWork: 1e6, maxFetchBytes: 0, cache: createPlaneCache(2) };
 * const model = { kind: "sequential" as const, inputShape: [2], layers: [{ type: "dense" as const, units: 2 }] };
 * const zeros = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; // 6 float32 zeros
 * const data = { x: "AACAPwAAAAA=", y: [1], features: 2, classes: 2 };
 * const grid = { xcoordinates: [0, 1] };
 * const first = await answerTile({ model, center: zeros, d1: zeros, data, grid, tile: { indices: [0] } }, context);
 * const next = await answerTile({ plane: first.plane, tile: { indices: [1] } }, context);
 * console.log(next.indices, next.plane === first.plane); // [1] true
 * ```
 */
export async function answerTile(
  body: unknown,
  context: AnswerTileContext,
): Promise<TileResponse & { plane?: string }> {
  const { cache, maxWork } = context;
  const short = body as { plane?: unknown; model?: unknown; tile?: unknown } | null;
  if (typeof short?.plane === "string" && short.model === undefined) {
    const plane = cache.get(short.plane);
    if (!plane) {
      throw new TileRequestError(
        409,
        `plane: this endpoint does not hold plane ${
          short.plane.slice(0, 16)
        }: send the full request`,
      );
    }
    const points = parseTile(short.tile, plane.xcoordinates, plane.ycoordinates);
    checkTileWork(points.indices.length, plane, maxWork);
    return { ...plane.evaluate(points), plane: short.plane };
  }
  const parsed = await parseTileRequest(body, context);
  checkTileWork(parsed.indices.length, { samples: parsed.data.count, ...parsed }, maxWork);
  const id = cache.capacity > 0 ? await planeId(body as Record<string, unknown>) : null;
  const plane = await createTilePlane(parsed, context);
  const response = plane.evaluate(parsed);
  if (id === null) {
    plane.dispose();
    return response;
  }
  cache.set(id, plane);
  return { ...response, plane: id };
}
