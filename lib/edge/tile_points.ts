/**
 * The points of a tile request: row-major grid indices or a rectangle of index ranges, checked
 * against the grid, with the coordinates of each point.
 * @module
 */
import { describeJson, TileRequestError } from "./tile_request_error.ts";

function range(value: unknown, field: string, size: number): number[] {
  const ok = Array.isArray(value) && value.length === 2 && value.every(Number.isInteger) &&
    0 <= value[0] && value[0] < value[1] && value[1] <= size;
  if (!ok) {
    throw new TileRequestError(
      400,
      `${field}: expected [from, to] with 0 <= from < to <= ${size}, got ${
        JSON.stringify(value)?.slice(0, 60)
      }`,
    );
  }
  const [from, to] = value as number[];
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function tileIndices(tile: unknown, nx: number, ny: number): number[] {
  if (tile === null || typeof tile !== "object" || Array.isArray(tile)) {
    throw new TileRequestError(400, `tile: expected an object, got ${describeJson(tile)}`);
  }
  const { indices, x, y } = tile as Record<string, unknown>;
  if (indices !== undefined) {
    const total = nx * ny;
    if (!Array.isArray(indices) || indices.length < 1) {
      throw new TileRequestError(
        400,
        `tile.indices: expected a non-empty array, got ${describeJson(indices)}`,
      );
    }
    const bad = indices.findIndex((i) => !Number.isInteger(i) || i < 0 || i >= total);
    if (bad >= 0) {
      throw new TileRequestError(
        400,
        `tile.indices[${bad}]: expected an integer grid index in [0, ${total}), got ${
          describeJson(indices[bad])
        }`,
      );
    }
    return indices as number[];
  }
  const columns = range(x, "tile.x", nx);
  const rows = ny === 1 && y === undefined ? [0] : range(y, "tile.y", ny);
  return rows.flatMap((j) => columns.map((i) => j * nx + i));
}

/** A tile's points: grid indices and their coordinates. */
export interface TilePoints {
  /** Row-major grid indices. */
  indices: number[];
  /** Step along d1 of each point. */
  alphas: Float64Array;
  /** Step along d2 of each point; null for 1D. */
  betas: Float64Array | null;
}

/**
 * Checks a request's `tile` against the grid and gives its points.
 *
 * @param tile The `tile` field's JSON value.
 * @param xcoordinates The grid's x axis.
 * @param ycoordinates The grid's y axis; null for 1D.
 * @returns The points.
 * @throws {TileRequestError} 400 naming `tile.*` when it is malformed or off the grid.
 * @example
 * ```ts
 * import { parseTile } from "./tile_points.ts";
 * console.log(parseTile({ x: [0, 2], y: [1, 2] }, [-1, 1], [-1, 1]).indices); // [2, 3]
 * ```
 */
export function parseTile(
  tile: unknown,
  xcoordinates: number[],
  ycoordinates: number[] | null,
): TilePoints {
  const nx = xcoordinates.length;
  const indices = tileIndices(tile, nx, ycoordinates ? ycoordinates.length : 1);
  return {
    indices,
    alphas: Float64Array.from(indices, (index) => xcoordinates[index % nx]),
    betas: ycoordinates
      ? Float64Array.from(indices, (index) => ycoordinates[Math.floor(index / nx)])
      : null,
  };
}
