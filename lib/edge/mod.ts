/**
 * Beyond one process: the tile endpoint (a fetch handler for `deno serve` and edge runtimes),
 * its JSON protocol, and the client side that fans a scan out over endpoints (`--remote`).
 * @module
 */
export {
  decodeFloat32Base64,
  encodeFloat32Base64,
  type TileData,
  type TileError,
  type TileReference,
  type TileRequest,
  type TileResponse,
  type TileVector,
} from "./tile_protocol.ts";
export { describeJson, TileRequestError } from "./tile_request_error.ts";
export { readTileData, readTileVector, type TileFetchOptions } from "./tile_inputs.ts";
export { parseTile, type TilePoints } from "./tile_points.ts";
export { type ParsedTileRequest, parseTileRequest } from "./tile_request.ts";
export {
  checkTileWork,
  createTilePlane,
  evaluateTile,
  type EvaluateTileOptions,
  type TilePlane,
} from "./evaluate_tile.ts";
export { createPlaneCache, type PlaneCache, planeId } from "./plane_cache.ts";
export { answerTile, type AnswerTileContext } from "./answer_tile.ts";
export { createTileHandler, type TileHandler, type TileHandlerOptions } from "./tile_handler.ts";
export { sendTile, type TileFailure, type TileOutcome } from "./remote_tile.ts";
export {
  createRemotePlaneEvaluator,
  type RemotePlaneEvaluator,
  type RemotePlaneEvaluatorOptions,
} from "./remote_evaluator.ts";
export { remoteEndpoints } from "./remote_endpoints.ts";
