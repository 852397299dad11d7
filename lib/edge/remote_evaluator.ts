/**
 * A plane evaluator whose points are computed by tile endpoints (`--remote`): each call is cut
 * into tiles sent with bounded concurrency; a tile that fails or times out on one endpoint is
 * sent to another. The endpoints run the kernel build this process would run, so the losses are
 * the ones a local scan writes.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import { type KernelVariant, selectKernelVariant } from "../engine/mod.ts";
import { LosscapeError } from "../errors.ts";
import type { ModelSpec } from "../model/spec.ts";
import { encodeFloat32Base64, type TileRequest } from "./tile_protocol.ts";
import { sendTile, type TileFailure } from "./remote_tile.ts";

/** What `createRemotePlaneEvaluator` takes. */
export interface RemotePlaneEvaluatorOptions {
  /** Tile endpoint URLs. */
  endpoints: string[];
  /** The model, centre, directions (d2 null for 1D) and samples. */
  spec: ModelSpec;
  /** Weights at the origin of the plane. */
  center: Float32Array;
  /** Direction of the x axis. */
  d1: Float32Array;
  /** Direction of the y axis; null for 1D. */
  d2: Float32Array | null;
  /** The samples. */
  data: Dataset;
  /** The grid axes the points come from. */
  xcoordinates: number[];
  /** The grid axes; null for 1D. */
  ycoordinates: number[] | null;
  /** Points per request. Default 64. */
  tilePoints?: number;
  /** Requests in flight per endpoint. Default 2. */
  concurrency?: number;
  /** Seconds before a request counts as failed. Default 120. */
  timeoutSeconds?: number;
  /** Tries per tile, over the endpoints. Default endpoints + 2. */
  attempts?: number;
  /** Kernel build the endpoints must run. Default: this process's (`selectKernelVariant`). */
  kernel?: KernelVariant;
  /** The fetch to use (default `globalThis.fetch`). */
  fetch?: typeof fetch;
}

