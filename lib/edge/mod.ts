/**
 * Beyond one process: the tile endpoint (a fetch handler for `deno serve` and edge runtimes),
 * its JSON protocol, and the client side that fans a scan out over endpoints (`--remote`).
 * @module
 */
export * from "./tile_protocol.ts";
export * from "./tile_request_error.ts";
export * from "./tile_inputs.ts";
export * from "./tile_points.ts";
export * from "./tile_request.ts";
export * from "./evaluate_tile.ts";
export * from "./plane_cache.ts";
export * from "./answer_tile.ts";
export { createTileHandler, type TileHandler, type TileHandlerOptions } from "./tile_handler.ts";
export * from "./remote_tile.ts";
export * from "./remote_evaluator.ts";
export * from "./remote_endpoints.ts";
