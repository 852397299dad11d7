/**
 * The demo's scan: a square grid over the plane, evaluated one tile (a row of the grid) at a
 * time, so the page can draw the landscape as tiles arrive. Every point is evaluated
 * independently of the others, so the numbers do not depend on the tiling.
 * @module
 */
// A deep path: lib/scan/mod.ts also re-exports the HDF5 writer, whose ~5 MB wasm a page should not load.
import { linspace } from "../../lib/scan/grid.ts";

/** What `scanTiles` evaluates with: a plane evaluator on one thread or on Workers. */
export interface TileEvaluator {
  /** Evaluates points (alphas[i], betas[i]) into loss[offset+i] and accuracy[offset+i]. */
  evaluate(
    alphas: ArrayLike<number>,
    betas: ArrayLike<number> | null,
    loss: Float32Array,
    accuracy: Float32Array,
    offset?: number,
  ): void | Promise<void>;
}

/** A scan in progress or done: values of points not evaluated yet are NaN. */
export interface TiledScan {
  /** The alpha coordinates (columns). */
  xs: number[];
  /** The beta coordinates (rows). */
  ys: number[];
  /** Mean loss, `[ys.length][xs.length]` row-major. */
  loss: Float32Array;
  /** Accuracy, same layout. */
  accuracy: Float32Array;
  /** Tiles (rows) done. */
  tiles: number;
}

/**
 * Scans the grid `linspace(-range, range, size)` squared, row by row.
 *
 * @param evaluator The plane evaluator.
 * @param size Points per axis (>= 2).
 * @param range Half-width of the square, in units of the directions.
 * @param onTile Called after each row with the scan so far (awaited: it may draw).
 * @returns The finished scan.
 * @throws {RangeError} When `size` is not an integer >= 2 or `range` not positive.
 * @example
 * ```ts ignore
 * import { scanTiles } from "./scan_tiles.ts";
 * const scan = await scanTiles(evaluator, 21, 1, (partial) => draw(partial));
 * ```
 */
export async function scanTiles(
  evaluator: TileEvaluator,
  size: number,
  range: number,
  onTile: (scan: TiledScan) => void | Promise<void>,
): Promise<TiledScan> {
  if (!Number.isInteger(size) || size < 2) {
    throw new RangeError(`Grid size must be an integer >= 2: got ${size}`);
  }
  if (!(range > 0) || !Number.isFinite(range)) {
    throw new RangeError(`Range must be a positive number: got ${range}`);
  }
  const xs = linspace(-range, range, size), ys = linspace(-range, range, size);
  const scan: TiledScan = {
    xs,
    ys,
    loss: new Float32Array(size * size).fill(NaN),
    accuracy: new Float32Array(size * size).fill(NaN),
    tiles: 0,
  };
  for (let row = 0; row < ys.length; row++) {
    const betas = new Array<number>(xs.length).fill(ys[row]);
    await evaluator.evaluate(xs, betas, scan.loss, scan.accuracy, row * xs.length);
    scan.tiles++;
    await onTile(scan);
  }
  return scan;
}
