/**
 * Scans a grid over a plane (or a line) tile by tile, with resume: points
 * already done are skipped.
 * @module
 */
import type { Landscape } from "./landscape.ts";

/** What the scan needs from an engine: evaluate a tile of (alpha, beta) points. */
export interface TileEvaluator {
  /** Writes mean loss and accuracy of points (alphas[i], betas[i]) to loss/accuracy[offset + i]. */
  evaluate(
    alphas: ArrayLike<number>,
    betas: ArrayLike<number> | null,
    loss: Float32Array,
    accuracy: Float32Array,
    offset?: number,
  ): void | Promise<void>;
}

/** Options for {@linkcode scanPlane}. */
export interface ScanOptions {
  /** The engine bound to a centre and directions, on the samples of `split`. */
  evaluator: TileEvaluator;
  /** More splits to evaluate at every point (e.g. the test set), each with its own engine. */
  extraSplits?: { split: string; evaluator: TileEvaluator }[];
  /** Name of the plane, e.g. `"random"`. */
  plane: string;
  /** Steps along direction 1. */
  xcoordinates: number[];
  /** Steps along direction 2; `null` for a 1D scan. */
  ycoordinates: number[] | null;
  /** Axis labels. */
  xlabel?: string;
  /** Axis labels. */
  ylabel?: string;
  /** Split the evaluation samples come from; prefixes metric names. Default `"train"`. */
  split?: string;
  /** Grid points per engine call. Default 64. */
  tilePoints?: number;
  /**
   * Tiles handed to the evaluator before the first of them is back. Default 1. With 2, Workers
   * start the next tile while this thread stores the last one's results and reports progress;
   * results are stored and `onTile` called in tile order all the same.
   */
  tilesInFlight?: number;
  /** An interrupted scan of the same grid to continue: its metrics and done mask (1 = done). */
  resume?: { landscape: Landscape; done: Uint8Array };
  /** Points left to other processes (1 = skip; a shard's share, see ./shard.ts): stay not done. */
  skip?: Uint8Array;
  /** Called after each tile with the points done so far, the total, and the live state. */
  onTile?: (done: number, total: number, state: ScanState) => void | Promise<void>;
}

/** A scan in progress or finished. */
export interface ScanState {
  /** The grids (NaN where not done or not finite). */
  landscape: Landscape;
  /** 1 where the point is done, row-major like the grids. */
  done: Uint8Array;
}

/**
 * Evaluates loss and accuracy at every grid point not yet done.
 *
 * @param options Engine, axes, tiling and resume state.
 * @returns The finished landscape and its done mask.
 * @throws {RangeError} When a resume state does not match the grid.
 * @example
 * ```ts
 * import { scanPlane } from "./scan_plane.ts";
 * const evaluator = {
 *   evaluate(a: ArrayLike<number>, b: ArrayLike<number> | null, loss: Float32Array, acc: Float32Array, offset = 0) {
 *     for (let i = 0; i < a.length; i++) { loss[offset + i] = a[i] ** 2 + (b ? b[i] ** 2 : 0); acc[offset + i] = 1; }
 *   },
 * };
 * const { landscape } = await scanPlane({ evaluator, plane: "demo", xcoordinates: [-1, 0, 1], ycoordinates: [0, 1] });
 * console.log(landscape.metrics.train_loss); // Float32Array [1, 0, 1, 2, 1, 2]
 * ```
 */
export async function scanPlane(options: ScanOptions): Promise<ScanState> {
  const {
    evaluator,
    plane,
    xcoordinates,
    ycoordinates,
    xlabel = "direction 1",
    ylabel = ycoordinates ? "direction 2" : "",
    split = "train",
    tilePoints = 64,
    tilesInFlight = 1,
    resume,
    onTile,
  } = options;
  const nx = xcoordinates.length;
  const ny = ycoordinates ? ycoordinates.length : 1;
  const total = nx * ny;
  const grids = [{ split, evaluator }, ...(options.extraSplits ?? [])].map((target) => ({
    ...target,
    loss: new Float32Array(total).fill(NaN),
    accuracy: new Float32Array(total).fill(NaN),
  }));
  let done = new Uint8Array(total);
  if (resume) {
    const previous = resume.landscape;
    const sameGrid = JSON.stringify(previous.xcoordinates) === JSON.stringify(xcoordinates) &&
      JSON.stringify(previous.ycoordinates) === JSON.stringify(ycoordinates);
    const sameSplits = grids.every((grid) => previous.metrics[`${grid.split}_loss`]);
    if (!sameGrid || resume.done.length !== total || !sameSplits) {
      throw new RangeError(
        `Cannot resume plane "${plane}": the saved scan has a different grid or other splits`,
      );
    }
    for (const grid of grids) {
      grid.loss = Float32Array.from(previous.metrics[`${grid.split}_loss`]);
      grid.accuracy = Float32Array.from(previous.metrics[`${grid.split}_acc`]);
    }
    done = Uint8Array.from(resume.done);
  }
  const metrics: Record<string, Float32Array> = {};
  for (const grid of grids) {
    metrics[`${grid.split}_loss`] = grid.loss;
    metrics[`${grid.split}_acc`] = grid.accuracy;
  }
  const landscape: Landscape = { plane, xcoordinates, ycoordinates, xlabel, ylabel, metrics };
  const state = { landscape, done };
  const pending: number[] = [];
  const skip = options.skip;
  for (let index = 0; index < total; index++) {
    if (!done[index] && !skip?.[index]) pending.push(index);
  }
  let finished = total - pending.length;
  const tiles: number[][] = [];
  for (let start = 0; start < pending.length; start += tilePoints) {
    tiles.push(pending.slice(start, start + tilePoints));
  }
  const evaluateTile = async (tile: number[]) => {
    const alphas = Float64Array.from(tile, (index) => xcoordinates[index % nx]);
    const betas = ycoordinates
      ? Float64Array.from(tile, (index) => ycoordinates[Math.floor(index / nx)])
      : null;
    const results = [];
    for (const grid of grids) {
      const loss = new Float32Array(tile.length), accuracy = new Float32Array(tile.length);
      await grid.evaluator.evaluate(alphas, betas, loss, accuracy, 0);
      results.push({ loss, accuracy });
    }
    return results;
  };
  const launch = (k: number) => {
    const results = evaluateTile(tiles[k]);
    results.catch(() => {}); // awaited in order below; a later tile may fail while one is awaited
    return results;
  };
  const running = tiles.slice(0, tilesInFlight).map((_, k) => launch(k));
  for (let k = 0; k < tiles.length; k++) {
    const results = await running.shift()!;
    if (k + tilesInFlight < tiles.length) running.push(launch(k + tilesInFlight));
    const tile = tiles[k];
    grids.forEach((grid, g) => {
      const { loss, accuracy } = results[g];
      tile.forEach((index, i) => {
        const finite = Number.isFinite(loss[i]);
        grid.loss[index] = finite ? loss[i] : NaN;
        grid.accuracy[index] = finite ? accuracy[i] : NaN;
      });
    });
    for (const index of tile) done[index] = 1;
    finished += tile.length;
    await onTile?.(finished, total, state);
  }
  return state;
}