/** Evaluates points on tile endpoints; `evaluate` resolves when every tile has an answer. */
export interface RemotePlaneEvaluator {
  /** Requests in flight at most (endpoints x concurrency). */
  readonly workers: number;
  /** Writes mean loss and accuracy of points (alphas[i], betas[i]) to loss/accuracy[offset + i]. */
  evaluate(
    alphas: ArrayLike<number>,
    betas: ArrayLike<number> | null,
    loss: Float32Array,
    accuracy: Float32Array,
    offset?: number,
  ): Promise<void>;
  /** Cancels requests in flight. */
  dispose(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates an evaluator that sends tiles of a plane to tile endpoints.
 *
 * @param options Endpoints, the plane, the grid, and the fan-out settings.
 * @returns The evaluator.
 * @throws {LosscapeError} From `evaluate`: a tile failed on every try (naming the endpoint and
 *   the tile), or an endpoint refused the request (4xx).
 * @example
 * ```ts ignore
 * import { createRemotePlaneEvaluator } from "./remote_evaluator.ts";
 * const remote = createRemotePlaneEvaluator({ endpoints: ["http://127.0.0.1:8000/"], spec, center,
 *   d1, d2, data, xcoordinates: axis, ycoordinates: axis });
 * await remote.evaluate([0], [0], loss, accuracy);
 * ```
 */
export function createRemotePlaneEvaluator(
  options: RemotePlaneEvaluatorOptions,
): RemotePlaneEvaluator {
  const { endpoints, xcoordinates, ycoordinates, data, tilePoints = 64, concurrency = 2 } = options;
  const { timeoutSeconds = 120, attempts = endpoints.length + 2 } = options;
  const plane: Omit<TileRequest, "tile"> = {
    model: options.spec,
    center: encodeFloat32Base64(options.center),
    d1: encodeFloat32Base64(options.d1),
    d2: options.d2 ? encodeFloat32Base64(options.d2) : null,
    data: {
      x: encodeFloat32Base64(data.x),
      y: Array.from(data.y),
      features: data.features,
      classes: data.classes,
      ...(data.shape ? { shape: data.shape } : {}),
    },
    grid: { xcoordinates, ycoordinates },
    kernel: options.kernel ?? selectKernelVariant("auto"),
  };
  // The plane's JSON is built once; each request appends its tile.
  const head = JSON.stringify(plane).slice(0, -1);
  const columns = new Map(xcoordinates.map((x, i) => [x, i] as const).reverse());
  const rows = new Map((ycoordinates ?? [0]).map((y, j) => [y, j] as const).reverse());
  const health = endpoints.map(() => ({ failures: 0, inFlight: 0 }));
  const slots = endpoints.length * concurrency;
  const aborter = new AbortController();

  // Untried endpoints first, then the healthiest, then the least busy; a tile waits for that
  // endpoint's free slot rather than going to a worse one.
  const waiting: (() => void)[] = [];
  const pick = (tried: Set<number>) => {
    const score = (e: number) =>
      (tried.has(e) ? 1e6 : 0) + health[e].failures * 1e3 + health[e].inFlight;
    return endpoints.reduce((best, _, e) => score(e) < score(best) ? e : best, 0);
  };
  const reserve = async (tried: Set<number>) => {
    let e = pick(tried);
    while (health[e].inFlight >= concurrency) {
      await new Promise<void>((resolve) => waiting.push(resolve));
      e = pick(tried);
    }
    health[e].inFlight++;
    return e;
  };
  const release = (e: number) => {
    health[e].inFlight--;
    for (const wake of waiting.splice(0)) wake();
  };

  // The plane id each endpoint answered with: later tiles there send only the id and the tile.
  const held = new Map<number, string>();
  // The full request an endpoint is answering now: other tiles wait for it, then send the id.
  const priming = new Map<number, Promise<unknown>>();
  const runTile = async (indices: number[]) => {
    const tileJson = `"tile":{"indices":[${indices.join(",")}]}}`;
    const tried = new Set<number>();
    let last: { endpoint: number; failure: TileFailure } | undefined;
    let resent = false;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0 && (last?.failure.busy || tried.size >= endpoints.length)) {
        await sleep(Math.min(2000, 100 * 2 ** attempt));
      }
      const e = await reserve(tried);
      tried.add(e);
      if (!held.has(e) && priming.has(e)) await priming.get(e);
      const id = held.get(e);
      const body = id ? `{"plane":${JSON.stringify(id)},${tileJson}` : `${head},${tileJson}`;
      const sent = sendTile(endpoints[e], body, indices, {
        timeoutMs: timeoutSeconds * 1000,
        signal: aborter.signal,
        fetch: options.fetch,
      }).then((outcome) => {
        if (outcome.ok && outcome.response.plane) held.set(e, outcome.response.plane);
        return outcome;
      }).finally(() => release(e));
      if (!id && !priming.has(e)) {
        const settled = sent.catch(() => {}).finally(() => priming.delete(e));
        priming.set(e, settled);
      }
      const outcome = await sent;
      if (outcome.ok) {
        health[e].failures = Math.max(0, health[e].failures - 1);
        return outcome.response;
      }
      if (outcome.failure.stale && !resent) {
        // The endpoint dropped the plane (restarted, or keeps others now): send it in full once.
        held.delete(e);
        tried.delete(e);
        resent = true;
        attempt--;
        continue;
      }
      last = { endpoint: e, failure: outcome.failure };
      if (!outcome.failure.busy) health[e].failures++;
      if (!outcome.failure.retry) break;
    }
    const where = `--remote ${endpoints[last!.endpoint]}`;
    const tile = `tile of grid points ${indices[0]}..${indices[indices.length - 1]}`;
    const tries = last!.failure.retry ? ` (failed on every try: ${attempts})` : "";
    throw new LosscapeError(`${where}: ${tile}${tries}: ${last!.failure.reason}`);
  };

  return {
    workers: slots,
    async evaluate(alphas, betas, loss, accuracy, offset = 0) {
      const indices = Array.from({ length: alphas.length }, (_, i) => {
        const column = columns.get(alphas[i]);
        const row = rows.get(betas ? betas[i] : 0);
        if (column === undefined || row === undefined) {
          throw new RangeError(`Point (${alphas[i]}, ${betas?.[i]}) is not on the scan's grid`);
        }
        return row * xcoordinates.length + column;
      });
      const tiles: number[][] = [];
      for (let at = 0; at < indices.length; at += tilePoints) {
        tiles.push(indices.slice(at, at + tilePoints));
      }
      let next = 0;
      const position = new Map(indices.map((index, i) => [index, i]));
      const lane = async () => {
        while (next < tiles.length) {
          const response = await runTile(tiles[next++]);
          response.indices.forEach((index, i) => {
            const at = offset + position.get(index)!;
            loss[at] = response.loss[i] ?? NaN;
            accuracy[at] = response.accuracy[i] ?? NaN;
          });
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(slots, tiles.length) }, lane));
      } catch (error) {
        aborter.abort();
        throw error;
      }
    },
    dispose() {
      aborter.abort();
    },
  };
}
